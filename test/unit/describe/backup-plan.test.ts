import {
  BackupClient,
  GetBackupPlanCommand,
  ListBackupPlansCommand,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeBackupPlan, listBackupPlans } from '#shared/describe/backup-plan/describe';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { backupPlanMinFrequencyAndMinRetentionCheck } from '#shared/rules/backup/backup-plan-min-frequency-and-min-retention-check';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const PLAN_ID = 'b1f6c3d2-7a48-4e09-9c5d-2e8f4a1b6c37';
const PLAN_ARN = `arn:aws:backup:us-east-1:123456789012:backup-plan:${PLAN_ID}`;
const backup = mockClient(BackupClient);
const engine = new RuleEngine([backupPlanMinFrequencyAndMinRetentionCheck]);

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: 'AWS::Backup::BackupPlan',
  lookupId,
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** GetBackupPlan's answer for the `daily-and-monthly` fixture. */
function plan(dailyRetention = 35) {
  return {
    BackupPlan: {
      BackupPlanName: 'production-daily-monthly',
      Rules: [
        {
          RuleName: 'DailyBackups',
          TargetBackupVaultName: 'production-vault',
          ScheduleExpression: 'cron(0 5 ? * * *)',
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 180,
          EnableContinuousBackup: false,
          Lifecycle: { DeleteAfterDays: dailyRetention },
          RuleId: '8a1c2f3e-0b4d-4c5e-9f6a-7b8c9d0e1f2a',
        },
        {
          RuleName: 'MonthlyBackups',
          TargetBackupVaultName: 'production-vault',
          ScheduleExpression: 'cron(0 5 1 * ? *)',
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 180,
          EnableContinuousBackup: false,
          Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 30 },
          RuleId: '1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b',
        },
      ],
    },
    BackupPlanId: PLAN_ID,
    BackupPlanArn: PLAN_ARN,
    VersionId: 'ZjQ3YTI1NWMtOWRlOC00ZmI1LWE0ZTYtNzM4NDM5YzZiMDU3',
    CreationDate: new Date('2025-01-14T09:03:22.117Z'),
  };
}

const verdictOf = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  engine.evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })[0]?.compliance;

describe('describeBackupPlan', () => {
  beforeEach(() => {
    backup.reset();
    backup.on(GetBackupPlanCommand, { BackupPlanId: PLAN_ID }).resolves(plan());
    backup.on(ListTagsCommand, { ResourceArn: PLAN_ARN }).resolves({ Tags: { team: 'platform' } });
  });

  it('builds the item AWS Config records: rules as BackupPlan.BackupPlanRule with TargetBackupVault', async () => {
    const fixture = loadFixture('AWS::Backup::BackupPlan', 'daily-and-monthly');
    const item = await describeBackupPlan(new BackupClient({}), ref(PLAN_ID));
    expect(item).toMatchObject({
      resourceId: fixture.item.resourceId,
      resourceName: fixture.item.resourceName,
      arn: fixture.item.arn,
      tags: fixture.item.tags,
      status: 'OK',
    });
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(verdictOf(item)).toBe('COMPLIANT');
  });

  it('a daily rule kept too briefly fails the rule, as the matching fixture does', async () => {
    backup.on(GetBackupPlanCommand).resolves(plan(7));
    const item = await describeBackupPlan(new BackupClient({}), ref(PLAN_ARN));
    expect(item.resourceId).toBe(PLAN_ID);
    expect(verdictOf(item)).toBe('NON_COMPLIANT');
    expect(verdictOf(loadFixture('AWS::Backup::BackupPlan', 'daily-short-retention').item)).toBe(
      'NON_COMPLIANT',
    );
  });

  it('leaves the tags empty when they may not be read, and keeps the plan', async () => {
    backup.on(ListTagsCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeBackupPlan(new BackupClient({}), ref(PLAN_ID));
    expect(item.tags).toEqual({});
    expect(verdictOf(item)).toBe('COMPLIANT');
  });

  it.each([
    [
      'unknown to AWS Backup',
      () => backup.on(GetBackupPlanCommand).rejects(awsError('ResourceNotFoundException')),
    ],
    [
      'answered with a DeletionDate',
      () => backup.on(GetBackupPlanCommand).resolves({ ...plan(), DeletionDate: new Date(CAPTURE) }),
    ],
  ])('a plan %s is deleted', async (_, arrange) => {
    arrange();
    const item = await describeBackupPlan(new BackupClient({}), ref(PLAN_ID));
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: PLAN_ID, configuration: null });
  });

  it('lists every plan that is not deleted, across pages', async () => {
    backup
      .on(ListBackupPlansCommand)
      .resolvesOnce({ BackupPlansList: [{ BackupPlanId: 'p1' }], NextToken: 't' })
      .resolvesOnce({
        BackupPlansList: [{ BackupPlanId: 'p2', DeletionDate: new Date(CAPTURE) }, { BackupPlanId: 'p3' }],
      });
    const refs = await listBackupPlans(new BackupClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['p1', 'p3']);
  });
});

function record(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
): CloudTrailRecord {
  return {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'backup.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: responseElements as CloudTrailRecord['responseElements'],
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of Backup plan calls', () => {
  it('CreateBackupPlan describes the plan of the response', () => {
    expect(
      refsOf(
        record(
          'CreateBackupPlan',
          { backupPlan: { backupPlanName: 'production-daily-monthly', rules: [] } },
          { backupPlanId: PLAN_ID, backupPlanArn: PLAN_ARN, versionId: 'v1' },
        ),
      ),
    ).toEqual([['AWS::Backup::BackupPlan', PLAN_ID]]);
  });

  it.each(['UpdateBackupPlan', 'DeleteBackupPlan'])('%s describes the plan it names', (name) => {
    expect(refsOf(record(name, { backupPlanId: PLAN_ID }))).toEqual([['AWS::Backup::BackupPlan', PLAN_ID]]);
  });

  it('tag calls on a plan describe it; on a vault they do not', () => {
    expect(refsOf(record('TagResource', { resourceArn: PLAN_ARN, tags: {} }))).toEqual([
      ['AWS::Backup::BackupPlan', PLAN_ID],
    ]);
    expect(
      refsOf(
        record('UntagResource', {
          resourceArn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:production-vault',
          tagKeyList: ['a'],
        }),
      ),
    ).toEqual([]);
  });
});
