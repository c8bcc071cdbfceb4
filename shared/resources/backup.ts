/** The `AWS::Backup::BackupPlan` resource type. */
export const BACKUP_PLAN_TYPE = 'AWS::Backup::BackupPlan';

/** One backup rule of a plan, in the CloudFormation-like casing AWS Config records. */
export type BackupPlanRule = {
  readonly RuleName?: string;
  readonly TargetBackupVault?: string;
  /** `cron(...)` in UTC; AWS Backup runs daily at 05:00 UTC when it is absent. */
  readonly ScheduleExpression?: string | null;
  readonly ScheduleExpressionTimezone?: string | null;
  readonly StartWindowMinutes?: number;
  readonly CompletionWindowMinutes?: number;
  readonly EnableContinuousBackup?: boolean;
  /** No lifecycle (or no `DeleteAfterDays`) keeps recovery points until someone deletes them. */
  readonly Lifecycle?: {
    readonly DeleteAfterDays?: number | null;
    readonly MoveToColdStorageAfterDays?: number | null;
  } | null;
};

/**
 * `configuration` of an `AWS::Backup::BackupPlan` item. Config records the rules as
 * `BackupPlan.BackupPlanRule`; the `GetBackupPlan` API (and so a describer) names them `BackupPlan.Rules`.
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::Backup::BackupPlan.properties.json
 */
export type BackupPlanConfiguration = {
  readonly BackupPlanArn?: string;
  readonly BackupPlanId?: string;
  readonly VersionId?: string;
  readonly BackupPlan?: {
    readonly BackupPlanName?: string;
    readonly BackupPlanRule?: readonly BackupPlanRule[] | null;
    readonly Rules?: readonly BackupPlanRule[] | null;
  };
};

/** The schedule AWS Backup uses for a rule without `ScheduleExpression`. */
export const DEFAULT_BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';

/** The backup rules of a plan, whichever name the item uses for them. */
export function backupPlanRules(configuration: BackupPlanConfiguration | null): readonly BackupPlanRule[] {
  const plan = configuration?.BackupPlan;
  return plan?.BackupPlanRule ?? plan?.Rules ?? [];
}
