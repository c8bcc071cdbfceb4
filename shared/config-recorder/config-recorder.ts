import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { Compliance } from '#shared/rules/rule';

/** A recorded resource as AWS Config lists it. */
export interface ResourceKey {
  readonly resourceType: string;
  readonly resourceId: string;
}

/** One result reported back to AWS Config for a custom rule. */
export interface ConfigEvaluation {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly compliance: Compliance;
  /** At most 256 characters. */
  readonly annotation: string;
  readonly orderingTimestamp: Date;
}

/** Config's limit of evaluations in one `PutEvaluations` call. */
export const PUT_EVALUATIONS_MAX = 100;

/** Config's limit of keys in one `BatchGetResourceConfig` call. */
export const BATCH_GET_MAX = 100;

/** Config's limit of resource identifiers on one page of `ListDiscoveredResources` (and its aggregate form). */
export const LIST_PAGE_MAX = 100;

/** One page of a listing: the keys on it, and the token of the next page when there is one. */
export interface ResourcePage {
  readonly keys: ResourceKey[];
  readonly nextToken?: string;
}

/** Read access to the AWS Config recorder, and the result channel of custom rules. */
export interface ConfigRecorder {
  /** The item captured at `captureTime` (or the newest one before it), e.g. for an oversized notification. */
  itemAt(key: ResourceKey, captureTime: string): Promise<ConfigurationItem | undefined>;
  /** Every resource of a type the recorder has discovered (all pages); deleted resources left out. */
  listResources(resourceType: string): Promise<ResourceKey[]>;
  /**
   * One page (one `ListDiscoveredResources` call) of the resources of a type the recorder has discovered,
   * deleted resources left out; `limit` at most {@link LIST_PAGE_MAX} (Config's default when absent).
   */
  listResourcesPage(resourceType: string, nextToken?: string, limit?: number): Promise<ResourcePage>;
  /** Current items of up to any number of resources, fetched in calls of at most 100 keys. */
  batchGet(keys: readonly ResourceKey[]): Promise<ConfigurationItem[]>;
  /** Reports evaluations of a custom rule in calls of at most 100; returns those Config refused. */
  putEvaluations(resultToken: string, evaluations: readonly ConfigEvaluation[]): Promise<ConfigEvaluation[]>;
}
