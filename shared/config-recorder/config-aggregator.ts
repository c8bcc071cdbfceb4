import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { DescribePermission } from '#shared/describe/resource-type';
import type { ResourceKey, ResourcePage } from './config-recorder';

/** One account, region and resource type of an aggregator: the unit a sharded sweep lists page by page. */
export interface AggregateScope {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
}

/**
 * Read access to an AWS Config aggregator in the central account: the resources and current items of every
 * source account and region, without assuming a role in each.
 */
export interface ConfigAggregator {
  /**
   * One page of an account's and region's resources of a type (one `ListAggregateDiscoveredResources` call
   * with `Filters`); `limit` at most 100 (Config's default when absent).
   */
  listPage(scope: AggregateScope, nextToken?: string, limit?: number): Promise<ResourcePage>;
  /**
   * Current items of up to any number of resources of one account and region
   * (`BatchGetAggregateResourceConfig`, ≤100 per call). Deleted resources have no item. Identifiers Config
   * leaves unprocessed are asked once more; any still unprocessed fail the call with
   * `UnprocessedAggregateResourcesError`, which carries the items that were read.
   */
  batchGet(
    scope: Omit<AggregateScope, 'resourceType'>,
    keys: readonly ResourceKey[],
  ): Promise<ConfigurationItem[]>;
}

/** The IAM actions {@link ConfigAggregator} calls: aggregator reads only. */
export const CONFIG_AGGREGATOR_READ_ACTIONS = [
  'config:ListAggregateDiscoveredResources',
  'config:BatchGetAggregateResourceConfig',
] as const;

/**
 * Every aggregator of the account and region, with the `{partition}`/`{region}`/`{account}` placeholders of
 * {@link DescribePermission}. An aggregator's ARN ends in an id Config assigns
 * (`config-aggregator/config-aggregator-abcdefgh`), not in its name, so a grant that knows only the name
 * cannot be narrower than this.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html
 */
export const CONFIG_AGGREGATOR_ARN_PATTERN = 'arn:{partition}:config:{region}:{account}:config-aggregator/*';

/**
 * The grant {@link ConfigAggregator} needs: its read actions on the aggregator's ARN (the exact ARN when the
 * deployment knows it, else every aggregator of the account and region).
 */
export function configAggregatorPermissions(
  aggregatorArn: string = CONFIG_AGGREGATOR_ARN_PATTERN,
): DescribePermission {
  return {
    actions: CONFIG_AGGREGATOR_READ_ACTIONS,
    resources: [aggregatorArn],
    reason: 'The Config aggregator source of the sweep: aggregated resource listings and items; read-only.',
  };
}
