import { BACKUP_PLAN_TYPE } from '#shared/resources/backup';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The plan id of a backup plan ARN (`arn:aws:backup:<region>:<account>:backup-plan:<id>`); other ARNs → undefined. */
function planIdOfArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /^arn:[^:]+:backup:[^:]*:\d*:backup-plan:(.+)$/.exec(arn)?.[1];
}

/** AWS Backup plans with their rules' schedules and retention. */
export const BACKUP_PLAN: DescribableType = {
  resourceType: BACKUP_PLAN_TYPE,
  services: ['backup'],
  permissions: [
    {
      actions: ['backup:ListBackupPlans'],
      resources: ['*'],
      reason: 'backup:ListBackupPlans supports no resource-level permissions; it lists plan ids only.',
    },
    {
      actions: ['backup:GetBackupPlan', 'backup:ListTags'],
      resources: ['arn:{partition}:backup:{region}:{account}:backup-plan:*'],
      reason: 'Vigil judges every backup plan of this account and region; read-only.',
    },
  ],
  cloudTrail: {
    'backup.amazonaws.com': {
      CreateBackupPlan: (record) => [
        [
          BACKUP_PLAN_TYPE,
          stringAt(record.responseElements, 'backupPlanId') ??
            planIdOfArn(stringAt(record.responseElements, 'backupPlanArn')),
        ],
      ],
      ...sameExtractor(['UpdateBackupPlan', 'DeleteBackupPlan'], (record) => [
        [
          BACKUP_PLAN_TYPE,
          stringAt(record.requestParameters, 'backupPlanId') ??
            stringAt(record.responseElements, 'backupPlanId'),
        ],
      ]),
      // TagResource takes any Backup resource ARN (plans, vaults, recovery points).
      ...sameExtractor(['TagResource', 'UntagResource'], (record) => {
        const id = planIdOfArn(stringAt(record.requestParameters, 'resourceArn'));
        return id === undefined ? [] : [[BACKUP_PLAN_TYPE, id]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeBackupPlan(await clients.client('backup'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listBackupPlans(await clients.client('backup'), base),
};
