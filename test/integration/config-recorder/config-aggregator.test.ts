import {
  ConfigServiceClient,
  DeleteConfigurationAggregatorCommand,
  PutConfigurationAggregatorCommand,
} from '@aws-sdk/client-config-service';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AggregateScope } from '#shared/config-recorder/config-aggregator';
import type { ResourceKey } from '#shared/config-recorder/config-recorder';
import { ConfigAggregatorError, UnprocessedAggregateResourcesError } from '#shared/config-recorder/errors';
import { SdkConfigAggregator } from '#shared/config-recorder/sdk-config-aggregator';
import { awsClientConfig, uniqueName } from '#test/support/moto';

const ACCOUNT = '123456789012';
const TOPIC = 'AWS::SNS::Topic';
// Regions no other integration file uses, so the listings hold only this file's topics and theirs.
const REGION_A = 'ap-northeast-3';
const REGION_B = 'sa-east-1';

/**
 * moto's Config aggregator on SNS topics, the one type whose items SDK v3 can read from moto's Config (see
 * test/integration/pipeline/config-rule-and-oversized.test.ts). moto serves an aggregator over its own
 * account only: it ignores the `AccountId` filter and `SourceAccountId`, so member accounts are proven in
 * test/unit/config-recorder/sdk-config-aggregator.test.ts.
 */
describe('SdkConfigAggregator on moto (ListAggregateDiscoveredResources, BatchGetAggregateResourceConfig)', () => {
  const endpoint = inject('motoEndpoint');
  const config = new ConfigServiceClient(awsClientConfig(endpoint));
  const snsA = new SNSClient({ ...awsClientConfig(endpoint), region: REGION_A });
  const snsB = new SNSClient({ ...awsClientConfig(endpoint), region: REGION_B });
  const aggregatorName = uniqueName('vigil-aggregator');
  const prefix = uniqueName('vigil-agg-topic');
  const aggregator = new SdkConfigAggregator({ client: config, aggregatorName, sleep: async () => {} });
  const scopeA: AggregateScope = { accountId: ACCOUNT, region: REGION_A, resourceType: TOPIC };
  const topicsA: string[] = [];
  let topicB = '';

  /** Every key of a scope, page by page, with the size of each page. */
  async function listAll(scope: AggregateScope, limit: number) {
    const keys: ResourceKey[] = [];
    const sizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await aggregator.listPage(scope, nextToken, limit);
      keys.push(...page.keys);
      sizes.push(page.keys.length);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return { mine: keys.filter((key) => key.resourceId.includes(prefix)), sizes };
  }

  beforeAll(async () => {
    await config.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: aggregatorName,
        AccountAggregationSources: [{ AccountIds: [ACCOUNT], AllAwsRegions: true }],
      }),
    );
    for (let index = 0; index < 5; index++) {
      const topic = await snsA.send(new CreateTopicCommand({ Name: `${prefix}-${index}` }));
      topicsA.push(topic.TopicArn ?? '');
    }
    topicB = (await snsB.send(new CreateTopicCommand({ Name: `${prefix}-b` }))).TopicArn ?? '';
  });

  afterAll(async () => {
    await config.send(
      new DeleteConfigurationAggregatorCommand({ ConfigurationAggregatorName: aggregatorName }),
    );
    for (const client of [config, snsA, snsB]) client.destroy();
  });

  it('lists an account’s and region’s topics page by page, each once, none of another region', async () => {
    const { mine, sizes } = await listAll(scopeA, 2);
    expect(mine.map((key) => key.resourceId).sort()).toEqual([...topicsA].sort());
    expect(mine.every((key) => key.resourceType === TOPIC)).toBe(true);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.every((size) => size <= 2)).toBe(true);
    const inB = await listAll({ ...scopeA, region: REGION_B }, 100);
    expect(inB.mine.map((key) => key.resourceId)).toEqual([topicB]);
  });

  it('batch-gets the listed topics as normalized items of their account and region', async () => {
    const keys = topicsA.map((resourceId) => ({ resourceType: TOPIC, resourceId }));
    const items = await aggregator.batchGet({ accountId: ACCOUNT, region: REGION_A }, keys);
    expect(items.map((item) => item.resourceId)).toEqual(topicsA);
    expect(items[0]).toMatchObject({
      accountId: ACCOUNT,
      region: REGION_A,
      resourceType: TOPIC,
      resourceName: `${prefix}-0`,
      arn: topicsA[0],
      status: 'ResourceDiscovered',
      configuration: { topicArn: topicsA[0] },
      // Like AWS, moto returns aggregate items without tags and relationships.
      tags: {},
      relationships: [],
    });
    expect(Number.isNaN(Date.parse(items[0]?.captureTime ?? ''))).toBe(false);
  });

  it('drops a deleted topic from the listing; moto reports it unprocessed on batch get, which fails the call', async () => {
    const gone = (await snsA.send(new CreateTopicCommand({ Name: `${prefix}-gone` }))).TopicArn ?? '';
    await snsA.send(new DeleteTopicCommand({ TopicArn: gone }));
    const { mine } = await listAll(scopeA, 100);
    expect(mine.map((key) => key.resourceId)).not.toContain(gone);

    const keys = [topicsA[0] ?? '', gone].map((resourceId) => ({ resourceType: TOPIC, resourceId }));
    const error = await aggregator
      .batchGet({ accountId: ACCOUNT, region: REGION_A }, keys)
      .catch((caught: unknown) => caught);
    // AWS documents that deleted resources get no result; moto lists them as unprocessed instead.
    expect(error).toBeInstanceOf(UnprocessedAggregateResourcesError);
    const unprocessed = error as UnprocessedAggregateResourcesError;
    expect(unprocessed.unprocessed).toEqual([{ resourceType: TOPIC, resourceId: gone }]);
    expect(unprocessed.items.map((item) => item.resourceId)).toEqual([topicsA[0]]);
  });

  it('keeps a member account’s shard empty although moto answers with the aggregator account’s topics', async () => {
    const member = await aggregator.listPage({ ...scopeA, accountId: '210987654321' }, undefined, 100);
    expect(member.keys).toEqual([]);
  });

  it('fails with a ConfigAggregatorError when the aggregator does not exist in the region', async () => {
    const missing = new SdkConfigAggregator({ client: config, aggregatorName: `${aggregatorName}-missing` });
    const error = await missing.listPage(scopeA).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigAggregatorError);
    expect((error as Error).message).toMatch(/configuration aggregator does not exist/);
  });
});
