import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  describeClassicLoadBalancer,
  listClassicLoadBalancers,
} from '#shared/describe/classic-load-balancer/describe';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { CLASSIC_LOAD_BALANCER_TYPE } from '#shared/resources/elb';
import { elbLoggingEnabled } from '#shared/rules/elb/elb-logging-enabled';
import { elbTlsHttpsListenersOnly } from '#shared/rules/elb/elb-tls-https-listeners-only';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0d4c2a1e-7b9f-4e36-8a51-3c2d1e0f9a8b`;
const TLS_POLICY = 'ELBSecurityPolicy-TLS-1-2-2017-01';

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function ref(name: string): ResourceRef {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: CLASSIC_LOAD_BALANCER_TYPE,
    lookupId: name,
    captureTime: '2026-11-23T09:30:00.000Z',
  };
}

/** DescribeLoadBalancers as the SDK returns it for the fixtures' load balancers (API field names). */
function description(name: string, listeners: LoadBalancerDescription['ListenerDescriptions']) {
  return {
    LoadBalancerName: name,
    DNSName: `${name}-1234567890.us-east-1.elb.amazonaws.com`,
    CanonicalHostedZoneName: `${name}-1234567890.us-east-1.elb.amazonaws.com`,
    CanonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
    ListenerDescriptions: listeners,
    Policies: {
      AppCookieStickinessPolicies: [],
      LBCookieStickinessPolicies: [],
      OtherPolicies: [TLS_POLICY],
    },
    BackendServerDescriptions: [],
    AvailabilityZones: ['us-east-1a', 'us-east-1b'],
    Subnets: ['subnet-0a1b2c3d4e5f60789', 'subnet-0b2c3d4e5f6a70891'],
    VPCId: 'vpc-0f1e2d3c4b5a69788',
    Instances: [{ InstanceId: 'i-0b5c6d7e8f9a01234' }],
    HealthCheck: {
      Target: 'HTTP:8080/health',
      Interval: 30,
      Timeout: 5,
      UnhealthyThreshold: 2,
      HealthyThreshold: 10,
    },
    SourceSecurityGroup: { OwnerAlias: ACCOUNT, GroupName: 'payments-alb' },
    SecurityGroups: ['sg-0c2d4e6f8a0b1c3d5'],
    CreatedTime: new Date('2021-06-14T08:22:10.480Z'),
    Scheme: 'internet-facing',
  } satisfies LoadBalancerDescription;
}

const HTTPS_LISTENER = {
  Listener: {
    Protocol: 'HTTPS',
    LoadBalancerPort: 443,
    InstanceProtocol: 'HTTP',
    InstancePort: 8080,
    SSLCertificateId: CERTIFICATE,
  },
  PolicyNames: [TLS_POLICY],
};

const POLICIES = {
  PolicyDescriptions: [
    {
      PolicyName: TLS_POLICY,
      PolicyTypeName: 'SSLNegotiationPolicyType',
      PolicyAttributeDescriptions: [
        { AttributeName: 'Reference-Security-Policy', AttributeValue: TLS_POLICY },
      ],
    },
  ],
};

function attributes(accessLog: Record<string, unknown>) {
  return {
    LoadBalancerAttributes: {
      CrossZoneLoadBalancing: { Enabled: true },
      AccessLog: accessLog as { Enabled: boolean },
      ConnectionDraining: { Enabled: true, Timeout: 300 },
      ConnectionSettings: { IdleTimeout: 60 },
      AdditionalAttributes: [{ Key: 'elb.http.desyncmitigationmode', Value: 'defensive' }],
    },
  };
}

describe('describeClassicLoadBalancer: the item AWS Config records', () => {
  const elb = mockClient(ElasticLoadBalancingClient);
  const client = () => new ElasticLoadBalancingClient({});

  beforeEach(() => {
    elb.reset();
    elb.on(DescribeLoadBalancerPoliciesCommand).resolves(POLICIES);
    elb.on(DescribeTagsCommand).resolves({
      TagDescriptions: [{ LoadBalancerName: 'legacy-web', Tags: [{ Key: 'team', Value: 'web' }] }],
    });
  });

  it('TLS listeners with access logs: configuration and supplementary configuration as in the fixture', async () => {
    const fixture = loadFixture(CLASSIC_LOAD_BALANCER_TYPE, 'tls-only-with-access-logs');
    elb.on(DescribeLoadBalancersCommand, { LoadBalancerNames: ['legacy-web'] }).resolves({
      LoadBalancerDescriptions: [
        description('legacy-web', [
          HTTPS_LISTENER,
          {
            Listener: {
              ...HTTPS_LISTENER.Listener,
              Protocol: 'SSL',
              LoadBalancerPort: 8443,
              InstanceProtocol: 'TCP',
              InstancePort: 8443,
            },
            PolicyNames: [TLS_POLICY],
          },
        ]),
      ],
    });
    elb.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerName: 'legacy-web' }).resolves(
      attributes({
        Enabled: true,
        EmitInterval: 60,
        S3BucketName: `acme-elb-logs-${ACCOUNT}`,
        S3BucketPrefix: 'legacy-web',
      }),
    );
    const item = await describeClassicLoadBalancer(client(), ref('legacy-web'));
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(item.supplementaryConfiguration).toEqual(fixture.item.supplementaryConfiguration);
    expect(item).toMatchObject({
      status: 'OK',
      resourceId: fixture.item.resourceId,
      resourceName: fixture.item.resourceName,
      arn: fixture.item.arn,
      tags: fixture.item.tags,
    });
    const judged = { ...fixture, item };
    expect(evaluateFixture(elbTlsHttpsListenersOnly, judged).compliance).toBe('COMPLIANT');
    expect(evaluateFixture(elbLoggingEnabled, judged).compliance).toBe('COMPLIANT');
  });

  it('a plaintext listener and logging off: the same item as the fixture, failing both rules', async () => {
    const fixture = loadFixture(CLASSIC_LOAD_BALANCER_TYPE, 'http-listener-no-access-logs');
    elb.on(DescribeLoadBalancersCommand, { LoadBalancerNames: ['legacy-admin'] }).resolves({
      LoadBalancerDescriptions: [
        description('legacy-admin', [
          {
            Listener: {
              Protocol: 'HTTP',
              LoadBalancerPort: 80,
              InstanceProtocol: 'HTTP',
              InstancePort: 8080,
            },
            PolicyNames: [],
          },
          HTTPS_LISTENER,
        ]),
      ],
    });
    elb.on(DescribeLoadBalancerAttributesCommand).resolves(attributes({ Enabled: false }));
    elb.on(DescribeTagsCommand).resolves({
      TagDescriptions: [{ LoadBalancerName: 'legacy-admin', Tags: [{ Key: 'team', Value: 'web' }] }],
    });
    const item = await describeClassicLoadBalancer(client(), ref('legacy-admin'));
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(item.supplementaryConfiguration).toEqual(fixture.item.supplementaryConfiguration);
    expect(item.tags).toEqual({ team: 'web' });
    const judged = { ...fixture, item };
    expect(evaluateFixture(elbTlsHttpsListenersOnly, judged).compliance).toBe('NON_COMPLIANT');
    expect(evaluateFixture(elbLoggingEnabled, judged).compliance).toBe('NON_COMPLIANT');
  });

  it('a load balancer ELB no longer knows is a deleted item named by its name', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(awsError('AccessPointNotFoundException'));
    const item = await describeClassicLoadBalancer(client(), ref('gone'));
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'gone', configuration: null });
  });

  it('leaves attributes, policies and tags out when they may not be read (never "logging off")', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancerDescriptions: [description('legacy-web', [HTTPS_LISTENER])],
    });
    elb.on(DescribeLoadBalancerAttributesCommand).rejects(awsError('AccessDenied'));
    elb.on(DescribeLoadBalancerPoliciesCommand).rejects(awsError('AccessDenied'));
    elb.on(DescribeTagsCommand).rejects(awsError('AccessDenied'));
    const item = await describeClassicLoadBalancer(client(), ref('legacy-web'));
    expect(item.supplementaryConfiguration).toEqual({});
    expect(item.tags).toEqual({});
    expect(item.configuration).toMatchObject({ loadBalancerName: 'legacy-web' });
  });

  it('fails the describe on an unexpected error of a sub-read (worth a retry)', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancerDescriptions: [description('legacy-web', [HTTPS_LISTENER])],
    });
    elb.on(DescribeLoadBalancerAttributesCommand).rejects(awsError('Throttling'));
    await expect(describeClassicLoadBalancer(client(), ref('legacy-web'))).rejects.toThrow('Throttling');
  });

  it('lists every load balancer of the region, page after page', async () => {
    elb
      .on(DescribeLoadBalancersCommand, { Marker: undefined })
      .resolves({ LoadBalancerDescriptions: [{ LoadBalancerName: 'a' }], NextMarker: 'm1' });
    elb
      .on(DescribeLoadBalancersCommand, { Marker: 'm1' })
      .resolves({ LoadBalancerDescriptions: [{ LoadBalancerName: 'b' }] });
    const refs = await listClassicLoadBalancers(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: '2026-11-23T09:30:00.000Z',
    });
    expect(refs.map((entry) => [entry.resourceType, entry.lookupId])).toEqual([
      [CLASSIC_LOAD_BALANCER_TYPE, 'a'],
      [CLASSIC_LOAD_BALANCER_TYPE, 'b'],
    ]);
  });
});

describe('CloudTrail calls that change a Classic Load Balancer', () => {
  function record(
    eventName: string,
    requestParameters: Record<string, unknown>,
    responseElements: Record<string, unknown> | null = null,
  ): CloudTrailRecord {
    return {
      eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
      eventTime: '2026-11-23T09:30:00Z',
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventName,
      awsRegion: 'us-east-1',
      recipientAccountId: ACCOUNT,
      requestParameters,
      responseElements,
    };
  }

  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId]);

  it.each([
    [
      'CreateLoadBalancer',
      {
        loadBalancerName: 'legacy-admin',
        listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080 }],
        availabilityZones: ['us-east-1a'],
      },
    ],
    ['DeleteLoadBalancer', { loadBalancerName: 'legacy-admin' }],
    [
      'ModifyLoadBalancerAttributes',
      { loadBalancerName: 'legacy-admin', loadBalancerAttributes: { accessLog: { enabled: false } } },
    ],
    [
      'CreateLoadBalancerListeners',
      { loadBalancerName: 'legacy-admin', listeners: [{ protocol: 'TCP', loadBalancerPort: 25 }] },
    ],
    ['DeleteLoadBalancerListeners', { loadBalancerName: 'legacy-admin', loadBalancerPorts: [80] }],
    [
      'SetLoadBalancerPoliciesOfListener',
      { loadBalancerName: 'legacy-admin', loadBalancerPort: 443, policyNames: [TLS_POLICY] },
    ],
    [
      'SetLoadBalancerListenerSSLCertificate',
      { loadBalancerName: 'legacy-admin', loadBalancerPort: 443, sSLCertificateId: CERTIFICATE },
    ],
  ])('%s re-describes the load balancer it names', (eventName, parameters) => {
    expect(touched(record(eventName, parameters))).toEqual([[CLASSIC_LOAD_BALANCER_TYPE, 'legacy-admin']]);
  });

  it('AddTags and RemoveTags re-describe every load balancer they name', () => {
    expect(
      touched(record('AddTags', { loadBalancerNames: ['a', 'b'], tags: [{ key: 'team', value: 'web' }] })),
    ).toEqual([
      [CLASSIC_LOAD_BALANCER_TYPE, 'a'],
      [CLASSIC_LOAD_BALANCER_TYPE, 'b'],
    ]);
    expect(touched(record('RemoveTags', { loadBalancerNames: ['a'], tags: [{ key: 'team' }] }))).toEqual([
      [CLASSIC_LOAD_BALANCER_TYPE, 'a'],
    ]);
  });

  it('the same event names of the v2 API touch no Classic Load Balancer', () => {
    const arn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/payments-web/50dc6c495c0c9188`;
    const v2 = [
      record('CreateLoadBalancer', { name: 'payments-web' }, { loadBalancers: [{ loadBalancerArn: arn }] }),
      record('ModifyLoadBalancerAttributes', { loadBalancerArn: arn, attributes: [] }),
      record('AddTags', { resourceArns: [arn], tags: [] }),
    ];
    for (const entry of v2) {
      expect(refsFromCloudTrail(entry, ACCOUNT).map((found) => found.resourceType)).not.toContain(
        CLASSIC_LOAD_BALANCER_TYPE,
      );
    }
  });
});
