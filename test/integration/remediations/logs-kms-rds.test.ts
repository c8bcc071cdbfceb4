import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allowTagExemptions } from '#test/support/acceptances';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { type LocalRemediation, localRemediation, onlyRecord, requestFor } from './harness';

describe('log group, KMS key and RDS remediations through the real handler (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let on: LocalRemediation;
  let dryRun: LocalRemediation;
  let logs: CloudWatchLogsClient;
  let kms: KMSClient;
  let rds: RDSClient;

  beforeAll(async () => {
    const toggles = (mode: string) =>
      JSON.stringify({
        'cw-loggroup-retention-period-check': mode,
        'cmk-backing-key-rotation-enabled': mode,
        'rds-instance-public-access-check': mode,
      });
    [on, dryRun] = await Promise.all([
      localRemediation(endpoint, 'vigil-rem-data', { REMEDIATION_TOGGLES: toggles('on') }),
      localRemediation(endpoint, 'vigil-rem-datad', { REMEDIATION_TOGGLES: toggles('dry-run') }),
    ]);
    // A vigil:exempt tag exempts only where the register allows it (docs/acceptances.md).
    await allowTagExemptions(endpoint, on.stack, ['cw-loggroup-retention-period-check'], '/vigil/test/*');
    const config = awsClientConfig(endpoint);
    logs = new CloudWatchLogsClient(config);
    kms = new KMSClient(config);
    rds = new RDSClient(config);
  });

  afterAll(() => {
    on?.close();
    dryRun?.close();
    for (const client of [logs, kms, rds]) client?.destroy();
  });

  async function shortLivedLogGroup(tags?: Record<string, string>): Promise<string> {
    const name = `/vigil/test/${uniqueName('app')}`;
    await logs.send(
      new CreateLogGroupCommand({ logGroupName: name, ...(tags === undefined ? {} : { tags }) }),
    );
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 30 }));
    return name;
  }

  async function retentionOf(name: string): Promise<number | undefined> {
    const response = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return response.logGroups?.find((group) => group.logGroupName === name)?.retentionInDays;
  }

  const logGroupRequest = (name: string) =>
    requestFor('cw-loggroup-retention-period-check', {
      resourceType: 'AWS::Logs::LogGroup',
      resourceId: name,
      resourceName: name,
    });

  it('cw-loggroup-retention-period-check: on raises 30 to 365 days, dry-run and exempt keep 30', async () => {
    const [fixed, planned, exempt] = await Promise.all([
      shortLivedLogGroup(),
      shortLivedLogGroup(),
      shortLivedLogGroup({
        'vigil:exempt': 'cw-loggroup-retention-period-check',
        'vigil:exempt-reason': 'scratch',
      }),
    ]);
    await on.run(logGroupRequest(fixed), logGroupRequest(exempt));
    await dryRun.run(logGroupRequest(planned));
    expect(await retentionOf(fixed)).toBe(365);
    expect(await retentionOf(planned)).toBe(30);
    expect(await retentionOf(exempt)).toBe(30);
    const { record } = await onlyRecord(on, 'cw-loggroup-retention-period-check', fixed);
    expect(record.outcome, record.reason).toBe('remediated');
    expect(record.after?.compliance).toBe('COMPLIANT');
    expect(
      (await onlyRecord(dryRun, 'cw-loggroup-retention-period-check', planned)).record.planned[0]?.input,
    ).toEqual({
      logGroupName: planned,
      retentionInDays: 365,
    });
    expect((await onlyRecord(on, 'cw-loggroup-retention-period-check', exempt)).record.outcome).toBe(
      'exempt',
    );
  });

  it('cmk-backing-key-rotation-enabled: on enables rotation, dry-run leaves it off', async () => {
    const [fixed, planned] = await Promise.all(
      [1, 2].map(
        async () =>
          (await kms.send(new CreateKeyCommand({ Description: 'vigil test' }))).KeyMetadata?.KeyId ?? '',
      ),
    );
    const request = (keyId: string) =>
      requestFor('cmk-backing-key-rotation-enabled', { resourceType: 'AWS::KMS::Key', resourceId: keyId });
    await on.run(request(fixed ?? ''));
    await dryRun.run(request(planned ?? ''));
    const rotation = async (keyId: string) =>
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled;
    expect(await rotation(fixed ?? '')).toBe(true);
    expect(await rotation(planned ?? '')).toBe(false);
    const dry = await onlyRecord(dryRun, 'cmk-backing-key-rotation-enabled', planned ?? '');
    expect(dry.record).toMatchObject({
      outcome: 'planned',
      made: [],
      planned: [{ operation: 'EnableKeyRotation' }],
    });
    const { record } = await onlyRecord(on, 'cmk-backing-key-rotation-enabled', fixed ?? '');
    expect(record.outcome, record.reason).toBe('remediated');
    expect(record.after?.compliance).toBe('COMPLIANT');
  });

  it('rds-instance-public-access-check: on makes the instance private, dry-run leaves it public', async () => {
    const create = async (): Promise<string> => {
      const identifier = uniqueName('db');
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: identifier,
          DBInstanceClass: 'db.t3.micro',
          Engine: 'postgres',
          AllocatedStorage: 20,
          MasterUsername: 'vigil',
          MasterUserPassword: 'not-a-real-password-1',
          PubliclyAccessible: true,
        }),
      );
      return identifier;
    };
    const [fixed, planned] = await Promise.all([create(), create()]);
    const request = (identifier: string) =>
      requestFor('rds-instance-public-access-check', {
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: identifier,
        resourceName: identifier,
      });
    await on.run(request(fixed));
    await dryRun.run(request(planned));
    const publiclyAccessible = async (identifier: string) =>
      (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))).DBInstances?.[0]
        ?.PubliclyAccessible;
    expect(await publiclyAccessible(fixed)).toBe(false);
    expect(await publiclyAccessible(planned)).toBe(true);
    const records = await on.records();
    const record = records.find((entry) => entry.record.resource.resourceName === fixed)?.record;
    expect(record?.outcome, record?.reason).toBe('remediated');
    expect(record?.verification).toBe('deferred');
    const dry = (await dryRun.records()).find(
      (entry) => entry.record.resource.resourceName === planned,
    )?.record;
    expect(dry).toMatchObject({
      outcome: 'planned',
      planned: [
        {
          operation: 'ModifyDBInstance',
          input: { DBInstanceIdentifier: planned, PubliclyAccessible: false },
        },
      ],
    });
  });
});
