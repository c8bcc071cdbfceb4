import { CreateBackupPlanCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { logged } from './logged';
import type { PairSeeder } from './pair';

/**
 * A plan that backs up only weekly and keeps recovery points 7 days, beside a twin that backs up daily and
 * keeps them 35 days (backup-plan-min-frequency-and-min-retention-check's defaults: daily, 35 days).
 */
export const BACKUP_PLAN_SEEDER: PairSeeder = {
  resourceType: 'AWS::Backup::BackupPlan',
  async seed(clients, { suffix }) {
    const backup = await clients.client('backup');
    const vault = `vigil-vault-${suffix}`;
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: vault }));
    const plans = [
      {
        BackupPlanName: `vigil-plan-weekly-${suffix}`,
        Rules: [
          {
            RuleName: 'weekly',
            TargetBackupVaultName: vault,
            ScheduleExpression: 'cron(0 5 ? * SUN *)',
            Lifecycle: { DeleteAfterDays: 7 },
          },
        ],
      },
      {
        BackupPlanName: `vigil-plan-daily-${suffix}`,
        Rules: [
          {
            RuleName: 'daily',
            TargetBackupVaultName: vault,
            ScheduleExpression: 'cron(0 5 ? * * *)',
            Lifecycle: { DeleteAfterDays: 35 },
          },
        ],
      },
    ];
    const ids: string[] = [];
    const events = [];
    for (const plan of plans) {
      const created = await backup.send(new CreateBackupPlanCommand({ BackupPlan: plan }));
      ids.push(created.BackupPlanId ?? '');
      events.push({
        eventSource: 'backup.amazonaws.com',
        eventName: 'CreateBackupPlan',
        requestParameters: {
          backupPlan: {
            backupPlanName: plan.BackupPlanName,
            rules: plan.Rules.map((rule) => ({
              ruleName: rule.RuleName,
              targetBackupVaultName: rule.TargetBackupVaultName,
              scheduleExpression: rule.ScheduleExpression,
              lifecycle: { deleteAfterDays: rule.Lifecycle.DeleteAfterDays },
            })),
          },
        },
        responseElements: logged({
          backupPlanId: created.BackupPlanId,
          backupPlanArn: created.BackupPlanArn,
          versionId: created.VersionId,
        }),
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::Backup::BackupPlan', resourceId: ids[0] ?? '' },
      compliant: { resourceType: 'AWS::Backup::BackupPlan', resourceId: ids[1] ?? '' },
      failingRules: ['backup-plan-min-frequency-and-min-retention-check'],
      events,
      motoGaps: [
        'moto does not implement UpdateBackupPlan: the pair is made by CreateBackupPlan only; the ' +
          'UpdateBackupPlan mapping is unit-tested on the CloudTrail record shape.',
      ],
    };
  },
};
