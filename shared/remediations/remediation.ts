import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { Inventory } from '#shared/rules/inventory';
import type { Parameters } from '#shared/rules/rule';
import type { PlannedCall } from './calls';

/** Where `vpc-flow-logs-enabled` sends the flow logs it creates (from the deployment's settings). */
export type FlowLogDestination =
  | { readonly type: 'cloud-watch-logs'; readonly logGroupName: string; readonly deliverLogsRoleArn: string }
  | { readonly type: 's3'; readonly bucketArn: string };

/** Deployment settings some remediations need; absent ones make those remediations refuse to plan. */
export interface RemediationSettings {
  /** KMS key (id, ARN or alias) for S3 default encryption; SSE-S3 (AES256) when absent. */
  readonly s3KmsKeyId?: string;
  readonly flowLogDestination?: FlowLogDestination;
}

/** Everything a plan may use besides the item: the rule's resolved parameters, settings, inventory. */
export interface RemediationContext<TParameters extends Parameters = Parameters> {
  readonly parameters: TParameters;
  readonly settings: RemediationSettings;
  /** The other current resources the rule judged the item by (flow logs of a VPC, …). */
  readonly inventory: Inventory;
}

/**
 * What a remediation would do to one resource: the exact calls, nothing (already in the wanted state),
 * or a refusal when it cannot act safely (unreadable policy, no destination configured, …).
 */
export type RemediationPlan =
  | { readonly kind: 'calls'; readonly calls: readonly [PlannedCall, ...PlannedCall[]] }
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * An auto-remediation of one rule: typed metadata and a pure `plan()` that turns the current
 * configuration item into the API calls that bring it into compliance. File name = `ruleId`.
 * A plan never deletes data or resources and is idempotent: planned against an item already in the
 * wanted state, it returns `none`.
 */
export interface Remediation<
  TParameters extends Parameters = Parameters,
  TConfiguration extends Record<string, unknown> = Record<string, unknown>,
> {
  /** The rule this remediation fixes (also its file name under `shared/remediations/`). */
  readonly ruleId: string;
  /** The change, phrased as an action: "Turn on all four bucket-level Block Public Access settings". */
  readonly title: string;
  readonly resourceTypes: readonly string[];
  /** The IAM actions the calls of its plans need, so the deployment grants only these. */
  readonly permissions: readonly string[];
  /**
   * `immediate`: the service applies the change at once, so a re-evaluation right after confirms it;
   * `deferred`: the service applies it asynchronously (RDS), so the next evaluation confirms it.
   */
  readonly verification: 'immediate' | 'deferred';
  plan(item: ConfigurationItem<TConfiguration>, context: RemediationContext<TParameters>): RemediationPlan;
}

/** A plan of calls. */
export function planCalls(first: PlannedCall, ...rest: PlannedCall[]): RemediationPlan {
  return { kind: 'calls', calls: [first, ...rest] };
}

/** A plan that does nothing because the resource is already in the wanted state. */
export function nothingToDo(reason: string): RemediationPlan {
  return { kind: 'none', reason };
}

/** A plan refused because acting would not be safe or possible; a person must look. */
export function refuse(reason: string): RemediationPlan {
  return { kind: 'refused', reason };
}
