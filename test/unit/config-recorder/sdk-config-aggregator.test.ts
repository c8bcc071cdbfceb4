import {
  type AggregateResourceIdentifier,
  type BaseConfigurationItem,
  BatchGetAggregateResourceConfigCommand,
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  ListAggregateDiscoveredResourcesCommand,
  NoSuchConfigurationAggregatorException,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { isDeleted } from '#shared/config-item/configuration-item';
import {
  CONFIG_AGGREGATOR_ARN_PATTERN,
  CONFIG_AGGREGATOR_READ_ACTIONS,
  configAggregatorPermissions,
} from '#shared/config-recorder/config-aggregator';
import type { ResourceKey } from '#shared/config-recorder/config-recorder';
import { ConfigAggregatorError, UnprocessedAggregateResourcesError } from '#shared/config-recorder/errors';
import { SdkConfigAggregator } from '#shared/config-recorder/sdk-config-aggregator';
import { SdkConfigRecorder } from '#shared/config-recorder/sdk-config-recorder';
import { sdkCommandsUnder } from '#test/support/sdk-commands';

const AGGREGATOR = 'vigil-org';
const MEMBER = '210987654321';
const REGION = 'eu-west-1';
const BUCKET = 'AWS::S3::Bucket';
const SCOPE = { accountId: MEMBER, region: REGION, resourceType: BUCKET } as const;
const ACCOUNT_REGION = { accountId: MEMBER, region: REGION } as const;

const config = mockClient(ConfigServiceClient);

/** An S3 bucket item as BatchGetAggregateResourceConfig returns it: API field names, JSON strings, no tags. */
function aggregateBucketItem(
  name: string,
  overrides: Partial<BaseConfigurationItem> = {},
): BaseConfigurationItem {
  return {
    version: '1.3',
    accountId: MEMBER,
    configurationItemCaptureTime: new Date('2026-11-22T10:00:00.000Z'),
    configurationItemStatus: 'OK',
    configurationStateId: '1763805600000',
    arn: `arn:aws:s3:::${name}`,
    resourceType: BUCKET,
    resourceId: name,
    resourceName: name,
    awsRegion: REGION,
    availabilityZone: 'Regional',
    resourceCreationTime: new Date('2026-01-01T00:00:00.000Z'),
    configuration: JSON.stringify({ name, owner: { id: 'abc' }, creationDate: '2026-01-01T00:00:00.000Z' }),
    supplementaryConfiguration: {
      BucketVersioningConfiguration: JSON.stringify({ status: 'Enabled', isMfaDeleteEnabled: null }),
    },
    ...overrides,
  };
}

function keysOf(...ids: string[]): ResourceKey[] {
  return ids.map((resourceId) => ({ resourceType: BUCKET, resourceId }));
}

function identifier(resourceId: string, accountId = MEMBER, region = REGION): AggregateResourceIdentifier {
  return { SourceAccountId: accountId, SourceRegion: region, ResourceType: BUCKET, ResourceId: resourceId };
}

/** Answers every batch get with one item per identifier asked for. */
function answerEveryIdentifier(): void {
  config.on(BatchGetAggregateResourceConfigCommand).callsFake(async (input) => ({
    BaseConfigurationItems: (input.ResourceIdentifiers as AggregateResourceIdentifier[]).map((asked) =>
      aggregateBucketItem(asked.ResourceId ?? ''),
    ),
    UnprocessedResourceIdentifiers: [],
  }));
}

function batchInputs() {
  return config.commandCalls(BatchGetAggregateResourceConfigCommand).map((call) => call.args[0].input);
}

describe('SdkConfigAggregator', () => {
  let aggregator: SdkConfigAggregator;
  let sleeps: number[];

  beforeEach(() => {
    config.reset();
    sleeps = [];
    aggregator = new SdkConfigAggregator({
      client: new ConfigServiceClient({ region: 'us-east-1' }),
      aggregatorName: AGGREGATOR,
      sleep: async (ms) => void sleeps.push(ms),
    });
  });

  describe('listPage: one ListAggregateDiscoveredResources call per page', () => {
    it('filters by account and region, sends the token and the limit, and returns the next token', async () => {
      config.on(ListAggregateDiscoveredResourcesCommand).resolves({
        ResourceIdentifiers: [identifier('logs-a'), identifier('logs-b')],
        NextToken: 'page-3',
      });
      const page = await aggregator.listPage(SCOPE, 'page-2', 2);
      expect(page).toEqual({ keys: keysOf('logs-a', 'logs-b'), nextToken: 'page-3' });
      expect(
        config.commandCalls(ListAggregateDiscoveredResourcesCommand).map((call) => call.args[0].input),
      ).toEqual([
        {
          ConfigurationAggregatorName: AGGREGATOR,
          ResourceType: BUCKET,
          Filters: { AccountId: MEMBER, Region: REGION },
          NextToken: 'page-2',
          Limit: 2,
        },
      ]);
    });

    it('sends neither token nor limit for a first page at Config’s default size', async () => {
      config.on(ListAggregateDiscoveredResourcesCommand).resolves({ ResourceIdentifiers: [] });
      expect(await aggregator.listPage(SCOPE)).toEqual({ keys: [] });
      expect(config.commandCalls(ListAggregateDiscoveredResourcesCommand)[0]?.args[0].input).toEqual({
        ConfigurationAggregatorName: AGGREGATOR,
        ResourceType: BUCKET,
        Filters: { AccountId: MEMBER, Region: REGION },
      });
    });

    it.each([
      ['absent', undefined],
      ['empty', ''],
    ])('has no next token on the last page (token %s)', async (_, token) => {
      config
        .on(ListAggregateDiscoveredResourcesCommand)
        .resolves({ ResourceIdentifiers: [identifier('logs-a')], NextToken: token });
      const page = await aggregator.listPage(SCOPE, 'page-9');
      expect(page).toEqual({ keys: keysOf('logs-a') });
      expect('nextToken' in page).toBe(false);
    });

    it('keeps only the scope’s own resources, so no resource lands in two shards', async () => {
      config.on(ListAggregateDiscoveredResourcesCommand).resolves({
        ResourceIdentifiers: [
          identifier('mine'),
          identifier('other-account', '123456789012'),
          identifier('other-region', MEMBER, 'us-east-1'),
          // An identifier without an id (the SDK types say it always has one).
          {
            SourceAccountId: MEMBER,
            SourceRegion: REGION,
            ResourceType: BUCKET,
          } as AggregateResourceIdentifier,
        ],
        NextToken: 'more',
      });
      expect(await aggregator.listPage(SCOPE)).toEqual({ keys: keysOf('mine'), nextToken: 'more' });
    });

    it('fails with a ConfigAggregatorError naming the aggregator and scope when the aggregator is missing', async () => {
      config.on(ListAggregateDiscoveredResourcesCommand).rejects(
        new NoSuchConfigurationAggregatorException({
          message: 'The configuration aggregator does not exist.',
          $metadata: {},
        }),
      );
      const error = await aggregator.listPage(SCOPE).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigAggregatorError);
      expect(error).toMatchObject({
        message: `cannot list ${BUCKET} resources of ${MEMBER} ${REGION}: The configuration aggregator does not exist.`,
        context: { aggregatorName: AGGREGATOR, ...SCOPE },
      });
      expect((error as Error).cause).toBeInstanceOf(NoSuchConfigurationAggregatorException);
    });
  });

  describe('batchGet: BatchGetAggregateResourceConfig in calls of at most 100', () => {
    it('normalizes an aggregate item exactly as the recorder normalizes the same BatchGetResourceConfig item', async () => {
      const raw = aggregateBucketItem('logs-a');
      config.on(BatchGetAggregateResourceConfigCommand).resolves({ BaseConfigurationItems: [raw] });
      config.on(BatchGetResourceConfigCommand).resolves({ baseConfigurationItems: [raw] });
      const recorder = new SdkConfigRecorder({ client: new ConfigServiceClient({ region: REGION }) });
      const [aggregated] = await aggregator.batchGet(ACCOUNT_REGION, keysOf('logs-a'));
      expect(aggregated).toEqual((await recorder.batchGet(keysOf('logs-a')))[0]);
      expect(aggregated).toMatchObject({
        accountId: MEMBER,
        region: REGION,
        resourceId: 'logs-a',
        arn: 'arn:aws:s3:::logs-a',
        captureTime: '2026-11-22T10:00:00.000Z',
        configuration: { name: 'logs-a' },
        supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Enabled' } },
        // The aggregate API returns neither tags nor relationships.
        tags: {},
        relationships: [],
      });
    });

    it('names the account and region on every identifier and splits 250 keys into calls of 100, 100 and 50', async () => {
      answerEveryIdentifier();
      const ids = Array.from({ length: 250 }, (_, index) => `bucket-${String(index).padStart(3, '0')}`);
      const items = await aggregator.batchGet(ACCOUNT_REGION, keysOf(...ids));
      expect(items.map((item) => item.resourceId)).toEqual(ids);
      const inputs = batchInputs();
      expect(inputs.map((input) => input.ResourceIdentifiers?.length)).toEqual([100, 100, 50]);
      expect(inputs.every((input) => input.ConfigurationAggregatorName === AGGREGATOR)).toBe(true);
      expect(inputs[2]?.ResourceIdentifiers?.[0]).toEqual(identifier('bucket-200'));
      expect(sleeps).toEqual([]);
    });

    it('makes no call for no keys', async () => {
      expect(await aggregator.batchGet(ACCOUNT_REGION, [])).toEqual([]);
      expect(batchInputs()).toEqual([]);
    });

    it('asks once more, after a pause, for exactly the identifiers Config left unprocessed', async () => {
      config
        .on(BatchGetAggregateResourceConfigCommand)
        .resolvesOnce({
          BaseConfigurationItems: [aggregateBucketItem('a')],
          UnprocessedResourceIdentifiers: [identifier('b'), identifier('c')],
        })
        .resolvesOnce({
          BaseConfigurationItems: [aggregateBucketItem('b'), aggregateBucketItem('c')],
          UnprocessedResourceIdentifiers: [],
        });
      const items = await aggregator.batchGet(ACCOUNT_REGION, keysOf('a', 'b', 'c'));
      expect(items.map((item) => item.resourceId)).toEqual(['a', 'b', 'c']);
      expect(batchInputs()[1]?.ResourceIdentifiers).toEqual([identifier('b'), identifier('c')]);
      expect(sleeps).toHaveLength(1);
    });

    it('fails with the still-unprocessed keys and the items it did read when the retry leaves some unprocessed', async () => {
      const ids = Array.from({ length: 150 }, (_, index) => `bucket-${String(index).padStart(3, '0')}`);
      config.on(BatchGetAggregateResourceConfigCommand).callsFake(async (input) => {
        const asked = input.ResourceIdentifiers as AggregateResourceIdentifier[];
        const stuck = (id: string | undefined) => id === 'bucket-007' || id === 'bucket-120';
        return {
          BaseConfigurationItems: asked
            .filter((key) => !stuck(key.ResourceId))
            .map((key) => aggregateBucketItem(key.ResourceId ?? '')),
          UnprocessedResourceIdentifiers: asked.filter((key) => stuck(key.ResourceId)),
        };
      });
      const error = await aggregator
        .batchGet(ACCOUNT_REGION, keysOf(...ids))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnprocessedAggregateResourcesError);
      expect(error).toBeInstanceOf(ConfigAggregatorError);
      const unprocessed = error as UnprocessedAggregateResourcesError;
      expect(unprocessed.message).toBe(
        `Config aggregator ${AGGREGATOR} left 2 of 150 resources of ${MEMBER} ${REGION} unprocessed after a ` +
          `retry (${BUCKET} bucket-007, ${BUCKET} bucket-120)`,
      );
      expect(unprocessed.unprocessed).toEqual(keysOf('bucket-007', 'bucket-120'));
      expect(unprocessed.items).toHaveLength(148);
      expect(unprocessed.context).toMatchObject({
        aggregatorName: AGGREGATOR,
        accountId: MEMBER,
        region: REGION,
      });
      // Each chunk is asked once, then once more for its own unprocessed key: never a third time.
      expect(batchInputs().map((input) => input.ResourceIdentifiers?.length)).toEqual([100, 1, 50, 1]);
      expect(sleeps).toHaveLength(2);
    });

    it('leaves out a listed resource deleted before the batch get (Config returns no item for it) without failing', async () => {
      config.on(BatchGetAggregateResourceConfigCommand).resolves({
        BaseConfigurationItems: [aggregateBucketItem('kept')],
        UnprocessedResourceIdentifiers: [],
      });
      const items = await aggregator.batchGet(ACCOUNT_REGION, keysOf('kept', 'deleted-since-listing'));
      expect(items.map((item) => item.resourceId)).toEqual(['kept']);
    });

    it('keeps the status of an item Config still returns as deleted, so the engine judges it deleted', async () => {
      config.on(BatchGetAggregateResourceConfigCommand).resolves({
        BaseConfigurationItems: [
          aggregateBucketItem('gone', { configurationItemStatus: 'ResourceDeleted', configuration: 'null' }),
        ],
      });
      const [item] = await aggregator.batchGet(ACCOUNT_REGION, keysOf('gone'));
      expect(item).toMatchObject({ resourceId: 'gone', status: 'ResourceDeleted', configuration: null });
      expect(item && isDeleted(item)).toBe(true);
    });

    it('wraps a failed call in a ConfigAggregatorError naming the account, region and batch size', async () => {
      config.on(BatchGetAggregateResourceConfigCommand).rejects(new Error('Rate exceeded'));
      const error = await aggregator
        .batchGet(ACCOUNT_REGION, keysOf('a', 'b'))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigAggregatorError);
      expect(error).toMatchObject({
        message: `cannot batch-get configuration items of ${MEMBER} ${REGION}: Rate exceeded`,
        context: { aggregatorName: AGGREGATOR, accountId: MEMBER, region: REGION, count: 2 },
      });
    });
  });
});

describe('Config aggregator permissions', () => {
  it('declares every SDK command SdkConfigAggregator sends', () => {
    const uses = sdkCommandsUnder(`${PROJECT_ROOT}shared/config-recorder`).filter((use) =>
      use.file.endsWith('sdk-config-aggregator.ts'),
    );
    expect(uses.map((use) => use.action).sort()).toEqual([...CONFIG_AGGREGATOR_READ_ACTIONS].sort());
  });

  it('grants the reads on every aggregator of the account and region unless given the exact ARN', () => {
    expect(configAggregatorPermissions()).toMatchObject({
      actions: ['config:ListAggregateDiscoveredResources', 'config:BatchGetAggregateResourceConfig'],
      resources: ['arn:{partition}:config:{region}:{account}:config-aggregator/*'],
    });
    expect(CONFIG_AGGREGATOR_ARN_PATTERN).toBe(
      'arn:{partition}:config:{region}:{account}:config-aggregator/*',
    );
    const arn = 'arn:aws:config:us-east-1:123456789012:config-aggregator/config-aggregator-abcdefgh';
    expect(configAggregatorPermissions(arn).resources).toEqual([arn]);
  });
});
