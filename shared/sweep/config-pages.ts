import type { ConfigAggregator } from '#shared/config-recorder/config-aggregator';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import { UnprocessedAggregateResourcesError } from '#shared/config-recorder/errors';
import type { ConfigPages } from './worker';

/**
 * Config listings page by page from each account's and region's own recorder (`ListDiscoveredResources`
 * then `BatchGetResourceConfig` for the page's keys).
 */
export function recorderPages(
  recorderOf: (accountId: string, region: string) => ConfigRecorder,
): ConfigPages {
  return {
    async page(page, token, limit) {
      const recorder = recorderOf(page.accountId, page.region);
      const listed = await recorder.listResourcesPage(page.resourceType, token, limit);
      const items = listed.keys.length === 0 ? [] : await recorder.batchGet(listed.keys);
      return {
        items,
        failures: [],
        ...(listed.nextToken === undefined ? {} : { nextToken: listed.nextToken }),
      };
    },
  };
}

/**
 * Config listings page by page from the organization's aggregator in the central account: no role is
 * assumed in the member. Resources the aggregator leaves unprocessed are failures of the page (named), the
 * rest of the page is judged.
 */
export function aggregatorPages(aggregator: ConfigAggregator): ConfigPages {
  return {
    async page(page, token, limit) {
      const scope = { accountId: page.accountId, region: page.region };
      const listed = await aggregator.listPage({ ...scope, resourceType: page.resourceType }, token, limit);
      const next = listed.nextToken === undefined ? {} : { nextToken: listed.nextToken };
      if (listed.keys.length === 0) return { items: [], failures: [], ...next };
      try {
        return { items: await aggregator.batchGet(scope, listed.keys), failures: [], ...next };
      } catch (error) {
        if (!(error instanceof UnprocessedAggregateResourcesError)) throw error;
        return {
          items: error.items,
          failures: error.unprocessed.map((key) => ({
            scope: `${key.resourceType} ${key.resourceId}`,
            message: 'the Config aggregator left it unprocessed',
          })),
          ...next,
        };
      }
    },
  };
}
