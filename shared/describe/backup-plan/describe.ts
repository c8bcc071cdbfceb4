import {
  type BackupClient,
  type BackupRule,
  GetBackupPlanCommand,
  type GetBackupPlanCommandOutput,
  paginateListBackupPlans,
  paginateListTags,
} from '@aws-sdk/client-backup';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { BACKUP_PLAN_TYPE } from '#shared/resources/backup';
import { deletedItem, describedItem, errorNameOf } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/** Errors that leave the tags uncollected: no permission to read them. */
const TAGS_UNREADABLE = ['AccessDeniedException'];

/** A plan id from an id or ARN (`arn:aws:backup:<region>:<account>:backup-plan:<id>`). */
export function backupPlanIdOf(lookupId: string): string {
  return lookupId.replace(/^arn:[^:]+:backup:[^:]*:\d*:backup-plan:/, '');
}

/** An SDK response as plain JSON in its own (PascalCase) field names: dates as ISO strings, no metadata. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined && key !== '$metadata') result[key] = plain(member);
  }
  return result;
}

/**
 * One rule as Config records it: the API's `TargetBackupVaultName` is CloudFormation's `TargetBackupVault`,
 * and the service-assigned `RuleId` is not recorded.
 */
function configRule(rule: BackupRule): unknown {
  const { TargetBackupVaultName, RuleId: _ruleId, ...rest } = rule;
  return plain({
    ...rest,
    ...(TargetBackupVaultName === undefined ? {} : { TargetBackupVault: TargetBackupVaultName }),
  });
}

/** Every tag of a plan, or `undefined` when they may not be read. */
async function tagsOf(client: BackupClient, arn: string): Promise<Record<string, string> | undefined> {
  const tags: Record<string, string> = {};
  try {
    for await (const page of paginateListTags({ client }, { ResourceArn: arn }))
      Object.assign(tags, page.Tags);
  } catch (error) {
    if (TAGS_UNREADABLE.includes(errorNameOf(error))) return undefined;
    throw error;
  }
  return tags;
}

/**
 * An `AWS::Backup::BackupPlan` item in Config's CloudFormation-style naming: `BackupPlan.BackupPlanName`, the
 * rules under `BackupPlan.BackupPlanRule` (GetBackupPlan calls them `Rules`) with `TargetBackupVault`, and
 * `BackupPlanArn`, `BackupPlanId`, `VersionId`; keyed by the plan id and named by the plan name. GetBackupPlan
 * still answers for a deleted plan, with a `DeletionDate`: such a plan is deleted.
 */
export async function describeBackupPlan(client: BackupClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const id = backupPlanIdOf(ref.lookupId);
  let response: GetBackupPlanCommandOutput;
  try {
    response = await client.send(new GetBackupPlanCommand({ BackupPlanId: id }));
  } catch (error) {
    if (errorNameOf(error) === 'ResourceNotFoundException') return deletedItem(ref, id);
    throw error;
  }
  if (response.BackupPlan === undefined || response.DeletionDate !== undefined) return deletedItem(ref, id);
  const { Rules, ...plan } = response.BackupPlan;
  const arn = response.BackupPlanArn;
  const tags = arn === undefined ? undefined : await tagsOf(client, arn);
  return describedItem(ref, {
    resourceId: response.BackupPlanId ?? id,
    ...(plan.BackupPlanName === undefined ? {} : { resourceName: plan.BackupPlanName }),
    ...(arn === undefined ? {} : { arn }),
    configuration: {
      BackupPlan: {
        ...(plain(plan) as Record<string, unknown>),
        BackupPlanRule: (Rules ?? []).map(configRule),
      },
      ...(arn === undefined ? {} : { BackupPlanArn: arn }),
      BackupPlanId: response.BackupPlanId ?? id,
      ...(response.VersionId === undefined ? {} : { VersionId: response.VersionId }),
    },
    ...(tags === undefined ? {} : { tags }),
  });
}

/** Every backup plan of the region that is not deleted. */
export async function listBackupPlans(client: BackupClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListBackupPlans({ client }, {})) {
    for (const plan of page.BackupPlansList ?? []) {
      if (plan.BackupPlanId && plan.DeletionDate === undefined) {
        refs.push({ ...base, resourceType: BACKUP_PLAN_TYPE, lookupId: plan.BackupPlanId });
      }
    }
  }
  return refs;
}
