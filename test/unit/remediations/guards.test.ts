import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { parseRemediationConfig, RemediationConfigError } from '#shared/remediations/config';
import { RateLimiterError, ToggleStoreError } from '#shared/remediations/errors';
import { assertAllowedCall, ForbiddenCallError } from '#shared/remediations/executor';
import { EXEMPT_REASON_TAG, EXEMPT_TAG, exemptionOf, MISSING_REASON } from '#shared/remediations/exemption';
import { DynamoDbRateLimiter, hourWindow } from '#shared/remediations/rate-limiter';
import { CachedToggles, SsmToggleOverrides, type ToggleOverrides } from '#shared/remediations/toggles';

describe('exemptionOf', () => {
  it.each([
    [
      { [EXEMPT_TAG]: 'all', [EXEMPT_REASON_TAG]: 'website' },
      'restricted-ssh',
      { tag: 'all', reason: 'website' },
    ],
    [{ [EXEMPT_TAG]: 'restricted-ssh' }, 'restricted-ssh', { tag: 'restricted-ssh', reason: MISSING_REASON }],
    [
      { [EXEMPT_TAG]: 'ec2-imdsv2-check, Restricted-SSH', [EXEMPT_REASON_TAG]: 'x' },
      'restricted-ssh',
      { tag: 'ec2-imdsv2-check, Restricted-SSH', reason: 'x' },
    ],
  ])('%j exempts from %s', (tags, ruleId, expected) => {
    expect(exemptionOf(tags, ruleId)).toEqual(expected);
  });

  it.each([
    [{}, 'restricted-ssh'],
    [{ [EXEMPT_TAG]: 'ec2-imdsv2-check' }, 'restricted-ssh'],
    [{ [EXEMPT_TAG]: 'restricted' }, 'restricted-ssh'],
    [{ 'vigil:exempt-reason': 'no scope' }, 'restricted-ssh'],
  ])('%j does not exempt from %s', (tags, ruleId) => {
    expect(exemptionOf(tags, ruleId)).toBeUndefined();
  });
});

describe('assertAllowedCall', () => {
  const remediation = { ruleId: 'r', permissions: ['s3:PutBucketVersioning'] };

  it('accepts a catalog call whose IAM action the remediation declares', () => {
    expect(() =>
      assertAllowedCall(
        { service: 's3', operation: 'PutBucketVersioning', input: { Bucket: 'b' } },
        remediation,
      ),
    ).not.toThrow();
  });

  it.each([
    [{ service: 's3', operation: 'DeleteBucket', input: { Bucket: 'b' } }, 'not in the call catalog'],
    [{ service: 's3', operation: 'PutBucketPolicy', input: { Bucket: 'b' } }, 'does not declare'],
    [{ service: 's3', operation: 'PutBucketVersioning' }, 'without an input'],
    [{ service: 'iam', operation: 'PutBucketVersioning', input: {} }, 'not in the call catalog'],
    [null, 'not in the call catalog'],
  ])('rejects %j', (call, message) => {
    expect(() => assertAllowedCall(call, remediation)).toThrow(ForbiddenCallError);
    expect(() => assertAllowedCall(call, remediation)).toThrow(message);
  });
});

describe('CachedToggles', () => {
  const overrides = (
    values: Record<string, 'off' | 'dry-run' | 'on'>[],
    failAfter = Infinity,
  ): ToggleOverrides & { reads: number } => {
    const source = {
      reads: 0,
      read: async () => {
        source.reads++;
        if (source.reads > failAfter) throw new Error('ssm down');
        return values[Math.min(source.reads - 1, values.length - 1)] ?? {};
      },
    };
    return source;
  };

  it('defaults to off; `*` covers unnamed rules; the rule entry wins', async () => {
    const toggles = new CachedToggles({ defaults: { '*': 'dry-run', 'restricted-ssh': 'on' } });
    expect(await toggles.modeOf('restricted-ssh')).toBe('on');
    expect(await toggles.modeOf('ec2-imdsv2-check')).toBe('dry-run');
    expect(await new CachedToggles({ defaults: {} }).modeOf('restricted-ssh')).toBe('off');
  });

  it('run-time overrides win over deploy-time defaults, and are cached for the TTL', async () => {
    let now = 0;
    const source = overrides([{ 'restricted-ssh': 'off' }, { 'restricted-ssh': 'dry-run' }]);
    const toggles = new CachedToggles({
      defaults: { 'restricted-ssh': 'on' },
      overrides: source,
      ttlMs: 1000,
      clock: () => now,
    });
    expect(await toggles.modeOf('restricted-ssh')).toBe('off');
    now = 999;
    expect(await toggles.modeOf('restricted-ssh')).toBe('off');
    expect(source.reads).toBe(1);
    now = 1000;
    expect(await toggles.modeOf('restricted-ssh')).toBe('dry-run');
  });

  it('keeps the last overrides when SSM fails, and fails closed when it never answered', async () => {
    let now = 0;
    const toggles = new CachedToggles({
      defaults: {},
      overrides: overrides([{ x: 'on' }], 1),
      ttlMs: 10,
      clock: () => now,
    });
    expect(await toggles.modeOf('x')).toBe('on');
    now = 100;
    expect(await toggles.modeOf('x')).toBe('on');
    const never = new CachedToggles({ defaults: { x: 'on' }, overrides: overrides([], 0) });
    await expect(never.modeOf('x')).rejects.toThrow(ToggleStoreError);
  });
});

describe('SsmToggleOverrides', () => {
  it('reads every page under the prefix; `all` is `*`; an unknown value reads as off', async () => {
    const ssm = mockClient(SSMClient);
    ssm
      .on(GetParametersByPathCommand, { Path: '/vigil/remediation/' })
      .resolvesOnce({
        Parameters: [
          { Name: '/vigil/remediation/restricted-ssh', Value: 'ON ' },
          { Name: '/vigil/remediation/all', Value: 'dry-run' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({ Parameters: [{ Name: '/vigil/remediation/ec2-imdsv2-check', Value: 'yes please' }] });
    const read = await new SsmToggleOverrides({ client: async () => new SSMClient({}) }).read();
    expect(read).toEqual({ 'restricted-ssh': 'on', '*': 'dry-run', 'ec2-imdsv2-check': 'off' });
    ssm.restore();
  });
});

describe('DynamoDbRateLimiter', () => {
  const now = new Date('2026-11-23T11:59:59.000Z');

  it('counts with a conditional ADD on the rule and hour item', async () => {
    const dynamodb = mockClient(DynamoDBClient);
    dynamodb.on(UpdateItemCommand).resolves({});
    const limiter = new DynamoDbRateLimiter({
      client: new DynamoDBClient({}),
      table: 'state',
      maxPerHour: 5,
    });
    expect(await limiter.tryAcquire('restricted-ssh', now)).toEqual({
      allowed: true,
      window: '2026-11-23T11',
      limit: 5,
    });
    const input = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual({ pk: { S: 'remediation-rate#restricted-ssh' }, sk: { S: '2026-11-23T11' } });
    expect(input?.ConditionExpression).toContain('< :max');
    expect(input?.ExpressionAttributeValues?.[':max']).toEqual({ N: '5' });
    dynamodb.restore();
  });

  it('refuses once the condition fails, and wraps other errors', async () => {
    const dynamodb = mockClient(DynamoDBClient);
    dynamodb
      .on(UpdateItemCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }))
      .rejectsOnce(new Error('throttled'));
    const limiter = new DynamoDbRateLimiter({
      client: new DynamoDBClient({}),
      table: 'state',
      maxPerHour: 1,
    });
    expect((await limiter.tryAcquire('r', now)).allowed).toBe(false);
    await expect(limiter.tryAcquire('r', now)).rejects.toThrow(RateLimiterError);
    dynamodb.restore();
  });

  it('a limit of 0 refuses without calling DynamoDB', async () => {
    const dynamodb = mockClient(DynamoDBClient);
    const limiter = new DynamoDbRateLimiter({
      client: new DynamoDBClient({}),
      table: 'state',
      maxPerHour: 0,
    });
    expect((await limiter.tryAcquire('r', now)).allowed).toBe(false);
    expect(dynamodb.calls()).toHaveLength(0);
    dynamodb.restore();
  });

  it('hourWindow is the UTC hour', () => {
    expect(hourWindow(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03');
  });
});

describe('parseRemediationConfig', () => {
  it('defaults: everything off, SSM under /vigil/remediation, 10 per hour, no queue, approvals for 24 h', () => {
    expect(parseRemediationConfig({})).toEqual({
      toggles: {},
      ssmPrefix: '/vigil/remediation',
      toggleCacheMs: 60_000,
      maxPerHour: 10,
      settings: {},
      queueUrl: undefined,
      functionName: 'vigil-remediate',
      approvalTtlHours: 24,
    });
  });

  it('reads toggles, S3 and CloudWatch flow log destinations, and switches SSM off with none', () => {
    const config = parseRemediationConfig({
      REMEDIATION_TOGGLES: '{"restricted-ssh":"on","*":"dry-run"}',
      REMEDIATION_SSM_PREFIX: 'none',
      REMEDIATION_FLOW_LOG_DESTINATION: 'arn:aws:s3:::flow-logs/vpc',
      REMEDIATION_S3_KMS_KEY_ID: 'alias/vigil',
      REMEDIATION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/vigil-remediation',
    });
    expect(config.toggles).toEqual({ 'restricted-ssh': 'on', '*': 'dry-run' });
    expect(config.ssmPrefix).toBeUndefined();
    expect(config.settings).toEqual({
      s3KmsKeyId: 'alias/vigil',
      flowLogDestination: { type: 's3', bucketArn: 'arn:aws:s3:::flow-logs/vpc' },
    });
    expect(
      parseRemediationConfig({
        REMEDIATION_FLOW_LOG_DESTINATION:
          '{"logGroupName":"/flow","deliverLogsRoleArn":"arn:aws:iam::1:role/r"}',
      }).settings.flowLogDestination,
    ).toEqual({
      type: 'cloud-watch-logs',
      logGroupName: '/flow',
      deliverLogsRoleArn: 'arn:aws:iam::1:role/r',
    });
  });

  it.each([
    ['REMEDIATION_TOGGLES', '{"restricted-ssh":"yes"}'],
    ['REMEDIATION_TOGGLES', 'not json'],
    ['REMEDIATION_FLOW_LOG_DESTINATION', 'my-bucket'],
    ['REMEDIATION_MAX_PER_HOUR', '-1'],
  ])('rejects %s=%s', (name, value) => {
    expect(() => parseRemediationConfig({ [name]: value })).toThrow(RemediationConfigError);
    expect(() => parseRemediationConfig({ [name]: value })).toThrow(name);
  });
});
