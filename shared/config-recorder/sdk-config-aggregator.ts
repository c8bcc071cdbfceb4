import {
  type AggregateResourceIdentifier,
  BatchGetAggregateResourceConfigCommand,
  type ConfigServiceClient,
  ListAggregateDiscoveredResourcesCommand,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { type ConfigurationItem, normalizeConfigurationItem } from '#shared/config-item/configuration-item';
import { chunks } from './chunks';
import type { AggregateScope, ConfigAggregator } from './config-aggregator';
import { BATCH_GET_MAX, type ResourceKey, type ResourcePage } from './config-recorder';
import { ConfigAggregatorError, UnprocessedAggregateResourcesError } from './errors';

/** Wait before asking again for identifiers Config left unprocessed (they are usually throttled ones). */
const UNPROCESSED_RETRY_DELAY_MS = 500;

/**
 * ConfigAggregator on the AWS Config API (SDK v3), reading one named aggregator with a client in the
 * aggregator's account and region. Items are normalized as `BatchGetResourceConfig`'s are (an aggregate item
 * is the same `BaseConfigurationItem`); Config returns aggregate items without tags and relationships.
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_BatchGetAggregateResourceConfig.html
 */
export class SdkConfigAggregator implements ConfigAggregator {
  readonly #client: ConfigServiceClient;
  readonly #aggregatorName: string;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: {
    readonly client: ConfigServiceClient;
    readonly aggregatorName: string;
    readonly sleep?: (ms: number) => Promise<void>;
  }) {
    this.#client = options.client;
    this.#aggregatorName = options.aggregatorName;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async listPage(scope: AggregateScope, nextToken?: string, limit?: number): Promise<ResourcePage> {
    const response = await this.#client
      .send(
        new ListAggregateDiscoveredResourcesCommand({
          ConfigurationAggregatorName: this.#aggregatorName,
          ResourceType: scope.resourceType as ResourceType,
          Filters: { AccountId: scope.accountId, Region: scope.region },
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          ...(limit === undefined ? {} : { Limit: limit }),
        }),
      )
      .catch(
        this.#wrap(`cannot list ${scope.resourceType} resources of ${scope.accountId} ${scope.region}`, {
          ...scope,
        }),
      );
    const keys: ResourceKey[] = [];
    for (const identifier of response.ResourceIdentifiers ?? []) {
      // The filters already scope the page; a resource of another account or region would belong to another
      // shard (and be judged twice), so only the scope's own are kept.
      if (
        identifier.ResourceId &&
        identifier.SourceAccountId === scope.accountId &&
        identifier.SourceRegion === scope.region
      )
        keys.push({ resourceType: scope.resourceType, resourceId: identifier.ResourceId });
    }
    return response.NextToken ? { keys, nextToken: response.NextToken } : { keys };
  }

  async batchGet(
    scope: Omit<AggregateScope, 'resourceType'>,
    keys: readonly ResourceKey[],
  ): Promise<ConfigurationItem[]> {
    const items: ConfigurationItem[] = [];
    const unprocessed: ResourceKey[] = [];
    for (const chunk of chunks(keys, BATCH_GET_MAX)) {
      const first = await this.#batchGetOnce(scope, chunk);
      items.push(...first.items);
      if (first.unprocessed.length === 0) continue;
      await this.#sleep(UNPROCESSED_RETRY_DELAY_MS);
      const second = await this.#batchGetOnce(scope, first.unprocessed);
      items.push(...second.items);
      unprocessed.push(...second.unprocessed);
    }
    if (unprocessed.length > 0) {
      const named = unprocessed
        .slice(0, 3)
        .map((key) => `${key.resourceType} ${key.resourceId}`)
        .join(', ');
      throw new UnprocessedAggregateResourcesError(
        `Config aggregator ${this.#aggregatorName} left ${unprocessed.length} of ${keys.length} resources of ` +
          `${scope.accountId} ${scope.region} unprocessed after a retry (${named}${unprocessed.length > 3 ? ', …' : ''})`,
        { items, unprocessed, context: { aggregatorName: this.#aggregatorName, ...scope } },
      );
    }
    return items;
  }

  /** One `BatchGetAggregateResourceConfig` call of at most 100 keys. */
  async #batchGetOnce(
    scope: Omit<AggregateScope, 'resourceType'>,
    keys: readonly ResourceKey[],
  ): Promise<{ items: ConfigurationItem[]; unprocessed: ResourceKey[] }> {
    const response = await this.#client
      .send(
        new BatchGetAggregateResourceConfigCommand({
          ConfigurationAggregatorName: this.#aggregatorName,
          ResourceIdentifiers: keys.map(
            (key): AggregateResourceIdentifier => ({
              SourceAccountId: scope.accountId,
              SourceRegion: scope.region,
              ResourceType: key.resourceType as ResourceType,
              ResourceId: key.resourceId,
            }),
          ),
        }),
      )
      .catch(
        this.#wrap(`cannot batch-get configuration items of ${scope.accountId} ${scope.region}`, {
          ...scope,
          count: keys.length,
        }),
      );
    return {
      items: (response.BaseConfigurationItems ?? []).map((raw) => normalizeConfigurationItem(raw)),
      unprocessed: (response.UnprocessedResourceIdentifiers ?? []).flatMap((identifier) =>
        identifier.ResourceType && identifier.ResourceId
          ? [{ resourceType: identifier.ResourceType, resourceId: identifier.ResourceId }]
          : [],
      ),
    };
  }

  #wrap(message: string, context: Record<string, unknown>): (error: unknown) => never {
    return (error) => {
      throw new ConfigAggregatorError(
        `${message}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          context: { aggregatorName: this.#aggregatorName, ...context },
        },
      );
    };
  }
}
