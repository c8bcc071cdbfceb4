import { ACCOUNT_ID, configurationItem, type RawConfigurationItem } from './envelope';

function backupPlan(options: {
  id: string;
  name: string;
  vault: string;
  rules: readonly { name: string; schedule: string; deleteAfterDays: number; coldAfterDays?: number }[];
}): RawConfigurationItem {
  const arn = `arn:aws:backup:us-east-1:${ACCOUNT_ID}:backup-plan:${options.id}`;
  return configurationItem({
    resourceType: 'AWS::Backup::BackupPlan',
    resourceId: options.id,
    resourceName: options.name,
    arn,
    captureTime: '2026-11-18T22:41:07.390Z',
    createdAt: '2025-01-14T09:03:22.117Z',
    tags: { team: 'platform' },
    configuration: {
      BackupPlan: {
        BackupPlanName: options.name,
        BackupPlanRule: options.rules.map((rule) => ({
          RuleName: rule.name,
          TargetBackupVault: options.vault,
          ScheduleExpression: rule.schedule,
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 180,
          EnableContinuousBackup: false,
          Lifecycle: {
            DeleteAfterDays: rule.deleteAfterDays,
            ...(rule.coldAfterDays === undefined ? {} : { MoveToColdStorageAfterDays: rule.coldAfterDays }),
          },
        })),
      },
      BackupPlanArn: arn,
      BackupPlanId: options.id,
      VersionId: 'ZjQ3YTI1NWMtOWRlOC00ZmI1LWE0ZTYtNzM4NDM5YzZiMDU3',
    },
  });
}

/** AWS Backup plans. */
export function resilienceResources(): RawConfigurationItem[] {
  return [
    backupPlan({
      id: 'b1f6c3d2-7a48-4e09-9c5d-2e8f4a1b6c37',
      name: 'production-daily-monthly',
      vault: 'production-vault',
      rules: [
        { name: 'DailyBackups', schedule: 'cron(0 5 ? * * *)', deleteAfterDays: 35 },
        { name: 'MonthlyBackups', schedule: 'cron(0 5 1 * ? *)', deleteAfterDays: 365, coldAfterDays: 30 },
      ],
    }),
    backupPlan({
      id: '4c2a9e71-0b3d-4f58-a6e2-91d7c3b5f804',
      name: 'analytics-weekly',
      vault: 'analytics-vault',
      rules: [{ name: 'WeeklyBackups', schedule: 'cron(0 3 ? * SUN *)', deleteAfterDays: 90 }],
    }),
  ];
}
