import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetWebACLForResourceCommand, WAFV2Client, type WebACL } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeListenerV2, listListenersV2 } from '#shared/describe/listener-v2/describe';
import { describeLoadBalancerV2, listLoadBalancersV2 } from '#shared/describe/load-balancer-v2/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { LISTENER_V2_TYPE, LOAD_BALANCER_V2_TYPE } from '#shared/resources/elb';
import { albHttpToHttpsRedirectionCheck } from '#shared/rules/elb/alb-http-to-https-redirection-check';
import { albWafEnabled } from '#shared/rules/elb/alb-waf-enabled';
import { elbLoggingEnabled } from '#shared/rules/elb/elb-logging-enabled';
import { createInventory } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const PREFIX = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}`;
const ALB = `${PREFIX}:loadbalancer/app/payments-web/50dc6c495c0c9188`;
const HTTP_LISTENER = `${PREFIX}:listener/app/payments-web/50dc6c495c0c9188/f2f7dc8efc522ab2`;
const HTTPS_LISTENER = `${PREFIX}:listener/app/payments-web/50dc6c495c0c9188/0467ef3c8400ae65`;
const TARGET_GROUP = `${PREFIX}:targetgroup/payments-api/6d0ecf831eec9f09`;
const CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0d4c2a1e-7b9f-4e36-8a51-3c2d1e0f9a8b`;
const CAPTURE = '2026-11-23T09:30:00.000Z';

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function ref(resourceType: string, lookupId: string): ResourceRef {
  return { accountId: ACCOUNT, region: 'us-east-1', resourceType, lookupId, captureTime: CAPTURE };
}

/** DescribeLoadBalancers as the SDK returns the fixture's ALB. */
const LOAD_BALANCER = {
  LoadBalancerArn: ALB,
  DNSName: 'payments-web-50dc6c495.elb.us-east-1.amazonaws.com',
  CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
  CreatedTime: new Date('2025-02-03T11:45:09.120Z'),
  LoadBalancerName: 'payments-web',
  Scheme: 'internet-facing',
  VpcId: 'vpc-0f1e2d3c4b5a69788',
  State: { Code: 'active' },
  Type: 'application',
  AvailabilityZones: [
    { ZoneName: 'us-east-1a', SubnetId: 'subnet-0a1b2c3d4e5f60789', LoadBalancerAddresses: [] },
    { ZoneName: 'us-east-1b', SubnetId: 'subnet-0b2c3d4e5f6a70891', LoadBalancerAddresses: [] },
  ],
  IpAddressType: 'ipv4',
  SecurityGroups: ['sg-0c2d4e6f8a0b1c3d5'],
} satisfies LoadBalancer;

const ATTRIBUTES = [
  ['access_logs.s3.enabled', 'true'],
  ['access_logs.s3.bucket', `acme-elb-logs-${ACCOUNT}`],
  ['access_logs.s3.prefix', 'payments'],
  ['deletion_protection.enabled', 'true'],
  ['idle_timeout.timeout_seconds', '60'],
  ['routing.http.drop_invalid_header_fields.enabled', 'true'],
  ['routing.http2.enabled', 'true'],
  ['routing.http.desync_mitigation_mode', 'defensive'],
  ['waf.fail_open.enabled', 'false'],
].map(([Key, Value]) => ({ Key, Value }));

/** DescribeListeners as the SDK returns the fixture's two listeners. */
const LISTENERS: Record<string, Listener> = {
  [HTTP_LISTENER]: {
    ListenerArn: HTTP_LISTENER,
    LoadBalancerArn: ALB,
    Port: 80,
    Protocol: 'HTTP',
    DefaultActions: [
      {
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
      },
    ],
  },
  [HTTPS_LISTENER]: {
    ListenerArn: HTTPS_LISTENER,
    LoadBalancerArn: ALB,
    Port: 443,
    Protocol: 'HTTPS',
    DefaultActions: [
      {
        Type: 'forward',
        Order: 1,
        TargetGroupArn: TARGET_GROUP,
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: TARGET_GROUP, Weight: 1 }],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ],
    SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    Certificates: [{ CertificateArn: CERTIFICATE }],
  },
};

describe('describeLoadBalancerV2 and describeListenerV2: the items AWS Config records', () => {
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  const client = () => new ElasticLoadBalancingV2Client({});

  beforeEach(() => {
    elbv2.reset();
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [LOAD_BALANCER] });
    elbv2.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: ATTRIBUTES });
    elbv2
      .on(DescribeTagsCommand)
      .resolves({ TagDescriptions: [{ ResourceArn: ALB, Tags: [{ Key: 'team', Value: 'payments' }] }] });
    for (const [arn, listener] of Object.entries(LISTENERS)) {
      elbv2.on(DescribeListenersCommand, { ListenerArns: [arn] }).resolves({ Listeners: [listener] });
    }
  });

  it('the ALB and its listeners match the fixture, and the rules reach the same verdicts', async () => {
    const fixture = loadFixture(LOAD_BALANCER_V2_TYPE, 'alb-redirects-http-with-access-logs');
    const item = await describeLoadBalancerV2(client(), ref(LOAD_BALANCER_V2_TYPE, ALB));
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(item.supplementaryConfiguration).toEqual(fixture.item.supplementaryConfiguration);
    expect(item).toMatchObject({
      status: 'OK',
      resourceId: ALB,
      resourceName: 'payments-web',
      arn: ALB,
      tags: { team: 'payments' },
    });
    const listeners = await Promise.all(
      [HTTP_LISTENER, HTTPS_LISTENER].map((arn) => describeListenerV2(client(), ref(LISTENER_V2_TYPE, arn))),
    );
    const recorded = fixture.inventory.itemsOfType(LISTENER_V2_TYPE);
    for (const listener of listeners) {
      const same = recorded.find((candidate) => candidate.resourceId === listener.resourceId);
      expect(listener.configuration).toEqual(same?.configuration);
      expect(listener).toMatchObject({
        status: 'OK',
        arn: listener.resourceId,
        resourceType: LISTENER_V2_TYPE,
      });
      expect(listener).not.toHaveProperty('resourceName');
    }
    const described = { ...fixture, item, inventory: createInventory([item, ...listeners]) };
    expect(evaluateFixture(albHttpToHttpsRedirectionCheck, described).compliance).toBe('COMPLIANT');
    expect(evaluateFixture(elbLoggingEnabled, described).compliance).toBe('COMPLIANT');
  });

  it('an HTTP listener that forwards, described from the API, fails the redirect rule', async () => {
    elbv2.on(DescribeListenersCommand, { ListenerArns: [HTTP_LISTENER] }).resolves({
      Listeners: [
        { ...LISTENERS[HTTP_LISTENER], DefaultActions: [{ Type: 'forward', TargetGroupArn: TARGET_GROUP }] },
      ],
    });
    const item = await describeLoadBalancerV2(client(), ref(LOAD_BALANCER_V2_TYPE, ALB));
    const listener = await describeListenerV2(client(), ref(LISTENER_V2_TYPE, HTTP_LISTENER));
    const described = { name: 'forwards', item, inventory: createInventory([item, listener]) };
    expect(evaluateFixture(albHttpToHttpsRedirectionCheck, described).compliance).toBe('NON_COMPLIANT');
  });

  it('gone load balancers and listeners are deleted items keyed by their ARNs', async () => {
    elbv2.on(DescribeLoadBalancersCommand).rejects(awsError('LoadBalancerNotFoundException'));
    elbv2.on(DescribeListenersCommand).rejects(awsError('ListenerNotFoundException'));
    expect(await describeLoadBalancerV2(client(), ref(LOAD_BALANCER_V2_TYPE, ALB))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: ALB,
      configuration: null,
    });
    expect(await describeListenerV2(client(), ref(LISTENER_V2_TYPE, HTTP_LISTENER))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: HTTP_LISTENER,
    });
  });

  it('leaves the attributes out when they may not be read, so no rule judges logging it did not see', async () => {
    elbv2.on(DescribeLoadBalancerAttributesCommand).rejects(awsError('AccessDenied'));
    elbv2.on(DescribeTagsCommand).rejects(awsError('AccessDenied'));
    const item = await describeLoadBalancerV2(client(), ref(LOAD_BALANCER_V2_TYPE, ALB));
    expect(item.supplementaryConfiguration).toEqual({});
    expect(item.tags).toEqual({});
  });

  it('fails on an unexpected error of the attributes read (worth a retry)', async () => {
    elbv2.on(DescribeLoadBalancerAttributesCommand).rejects(awsError('Throttling'));
    await expect(describeLoadBalancerV2(client(), ref(LOAD_BALANCER_V2_TYPE, ALB))).rejects.toThrow(
      'Throttling',
    );
  });

  it('lists load balancers page by page, and every listener of each', async () => {
    const other = `${PREFIX}:loadbalancer/net/mqtt-ingest/9b8a7c6d5e4f3a2b`;
    const gone = `${PREFIX}:loadbalancer/app/gone/0000000000000000`;
    elbv2
      .on(DescribeLoadBalancersCommand, { Marker: undefined })
      .resolves({ LoadBalancers: [{ LoadBalancerArn: ALB }], NextMarker: 'm1' });
    elbv2
      .on(DescribeLoadBalancersCommand, { Marker: 'm1' })
      .resolves({ LoadBalancers: [{ LoadBalancerArn: other }, { LoadBalancerArn: gone }] });
    elbv2
      .on(DescribeListenersCommand, { LoadBalancerArn: ALB, Marker: undefined })
      .resolves({ Listeners: [{ ListenerArn: HTTP_LISTENER }], NextMarker: 'l1' });
    elbv2
      .on(DescribeListenersCommand, { LoadBalancerArn: ALB, Marker: 'l1' })
      .resolves({ Listeners: [{ ListenerArn: HTTPS_LISTENER }] });
    elbv2
      .on(DescribeListenersCommand, { LoadBalancerArn: other })
      .resolves({ Listeners: [{ ListenerArn: `${PREFIX}:listener/net/mqtt-ingest/9b8a7c6d5e4f3a2b/1a2b` }] });
    elbv2
      .on(DescribeListenersCommand, { LoadBalancerArn: gone })
      .rejects(awsError('LoadBalancerNotFoundException'));
    const base = { accountId: ACCOUNT, region: 'us-east-1', captureTime: CAPTURE };
    expect((await listLoadBalancersV2(client(), base)).map((found) => found.lookupId)).toEqual([
      ALB,
      other,
      gone,
    ]);
    expect(
      (await listListenersV2(client(), base)).map((found) => [found.resourceType, found.lookupId]),
    ).toEqual([
      [LISTENER_V2_TYPE, HTTP_LISTENER],
      [LISTENER_V2_TYPE, HTTPS_LISTENER],
      [LISTENER_V2_TYPE, `${PREFIX}:listener/net/mqtt-ingest/9b8a7c6d5e4f3a2b/1a2b`],
    ]);
  });
});

describe('CloudTrail calls that change a v2 load balancer or its listeners', () => {
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

  it('CreateLoadBalancer names the new load balancer in its response', () => {
    const created = record(
      'CreateLoadBalancer',
      {
        name: 'payments-web',
        subnets: ['subnet-0a1b2c3d4e5f60789', 'subnet-0b2c3d4e5f6a70891'],
        scheme: 'internet-facing',
      },
      { loadBalancers: [{ loadBalancerArn: ALB, loadBalancerName: 'payments-web', type: 'application' }] },
    );
    expect(touched(created)).toEqual([[LOAD_BALANCER_V2_TYPE, ALB]]);
  });

  it.each([
    ['DeleteLoadBalancer', { loadBalancerArn: ALB }],
    [
      'ModifyLoadBalancerAttributes',
      { loadBalancerArn: ALB, attributes: [{ key: 'access_logs.s3.enabled', value: 'false' }] },
    ],
    ['SetSecurityGroups', { loadBalancerArn: ALB, securityGroups: ['sg-0c2d4e6f8a0b1c3d5'] }],
    ['SetSubnets', { loadBalancerArn: ALB, subnets: ['subnet-0a1b2c3d4e5f60789'] }],
    ['SetIpAddressType', { loadBalancerArn: ALB, ipAddressType: 'dualstack' }],
  ])('%s re-describes the load balancer it names', (eventName, parameters) => {
    expect(touched(record(eventName, parameters))).toEqual([[LOAD_BALANCER_V2_TYPE, ALB]]);
  });

  it('AddTags and RemoveTags re-describe the load balancers among their resources, not target groups or listeners', () => {
    expect(
      touched(
        record('AddTags', {
          resourceArns: [ALB, TARGET_GROUP, HTTP_LISTENER],
          tags: [{ key: 'team', value: 'p' }],
        }),
      ),
    ).toEqual([[LOAD_BALANCER_V2_TYPE, ALB]]);
    expect(touched(record('RemoveTags', { resourceArns: [TARGET_GROUP], tagKeys: ['team'] }))).toEqual([]);
  });

  it('CreateListener describes the new listener, then its load balancer', () => {
    const created = record(
      'CreateListener',
      {
        loadBalancerArn: ALB,
        protocol: 'HTTP',
        port: 80,
        defaultActions: [{ type: 'forward', targetGroupArn: TARGET_GROUP }],
      },
      { listeners: [{ listenerArn: HTTP_LISTENER, loadBalancerArn: ALB, port: 80, protocol: 'HTTP' }] },
    );
    expect(touched(created)).toEqual([
      [LISTENER_V2_TYPE, HTTP_LISTENER],
      [LOAD_BALANCER_V2_TYPE, ALB],
    ]);
  });

  it.each([
    [
      'ModifyListener',
      {
        listenerArn: HTTP_LISTENER,
        defaultActions: [
          { type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } },
        ],
      },
    ],
    ['DeleteListener', { listenerArn: HTTP_LISTENER }],
  ])('%s describes the listener, then the load balancer its ARN names', (eventName, parameters) => {
    expect(touched(record(eventName, parameters))).toEqual([
      [LISTENER_V2_TYPE, HTTP_LISTENER],
      [LOAD_BALANCER_V2_TYPE, ALB],
    ]);
  });

  it('classic calls of the same names touch no v2 resource', () => {
    for (const entry of [
      record('CreateLoadBalancer', { loadBalancerName: 'legacy-web', listeners: [] }),
      record('ModifyLoadBalancerAttributes', { loadBalancerName: 'legacy-web', loadBalancerAttributes: {} }),
      record('AddTags', { loadBalancerNames: ['legacy-web'], tags: [] }),
    ]) {
      const types = refsFromCloudTrail(entry, ACCOUNT).map((found) => found.resourceType);
      expect(types).not.toContain(LOAD_BALANCER_V2_TYPE);
      expect(types).not.toContain(LISTENER_V2_TYPE);
    }
  });
});

describe('describeLoadBalancerV2: the web ACL protecting an Application Load Balancer', () => {
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  const wafv2 = mockClient(WAFV2Client);
  const ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/payments-edge/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b`;
  const describeAlb = () =>
    describeLoadBalancerV2(
      new ElasticLoadBalancingV2Client({}),
      ref(LOAD_BALANCER_V2_TYPE, ALB),
      new WAFV2Client({}),
    );

  beforeEach(() => {
    elbv2.reset();
    wafv2.reset();
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [LOAD_BALANCER] });
    elbv2.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: ATTRIBUTES });
    elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
  });

  it('records the web ACL ARN with one GetWebACLForResource call, and the ALB passes alb-waf-enabled', async () => {
    wafv2
      .on(GetWebACLForResourceCommand, { ResourceArn: ALB })
      .resolves({ WebACL: { Name: 'payments-edge', Id: '9e8d7c6b', ARN: ACL } as WebACL });
    const item = await describeAlb();
    expect(item.supplementaryConfiguration).toMatchObject({ WebACLArn: ACL });
    expect(wafv2.commandCalls(GetWebACLForResourceCommand)).toHaveLength(1);
    expect(
      evaluateFixture(albWafEnabled, { ...loadFixture(LOAD_BALANCER_V2_TYPE, 'alb-behind-waf'), item }),
    ).toEqual({ compliance: 'COMPLIANT', annotation: `payments-web is protected by web ACL ${ACL}.` });
  });

  it('records null when WAFv2 says no web ACL protects it, and the ALB fails', async () => {
    wafv2.on(GetWebACLForResourceCommand).resolves({});
    const item = await describeAlb();
    expect(item.supplementaryConfiguration).toHaveProperty('WebACLArn', null);
    expect(
      evaluateFixture(albWafEnabled, { ...loadFixture(LOAD_BALANCER_V2_TYPE, 'alb-no-waf'), item })
        .compliance,
    ).toBe('NON_COMPLIANT');
  });

  it.each(['AccessDeniedException', 'WAFNonexistentItemException'])(
    'leaves the association out when WAFv2 answers %s, so the rule gives no verdict',
    async (name) => {
      wafv2.on(GetWebACLForResourceCommand).rejects(awsError(name));
      const item = await describeAlb();
      expect(item.supplementaryConfiguration).not.toHaveProperty('WebACLArn');
      expect(item.supplementaryConfiguration).toHaveProperty('LoadBalancerAttributes');
      expect(
        evaluateFixture(albWafEnabled, { ...loadFixture(LOAD_BALANCER_V2_TYPE, 'alb-no-waf'), item })
          .compliance,
      ).toBe('NOT_APPLICABLE');
    },
  );

  it('fails the describe on an unexpected WAFv2 error (worth a retry)', async () => {
    wafv2.on(GetWebACLForResourceCommand).rejects(awsError('WAFInternalErrorException'));
    await expect(describeAlb()).rejects.toThrow('WAFInternalErrorException');
  });

  it('asks WAFv2 nothing about a Network Load Balancer (WAF cannot protect one)', async () => {
    elbv2
      .on(DescribeLoadBalancersCommand)
      .resolves({ LoadBalancers: [{ ...LOAD_BALANCER, Type: 'network' }] });
    const item = await describeAlb();
    expect(wafv2.commandCalls(GetWebACLForResourceCommand)).toHaveLength(0);
    expect(item.supplementaryConfiguration).not.toHaveProperty('WebACLArn');
  });

  it.each([
    ['wafv2.amazonaws.com', 'AssociateWebACL', { webACLArn: ACL, resourceArn: ALB }],
    ['wafv2.amazonaws.com', 'DisassociateWebACL', { resourceArn: ALB }],
    ['waf-regional.amazonaws.com', 'AssociateWebACL', { webACLId: 'a1b2c3d4', resourceArn: ALB }],
  ] as const)(
    '%s %s re-describes the load balancer it names',
    (eventSource, eventName, requestParameters) => {
      const event: CloudTrailRecord = {
        eventID: 'c2a1b0f9-4c1e-4a55-9d8e-1f0e2d3c4b5a',
        eventTime: '2026-11-23T09:30:00Z',
        eventSource,
        eventName,
        awsRegion: 'us-east-1',
        recipientAccountId: ACCOUNT,
        requestParameters,
        responseElements: null,
      };
      expect(refsFromCloudTrail(event, ACCOUNT).map((found) => [found.resourceType, found.lookupId])).toEqual(
        [[LOAD_BALANCER_V2_TYPE, ALB]],
      );
    },
  );
});
