import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ConfigAggregator } from '#shared/config-recorder/config-aggregator';
import { UnprocessedAggregateResourcesError } from '#shared/config-recorder/errors';
import { aggregatorPages } from '#shared/sweep/config-pages';

const TOPIC = 'AWS::SNS::Topic';
const PAGE = { accountId: '222222222222', region: 'eu-west-1', resourceType: TOPIC };

const item = (resourceId: string): ConfigurationItem => ({
  accountId: PAGE.accountId,
  region: PAGE.region,
  resourceType: TOPIC,
  resourceId,
  captureTime: '2026-12-07T08:00:00.000Z',
  status: 'OK',
  configuration: {},
  supplementaryConfiguration: {},
  tags: {},
  relationships: [],
});

describe('aggregatorPages: a shard read through the Config aggregator', () => {
  it('asks for the shard’s account, region and type, and passes the token on', async () => {
    const asked: unknown[] = [];
    const aggregator: ConfigAggregator = {
      async listPage(scope, token, limit) {
        asked.push({ scope, token, limit });
        return { keys: [{ resourceType: TOPIC, resourceId: 'a' }], nextToken: 'next' };
      },
      batchGet: async (_scope, keys) => keys.map((key) => item(key.resourceId)),
    };
    const page = await aggregatorPages(aggregator).page(PAGE, 'token-1', 100);
    expect(asked).toEqual([{ scope: PAGE, token: 'token-1', limit: 100 }]);
    expect(page).toMatchObject({ nextToken: 'next', failures: [] });
    expect(page.items.map((found) => found.resourceId)).toEqual(['a']);
  });

  it('judges what the aggregator returned and names what it left unprocessed', async () => {
    const aggregator: ConfigAggregator = {
      listPage: async () => ({
        keys: [
          { resourceType: TOPIC, resourceId: 'a' },
          { resourceType: TOPIC, resourceId: 'b' },
        ],
      }),
      batchGet: async () => {
        throw new UnprocessedAggregateResourcesError('1 left unprocessed', {
          items: [item('a')],
          unprocessed: [{ resourceType: TOPIC, resourceId: 'b' }],
        });
      },
    };
    const page = await aggregatorPages(aggregator).page(PAGE, undefined, 100);
    expect(page.items.map((found) => found.resourceId)).toEqual(['a']);
    expect(page.failures).toEqual([
      { scope: `${TOPIC} b`, message: 'the Config aggregator left it unprocessed' },
    ]);
    expect(page.nextToken).toBeUndefined();
  });

  it('lets any other failure throw, so the page is retried', async () => {
    const aggregator: ConfigAggregator = {
      listPage: async () => ({ keys: [{ resourceType: TOPIC, resourceId: 'a' }] }),
      batchGet: async () => Promise.reject(new Error('ThrottlingException')),
    };
    await expect(aggregatorPages(aggregator).page(PAGE, undefined, 100)).rejects.toThrow(
      'ThrottlingException',
    );
  });
});
