import { createHash } from 'node:crypto';
import {
  CreateLoadBalancerCommand,
  CreateLoadBalancerPolicyCommand,
  ModifyLoadBalancerAttributesCommand,
  SetLoadBalancerPoliciesOfListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import { UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { CLASSIC_LOAD_BALANCER_TYPE } from '#shared/resources/elb';
import { importCertificate, selfSignedCertificate } from './certificates';
import type { PairSeeder } from './pair';

/** A short name unique to a seeding run: ELB names stop at 32 characters, and `suffix` may be long. */
export function shortName(role: string, suffix: string): string {
  return `${role}-${createHash('sha256').update(suffix).digest('hex').slice(0, 10)}`;
}

const TLS_POLICY = 'ELBSecurityPolicy-TLS-1-2-2017-01';

/**
 * A Classic Load Balancer with a plaintext HTTP listener, an HTTPS listener on a certificate uploaded to IAM
 * with no security policy chosen, access logs and cross-zone balancing off (fails
 * `elb-tls-https-listeners-only`, `elb-logging-enabled`, `elb-acm-certificate-required`,
 * `elb-predefined-security-policy-ssl-check` and `elb-cross-zone-load-balancing-enabled`) beside one with
 * only an HTTPS listener (an imported ACM certificate, the TLS 1.2 predefined policy) that delivers access
 * logs to S3 and balances across zones.
 */
export const CLASSIC_LOAD_BALANCER_SEEDER: PairSeeder = {
  resourceType: CLASSIC_LOAD_BALANCER_TYPE,
  async seed(clients, { region, suffix }) {
    const elb = await clients.client('elb');
    const acm = await clients.client('acm');
    const plaintext = shortName('vigil-clb-http', suffix);
    const tls = shortName('vigil-clb-tls', suffix);
    const bucket = shortName('vigil-elb-logs', suffix);
    const certificate = await importCertificate(acm, `${tls}.example.com`, 400);
    const iamCertificateName = `${plaintext}-legacy`;
    const uploaded = selfSignedCertificate(`${plaintext}.example.com`, 400);
    const iamCertificate = await (await clients.client('iam')).send(
      new UploadServerCertificateCommand({
        ServerCertificateName: iamCertificateName,
        CertificateBody: uploaded.certificate,
        PrivateKey: uploaded.privateKey,
      }),
    );
    const iamCertificateArn = iamCertificate.ServerCertificateMetadata?.Arn;
    if (iamCertificateArn === undefined) throw new Error(`IAM stored no certificate ${iamCertificateName}`);
    const httpListener = {
      Protocol: 'HTTP',
      LoadBalancerPort: 80,
      InstanceProtocol: 'HTTP',
      InstancePort: 8080,
    };
    const httpsListener = {
      ...httpListener,
      Protocol: 'HTTPS',
      LoadBalancerPort: 443,
      SSLCertificateId: certificate.arn,
    };
    const legacyHttpsListener = { ...httpsListener, SSLCertificateId: iamCertificateArn };
    const zones = [`${region}a`];
    const created = await elb.send(
      new CreateLoadBalancerCommand({
        LoadBalancerName: plaintext,
        Listeners: [httpListener, legacyHttpsListener],
        AvailabilityZones: zones,
      }),
    );
    const createdTls = await elb.send(
      new CreateLoadBalancerCommand({
        LoadBalancerName: tls,
        Listeners: [httpsListener],
        AvailabilityZones: zones,
      }),
    );
    const accessLog = { Enabled: true, S3BucketName: bucket, S3BucketPrefix: tls, EmitInterval: 60 };
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerName: tls,
        LoadBalancerAttributes: { AccessLog: accessLog, CrossZoneLoadBalancing: { Enabled: true } },
      }),
    );
    const policyAttributes = [{ AttributeName: 'Reference-Security-Policy', AttributeValue: TLS_POLICY }];
    await elb.send(
      new CreateLoadBalancerPolicyCommand({
        LoadBalancerName: tls,
        PolicyName: TLS_POLICY,
        PolicyTypeName: 'SSLNegotiationPolicyType',
        PolicyAttributes: policyAttributes,
      }),
    );
    await elb.send(
      new SetLoadBalancerPoliciesOfListenerCommand({
        LoadBalancerName: tls,
        LoadBalancerPort: 443,
        PolicyNames: [TLS_POLICY],
      }),
    );
    // CloudTrail logs classic (2012-06-01 API) parameters in lower camel case.
    const listener = (entry: typeof httpListener & { SSLCertificateId?: string }) => ({
      protocol: entry.Protocol,
      loadBalancerPort: entry.LoadBalancerPort,
      instanceProtocol: entry.InstanceProtocol,
      instancePort: entry.InstancePort,
      ...(entry.SSLCertificateId === undefined ? {} : { sSLCertificateId: entry.SSLCertificateId }),
    });
    return {
      misconfigured: { resourceType: CLASSIC_LOAD_BALANCER_TYPE, resourceId: plaintext },
      compliant: { resourceType: CLASSIC_LOAD_BALANCER_TYPE, resourceId: tls },
      failingRules: [
        'elb-tls-https-listeners-only',
        'elb-logging-enabled',
        'elb-acm-certificate-required',
        'elb-predefined-security-policy-ssl-check',
        'elb-cross-zone-load-balancing-enabled',
      ],
      events: [
        {
          eventSource: 'iam.amazonaws.com',
          eventName: 'UploadServerCertificate',
          requestParameters: {
            serverCertificateName: iamCertificateName,
            privateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS',
          },
          responseElements: { serverCertificateMetadata: { arn: iamCertificateArn } },
        },
        {
          eventSource: 'acm.amazonaws.com',
          eventName: 'ImportCertificate',
          requestParameters: { privateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
          responseElements: { certificateArn: certificate.arn },
        },
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventName: 'CreateLoadBalancer',
          requestParameters: {
            loadBalancerName: plaintext,
            listeners: [listener(httpListener), listener(legacyHttpsListener)],
            availabilityZones: zones,
          },
          responseElements: { dNSName: created.DNSName ?? `${plaintext}.${region}.elb.amazonaws.com` },
        },
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventName: 'CreateLoadBalancer',
          requestParameters: {
            loadBalancerName: tls,
            listeners: [listener(httpsListener)],
            availabilityZones: zones,
          },
          responseElements: { dNSName: createdTls.DNSName ?? `${tls}.${region}.elb.amazonaws.com` },
        },
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventName: 'ModifyLoadBalancerAttributes',
          requestParameters: {
            loadBalancerName: tls,
            loadBalancerAttributes: {
              accessLog: { enabled: true, s3BucketName: bucket, s3BucketPrefix: tls, emitInterval: 60 },
              crossZoneLoadBalancing: { enabled: true },
            },
          },
          responseElements: { loadBalancerName: tls },
        },
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventName: 'CreateLoadBalancerPolicy',
          requestParameters: {
            loadBalancerName: tls,
            policyName: TLS_POLICY,
            policyTypeName: 'SSLNegotiationPolicyType',
            policyAttributes: [{ attributeName: 'Reference-Security-Policy', attributeValue: TLS_POLICY }],
          },
          responseElements: null,
        },
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventName: 'SetLoadBalancerPoliciesOfListener',
          requestParameters: { loadBalancerName: tls, loadBalancerPort: 443, policyNames: [TLS_POLICY] },
          responseElements: null,
        },
      ],
      motoGaps: [
        `moto leaves an HTTPS listener created without a policy with none, where ELB gives it its default ` +
          `security policy (ELBSecurityPolicy-2016-08); either fails elb-predefined-security-policy-ssl-check.`,
        `moto reports each classic listener's InstanceProtocol as its front-end protocol (no rule reads it); ` +
          `it accepts access logs to a bucket that does not exist (${bucket}) where ELB checks the bucket policy.`,
      ],
    };
  },
};
