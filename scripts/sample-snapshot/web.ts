import { ACCOUNT_ID, configurationItem, type RawConfigurationItem } from './envelope';
import { PROD_VPC } from './network';

const CERTIFICATE_ID = '0d4c2a1e-7b9f-4e36-8a51-3c2d1e0f9a8b';
const CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT_ID}:certificate/${CERTIFICATE_ID}`;
const ALB_SG = 'sg-0c2d4e6f8a0b1c3d5';
const PUBLIC_SUBNETS = ['subnet-0a1b2c3d4e5f60789', 'subnet-0b2c3d4e5f6a70891'];
const LOG_BUCKET = `acme-elb-logs-${ACCOUNT_ID}`;

/** A Classic Load Balancer serving plain HTTP with access logs off. */
function classicLoadBalancer(): RawConfigurationItem {
  const name = 'legacy-web';
  return configurationItem({
    resourceType: 'AWS::ElasticLoadBalancing::LoadBalancer',
    resourceId: name,
    resourceName: name,
    arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:loadbalancer/${name}`,
    captureTime: '2026-11-17T12:30:08.774Z',
    createdAt: '2019-04-02T10:11:45.300Z',
    relationships: [
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: ALB_SG,
        name: 'Is associated with SecurityGroup',
      },
      { resourceType: 'AWS::EC2::VPC', resourceId: PROD_VPC, name: 'Is attached to Vpc' },
    ],
    configuration: {
      loadBalancerName: name,
      dnsname: `${name}-1234567890.us-east-1.elb.amazonaws.com`,
      canonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
      listenerDescriptions: [
        {
          listener: { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080 },
          policyNames: [],
        },
        {
          listener: {
            protocol: 'HTTPS',
            loadBalancerPort: 443,
            instanceProtocol: 'HTTP',
            instancePort: 8080,
            sslcertificateId: CERTIFICATE_ARN,
          },
          policyNames: ['ELBSecurityPolicy-TLS-1-2-2017-01'],
        },
      ],
      backendServerDescriptions: [],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      subnets: PUBLIC_SUBNETS,
      vpcid: PROD_VPC,
      instances: [{ instanceId: 'i-07e1d2c3b4a596870' }],
      healthCheck: {
        target: 'HTTP:8080/health',
        interval: 30,
        timeout: 5,
        unhealthyThreshold: 2,
        healthyThreshold: 10,
      },
      securityGroups: [ALB_SG],
      createdTime: '2019-04-02T10:11:45.300Z',
      scheme: 'internet-facing',
    },
    supplementaryConfiguration: {
      LoadBalancerAttributes: {
        crossZoneLoadBalancing: { enabled: true },
        accessLog: { enabled: false },
        connectionDraining: { enabled: true, timeout: 300 },
        connectionSettings: { idleTimeout: 60 },
      },
    },
  });
}

function applicationLoadBalancer(options: {
  name: string;
  id: string;
  logs: boolean;
  httpAction: 'redirect' | 'forward';
  createdAt: string;
  /** The regional WAF web ACL in front of it (GetWebACLForResource), `null` when none is. */
  webAcl: string | null;
}): RawConfigurationItem[] {
  const arn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:loadbalancer/app/${options.name}/${options.id}`;
  const targetGroup = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:targetgroup/${options.name}/6d0ecf831eec9f09`;
  const forward = {
    Type: 'forward',
    Order: 1,
    TargetGroupArn: targetGroup,
    ForwardConfig: {
      TargetGroups: [{ TargetGroupArn: targetGroup, Weight: 1 }],
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
  const listener = (suffix: string, port: number, configuration: Record<string, unknown>) => {
    const listenerArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:listener/app/${options.name}/${options.id}/${suffix}`;
    return configurationItem({
      resourceType: 'AWS::ElasticLoadBalancingV2::Listener',
      resourceId: listenerArn,
      arn: listenerArn,
      captureTime: '2026-11-18T08:14:51.006Z',
      createdAt: null,
      configuration: { ListenerArn: listenerArn, LoadBalancerArn: arn, Port: port, ...configuration },
    });
  };
  return [
    configurationItem({
      resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      resourceId: arn,
      resourceName: options.name,
      arn,
      captureTime: '2026-11-18T08:14:50.112Z',
      createdAt: options.createdAt,
      relationships: [
        {
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: ALB_SG,
          name: 'Is associated with SecurityGroup',
        },
        { resourceType: 'AWS::EC2::VPC', resourceId: PROD_VPC, name: 'Is contained in Vpc' },
      ],
      configuration: {
        loadBalancerArn: arn,
        dNSName: `${options.name}-${options.id.slice(0, 9)}.elb.us-east-1.amazonaws.com`,
        canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
        createdTime: options.createdAt,
        loadBalancerName: options.name,
        scheme: 'internet-facing',
        vpcId: PROD_VPC,
        state: { code: 'active' },
        type: 'application',
        availabilityZones: PUBLIC_SUBNETS.map((subnetId, index) => ({
          zoneName: index === 0 ? 'us-east-1a' : 'us-east-1b',
          subnetId,
          loadBalancerAddresses: [],
        })),
        ipAddressType: 'ipv4',
        securityGroups: [ALB_SG],
      },
      supplementaryConfiguration: {
        LoadBalancerAttributes: [
          { key: 'access_logs.s3.enabled', value: String(options.logs) },
          { key: 'access_logs.s3.bucket', value: options.logs ? LOG_BUCKET : '' },
          { key: 'access_logs.s3.prefix', value: options.logs ? options.name : '' },
          { key: 'deletion_protection.enabled', value: 'true' },
          { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
        ],
        WebACLArn: options.webAcl,
      },
    }),
    listener('f2f7dc8efc522ab2', 80, {
      Protocol: 'HTTP',
      DefaultActions: [
        options.httpAction === 'redirect'
          ? {
              Type: 'redirect',
              Order: 1,
              RedirectConfig: {
                Protocol: 'HTTPS',
                Port: '443',
                Host: '#{host}',
                Path: '/#{path}',
                Query: '#{query}',
                StatusCode: 'HTTP_301',
              },
            }
          : forward,
      ],
    }),
    listener('0467ef3c8400ae65', 443, {
      Protocol: 'HTTPS',
      DefaultActions: [forward],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
    }),
  ];
}

function apiStage(options: {
  apiId: string;
  stage: string;
  clientCertificateId?: string;
}): RawConfigurationItem {
  const arn = `arn:aws:apigateway:us-east-1::/restapis/${options.apiId}/stages/${options.stage}`;
  return configurationItem({
    resourceType: 'AWS::ApiGateway::Stage',
    resourceId: arn,
    resourceName: options.stage,
    arn,
    captureTime: '2026-11-19T17:25:03.441Z',
    createdAt: '2025-08-11T10:14:22.000Z',
    relationships: [
      {
        resourceType: 'AWS::ApiGateway::RestApi',
        resourceId: options.apiId,
        name: 'Is contained in RestApi',
      },
    ],
    configuration: {
      deploymentId: 'k2j9x1',
      stageName: options.stage,
      description: `${options.stage} stage`,
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      tracingEnabled: true,
      // prod logs every method; beta was left without execution logging.
      methodSettings:
        options.clientCertificateId === undefined
          ? {}
          : {
              '*/*': {
                metricsEnabled: true,
                loggingLevel: 'ERROR',
                dataTraceEnabled: false,
                throttlingBurstLimit: 5000,
                throttlingRateLimit: 10000,
                cachingEnabled: false,
              },
            },
      accessLogSettings: {
        destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:/aws/apigateway/${options.apiId}/${options.stage}`,
        format:
          '$context.requestId $context.identity.sourceIp $context.httpMethod $context.resourcePath $context.status',
      },
      createdDate: '2025-08-11T10:14:22.000Z',
      lastUpdatedDate: '2026-11-19T17:24:58.000Z',
      ...(options.clientCertificateId === undefined
        ? {}
        : { clientCertificateId: options.clientCertificateId }),
    },
  });
}

function lambdaFunction(options: { name: string; policy?: Record<string, unknown> }): RawConfigurationItem {
  const arn = `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${options.name}`;
  return configurationItem({
    resourceType: 'AWS::Lambda::Function',
    resourceId: options.name,
    resourceName: options.name,
    arn,
    captureTime: '2026-11-19T20:44:02.877Z',
    createdAt: null,
    relationships: [
      {
        resourceType: 'AWS::IAM::Role',
        resourceName: `${options.name}-role`,
        name: 'Is associated with Role',
      },
    ],
    configuration: {
      functionName: options.name,
      functionArn: arn,
      runtime: 'nodejs22.x',
      role: `arn:aws:iam::${ACCOUNT_ID}:role/${options.name}-role`,
      handler: 'index.handler',
      codeSize: 482113,
      timeout: 30,
      memorySize: 512,
      lastModified: '2026-11-19T20:43:58.511+0000',
      version: '$LATEST',
      tracingConfig: { mode: 'Active' },
      state: 'Active',
      lastUpdateStatus: 'Successful',
      packageType: 'Zip',
      architectures: ['arm64'],
      loggingConfig: { logFormat: 'JSON', logGroup: `/aws/lambda/${options.name}` },
    },
    // Config records the resource policy as a JSON string under `Policy`.
    supplementaryConfiguration:
      options.policy === undefined ? {} : { Policy: JSON.stringify(options.policy) },
  });
}

function certificate(options: {
  id: string;
  domain: string;
  type: 'AMAZON_ISSUED' | 'IMPORTED';
  notBefore: string;
  notAfter: string;
  inUseBy: readonly string[];
}): RawConfigurationItem {
  const arn = `arn:aws:acm:us-east-1:${ACCOUNT_ID}:certificate/${options.id}`;
  return configurationItem({
    resourceType: 'AWS::ACM::Certificate',
    resourceId: arn,
    resourceName: options.domain,
    arn,
    captureTime: '2026-11-20T00:12:40.090Z',
    createdAt: options.notBefore,
    configuration: {
      certificateArn: arn,
      domainName: options.domain,
      subjectAlternativeNames: [options.domain, `*.${options.domain}`],
      subject: `CN=${options.domain}`,
      issuer: options.type === 'AMAZON_ISSUED' ? 'Amazon' : 'Example Issuing CA G2',
      status: 'ISSUED',
      keyAlgorithm: 'RSA-2048',
      signatureAlgorithm: 'SHA256WITHRSA',
      inUseBy: options.inUseBy,
      type: options.type,
      renewalEligibility: options.type === 'AMAZON_ISSUED' ? 'ELIGIBLE' : 'INELIGIBLE',
      notBefore: options.notBefore,
      notAfter: options.notAfter,
    },
  });
}

/** Load balancers and their listeners, API Gateway stages, Lambda functions and ACM certificates. */
export function webResources(): RawConfigurationItem[] {
  const paymentsFunction = `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:payments-api`;
  return [
    classicLoadBalancer(),
    ...applicationLoadBalancer({
      name: 'payments-web',
      id: '50dc6c495c0c9188',
      logs: true,
      httpAction: 'redirect',
      createdAt: '2025-02-03T11:45:09.120Z',
      webAcl: `arn:aws:wafv2:us-east-1:${ACCOUNT_ID}:regional/webacl/payments-edge/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b`,
    }),
    ...applicationLoadBalancer({
      name: 'marketing-site',
      id: '7a1e3c5b9d2f4e60',
      logs: false,
      httpAction: 'forward',
      createdAt: '2023-05-22T15:02:47.561Z',
      webAcl: null,
    }),
    apiStage({ apiId: 'a1b2c3d4e5', stage: 'prod', clientCertificateId: 'q7w8e9' }),
    apiStage({ apiId: 'f6g7h8i9j0', stage: 'beta' }),
    lambdaFunction({
      name: 'payments-api',
      policy: {
        Version: '2012-10-17',
        Id: 'default',
        Statement: [
          {
            Sid: 'AllowPaymentsApiGateway',
            Effect: 'Allow',
            Principal: { Service: 'apigateway.amazonaws.com' },
            Action: 'lambda:InvokeFunction',
            Resource: paymentsFunction,
            Condition: {
              ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT_ID}:a1b2c3d4e5/*` },
            },
          },
        ],
      },
    }),
    lambdaFunction({
      name: 'pricing-preview',
      policy: {
        Version: '2012-10-17',
        Id: 'default',
        Statement: [
          {
            Sid: 'AllowEveryone',
            Effect: 'Allow',
            Principal: '*',
            Action: 'lambda:InvokeFunction',
            Resource: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:pricing-preview`,
          },
        ],
      },
    }),
    certificate({
      id: CERTIFICATE_ID,
      domain: 'payments.acme-example.com',
      type: 'AMAZON_ISSUED',
      notBefore: '2026-10-01T00:00:00.000Z',
      notAfter: '2027-10-30T23:59:59.000Z',
      inUseBy: [
        `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:loadbalancer/app/payments-web/50dc6c495c0c9188`,
      ],
    }),
    certificate({
      id: '7e1f3a5c-2b4d-46e8-9a0c-1d3f5b7d9e2a',
      domain: 'legacy.acme-example.com',
      type: 'IMPORTED',
      notBefore: '2024-11-01T00:00:00.000Z',
      notAfter: '2025-11-01T23:59:59.000Z',
      inUseBy: [`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:loadbalancer/legacy-web`],
    }),
  ];
}
