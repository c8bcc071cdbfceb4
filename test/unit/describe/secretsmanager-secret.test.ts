import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeSecret, listSecrets } from '#shared/describe/secretsmanager-secret/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::SecretsManager::Secret';
const ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/payments/postgres-Xk3Pq9`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9`;
const ref = {
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId: ARN,
  resourceId: ARN,
  captureTime: '2026-11-23T09:30:00.000Z',
};

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeSecret as Secrets Manager answers it for the secrets of the fixtures. */
const DESCRIBED: Readonly<Record<string, DescribeSecretCommandOutput>> = {
  'database-rotating-30-days': {
    $metadata: {},
    ARN,
    Name: 'prod/payments/postgres',
    Description: 'payments database master credentials',
    KmsKeyId: KEY,
    RotationEnabled: true,
    RotationLambdaARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:SecretsManagerRDSPostgreSQLRotationSingleUser`,
    RotationRules: { AutomaticallyAfterDays: 30 },
    LastRotatedDate: new Date('2026-11-01T00:00:00Z'),
    LastAccessedDate: new Date('2026-11-23T00:00:00Z'),
    NextRotationDate: new Date('2026-12-01T00:00:00Z'),
    CreatedDate: new Date('2025-01-20T16:04:51Z'),
    Tags: [{ Key: 'team', Value: 'payments' }],
  },
  'api-key-not-rotating': {
    $metadata: {},
    ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/partner-api/key-Ht7Lm2`,
    Name: 'prod/partner-api/key',
    Description: 'partner API key',
    CreatedDate: new Date('2025-01-20T16:04:51Z'),
    LastAccessedDate: new Date('2026-11-22T00:00:00Z'),
    Tags: [{ Key: 'team', Value: 'payments' }],
  },
  'token-rotating-by-schedule': {
    $metadata: {},
    ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/search/service-token-Bn4Vc8`,
    Name: 'prod/search/service-token',
    RotationEnabled: true,
    RotationLambdaARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-search-token`,
    RotationRules: { ScheduleExpression: 'cron(0 4 ? * MON *)', Duration: '3h' },
    CreatedDate: new Date('2026-03-02T10:00:00Z'),
    LastRotatedDate: new Date('2026-11-16T04:12:09Z'),
    LastAccessedDate: new Date('2026-11-23T00:00:00Z'),
    NextRotationDate: new Date('2026-11-30T04:00:00Z'),
    Tags: [{ Key: 'team', Value: 'payments' }],
  },
  // Rotation turned on, but the function has failed since June: the next rotation date lies in the past.
  'legacy-rotation-failing-unused': {
    $metadata: {},
    ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:legacy/reporting/mysql-Qw8Zr1`,
    Name: 'legacy/reporting/mysql',
    Description: 'reporting replica credentials',
    KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0c5e7b2d-93f1-4a8e-b6d4-2f8a1c9e7d30`,
    RotationEnabled: true,
    RotationLambdaARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:SecretsManagerMySQLRotationSingleUser`,
    RotationRules: { AutomaticallyAfterDays: 30 },
    CreatedDate: new Date('2024-09-12T08:30:00Z'),
    LastRotatedDate: new Date('2026-05-04T02:17:45Z'),
    LastAccessedDate: new Date('2026-06-10T00:00:00Z'),
    NextRotationDate: new Date('2026-06-03T23:59:59Z'),
    Tags: [{ Key: 'team', Value: 'analytics' }],
  },
};

function record(
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
): CloudTrailRecord {
  return {
    eventID: 'e1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'secretsmanager.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  };
}

describe('describeSecret', () => {
  const secrets = mockClient(SecretsManagerClient);
  const client = () => new SecretsManagerClient({ region: 'us-east-1' });

  beforeEach(() => secrets.reset());

  it('builds the item Config records: ARN as id, Config names (KMSKeyId, RotationRules, Deleted)', async () => {
    const fixture = loadFixture(TYPE, 'database-rotating-30-days');
    secrets.on(DescribeSecretCommand).resolves(DESCRIBED['database-rotating-30-days'] ?? { $metadata: {} });
    const item = await describeSecret(client(), ref);
    expect(item).toMatchObject({
      resourceId: ARN,
      resourceName: 'prod/payments/postgres',
      arn: ARN,
      status: 'OK',
      tags: { team: 'payments' },
    });
    const { RotationOccurringAsScheduled: _scheduled, ...recorded } = fixture.item.configuration ?? {};
    expect(item.configuration).toEqual(recorded);
    expect(item.supplementaryConfiguration).toEqual(fixture.item.supplementaryConfiguration);
  });

  it('records dates Secrets Manager leaves out as null (never rotated, no next rotation), not as absent', async () => {
    secrets.on(DescribeSecretCommand).resolves(DESCRIBED['api-key-not-rotating'] ?? { $metadata: {} });
    expect((await describeSecret(client(), ref)).supplementaryConfiguration).toEqual({
      CreatedDate: '2025-01-20T16:04:51.000Z',
      LastRotatedDate: null,
      LastAccessedDate: '2026-11-22T00:00:00.000Z',
      NextRotationDate: null,
    });
  });

  it('writes a schedule under Config names, RotationEnabled false and KMSKeyId null when never set', async () => {
    secrets.on(DescribeSecretCommand).resolves(DESCRIBED['token-rotating-by-schedule'] ?? { $metadata: {} });
    expect((await describeSecret(client(), ref)).configuration).toMatchObject({
      RotationEnabled: true,
      KMSKeyId: null,
      RotationRules: { RotationScheduleExpression: 'cron(0 4 ? * MON *)', RotationDuration: '3h' },
    });
    secrets.on(DescribeSecretCommand).resolves(DESCRIBED['api-key-not-rotating'] ?? { $metadata: {} });
    const configuration = (await describeSecret(client(), ref)).configuration;
    expect(configuration).toMatchObject({ RotationEnabled: false, KMSKeyId: null, Deleted: false });
    expect(configuration).not.toHaveProperty('RotationRules');
  });

  it.each(Object.keys(DESCRIBED).map((name) => [name]))(
    'reaches the verdict of every Secrets Manager rule that the Config item %s reaches',
    async (name) => {
      const fixture = loadFixture(TYPE, name);
      secrets.on(DescribeSecretCommand).resolves(DESCRIBED[name] ?? { $metadata: {} });
      const item = await describeSecret(client(), { ...ref, lookupId: fixture.item.resourceId });
      const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        const variants = Object.hasOwn(rule.parameters, 'maximumAllowedRotationFrequency')
          ? [{}, { maximumAllowedRotationFrequency: 20 }]
          : [{}];
        for (const parameters of variants) {
          const options = { parameters, now: new Date('2026-11-23T12:00:00Z') };
          const described = evaluateFixture(
            rule,
            { name, item, inventory: createInventory([item]) },
            options,
          );
          expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture, options).compliance);
        }
      }
    },
  );

  it('a secret scheduled for deletion is marked Deleted (the rotation rule skips it)', async () => {
    secrets.on(DescribeSecretCommand).resolves({
      ...DESCRIBED['api-key-not-rotating'],
      DeletedDate: new Date('2026-11-22T00:00:00Z'),
    });
    const item = await describeSecret(client(), ref);
    expect(item.configuration).toMatchObject({ Deleted: true });
    const rule = RULES.find((candidate) => candidate.id === 'secretsmanager-rotation-enabled-check');
    if (rule === undefined) throw new Error('rule missing');
    expect(evaluateFixture(rule, { name: 'x', item, inventory: createInventory([item]) }).compliance).toBe(
      'NOT_APPLICABLE',
    );
  });

  it('a secret that is gone is deleted under its ARN', async () => {
    secrets.on(DescribeSecretCommand).rejects(awsError('ResourceNotFoundException'));
    expect(await describeSecret(client(), { ...ref, lookupId: 'prod/payments/postgres' })).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: ARN,
      configuration: null,
    });
  });

  it('fails when the secret may not be described', async () => {
    secrets.on(DescribeSecretCommand).rejects(awsError('AccessDeniedException'));
    await expect(describeSecret(client(), ref)).rejects.toThrow('AccessDeniedException');
  });

  it('lists every secret across pages, by ARN', async () => {
    secrets
      .on(ListSecretsCommand)
      .resolvesOnce({ SecretList: [{ ARN: `${ARN}-a` }], NextToken: 'n' })
      .resolvesOnce({ SecretList: [{ ARN: `${ARN}-b` }, { Name: 'no-arn' }] });
    const refs = await listSecrets(client(), { accountId: ACCOUNT, region: 'us-east-1', captureTime: '' });
    expect(refs.map((entry) => [entry.lookupId, entry.resourceId])).toEqual([
      [`${ARN}-a`, `${ARN}-a`],
      [`${ARN}-b`, `${ARN}-b`],
    ]);
  });
});

describe('CloudTrail mapping of Secrets Manager calls', () => {
  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId, found.resourceId]);

  it.each([
    [
      'CreateSecret',
      { name: 'prod/payments/postgres', kmsKeyId: KEY },
      { arn: ARN, name: 'prod/payments/postgres' },
    ],
    [
      'RotateSecret',
      { secretId: 'prod/payments/postgres', rotationRules: { automaticallyAfterDays: 30 } },
      { arn: ARN, name: 'prod/payments/postgres', versionId: 'v' },
    ],
    ['UpdateSecret', { secretId: ARN, kmsKeyId: KEY }, { arn: ARN, name: 'prod/payments/postgres' }],
    // Secrets Manager wrote the response's ARN as `aRN` before February 2024.
    [
      'CancelRotateSecret',
      { secretId: 'prod/payments/postgres' },
      { aRN: ARN, name: 'prod/payments/postgres' },
    ],
    ['DeleteSecret', { secretId: ARN, recoveryWindowInDays: 7 }, { arn: ARN, deletionDate: 'd' }],
    [
      'PutResourcePolicy',
      { secretId: ARN, resourcePolicy: '{}' },
      { arn: ARN, name: 'prod/payments/postgres' },
    ],
    ['TagResource', { secretId: ARN, tags: [{ key: 'team', value: 'payments' }] }, null],
  ])('%s re-describes the secret, under its ARN', (eventName, request, response) => {
    expect(touched(record(eventName, request, response))).toEqual([[TYPE, ARN, ARN]]);
  });

  it('a call naming the secret by name only is described by name (its ARN comes from the describe)', () => {
    expect(
      touched(record('UntagResource', { secretId: 'prod/payments/postgres', tagKeys: ['team'] })),
    ).toEqual([[TYPE, 'prod/payments/postgres', undefined]]);
  });

  it('ignores reading a secret value', () => {
    expect(touched(record('GetSecretValue', { secretId: ARN }))).toEqual([]);
  });
});
