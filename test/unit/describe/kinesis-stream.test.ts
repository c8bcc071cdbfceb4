import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeKinesisStream, listKinesisStreams } from '#shared/describe/kinesis-stream/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::Kinesis::Stream';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const kinesis = mockClient(KinesisClient);
const client = () => new KinesisClient({ region: 'us-east-1' });

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId,
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeStreamSummary's answers for the streams of the fixtures. */
const SUMMARIES = {
  'orders-events-encrypted-week': {
    StreamName: 'orders-events',
    StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders-events`,
    StreamStatus: 'ACTIVE',
    StreamModeDetails: { StreamMode: 'PROVISIONED' },
    RetentionPeriodHours: 168,
    StreamCreationTimestamp: new Date('2025-04-02T11:20:31Z'),
    EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
    EncryptionType: 'KMS',
    KeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
    OpenShardCount: 4,
    ConsumerCount: 1,
  },
  'clickstream-unencrypted-one-day': {
    StreamName: 'clickstream-raw',
    StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clickstream-raw`,
    StreamStatus: 'ACTIVE',
    StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: new Date('2026-02-17T09:03:44Z'),
    EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
    EncryptionType: 'NONE',
    OpenShardCount: 2,
    ConsumerCount: 0,
  },
} as const satisfies Readonly<Record<string, StreamDescriptionSummary>>;

describe('describeKinesisStream', () => {
  beforeEach(() => kinesis.reset());

  it.each(Object.entries(SUMMARIES))(
    'builds the item Config records for %s and reaches its verdict on every Kinesis rule',
    async (name, summary) => {
      const fixture = loadFixture(TYPE, name);
      kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: summary });
      kinesis.on(ListTagsForStreamCommand).resolves({
        Tags: Object.entries(fixture.item.tags).map(([Key, Value]) => ({ Key, Value })),
        HasMoreTags: false,
      });
      const item = await describeKinesisStream(client(), ref(summary.StreamName));
      expect(item).toMatchObject({
        resourceType: TYPE,
        resourceId: fixture.item.resourceId,
        resourceName: fixture.item.resourceName,
        arn: fixture.item.arn,
        status: 'OK',
        tags: fixture.item.tags,
      });
      expect(item.configuration).toEqual(fixture.item.configuration);
      const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
      expect(rules.map((rule) => rule.id).sort()).toEqual([
        'kinesis-stream-backup-retention-check',
        'kinesis-stream-encrypted',
      ]);
      for (const rule of rules) {
        const described = evaluateFixture(rule, { name, item, inventory: createInventory([item]) });
        expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
      }
    },
  );

  it('makes one describe and one tag read per stream, by name even when asked by ARN', async () => {
    kinesis
      .on(DescribeStreamSummaryCommand)
      .resolves({ StreamDescriptionSummary: SUMMARIES['orders-events-encrypted-week'] });
    kinesis.on(ListTagsForStreamCommand).resolves({ Tags: [], HasMoreTags: false });
    await describeKinesisStream(client(), ref(`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders-events`));
    expect(kinesis.commandCalls(DescribeStreamSummaryCommand).map((call) => call.args[0].input)).toEqual([
      { StreamName: 'orders-events' },
    ]);
    expect(kinesis.commandCalls(ListTagsForStreamCommand)).toHaveLength(1);
  });

  it('keeps the stream when its tags may not be read, and leaves the tags empty', async () => {
    kinesis
      .on(DescribeStreamSummaryCommand)
      .resolves({ StreamDescriptionSummary: SUMMARIES['orders-events-encrypted-week'] });
    kinesis.on(ListTagsForStreamCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeKinesisStream(client(), ref('orders-events'));
    expect(item.status).toBe('OK');
    expect(item.tags).toEqual({});
  });

  it.each([
    [
      'Kinesis no longer knows it',
      () => kinesis.on(DescribeStreamSummaryCommand).rejects(awsError('ResourceNotFoundException')),
    ],
    [
      'it is being deleted',
      () =>
        kinesis.on(DescribeStreamSummaryCommand).resolves({
          StreamDescriptionSummary: {
            ...SUMMARIES['clickstream-unencrypted-one-day'],
            StreamStatus: 'DELETING',
          },
        }),
    ],
  ])('a stream is deleted when %s', async (_label, arrange) => {
    arrange();
    expect(await describeKinesisStream(client(), ref('clickstream-raw'))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: 'clickstream-raw',
      configuration: null,
    });
  });

  it('fails when the stream may not be described', async () => {
    kinesis.on(DescribeStreamSummaryCommand).rejects(awsError('AccessDeniedException'));
    await expect(describeKinesisStream(client(), ref('orders-events'))).rejects.toThrow(
      'AccessDeniedException',
    );
  });

  it('lists every stream across pages', async () => {
    kinesis
      .on(ListStreamsCommand)
      .resolvesOnce({ StreamNames: ['a'], HasMoreStreams: true, NextToken: 'n' })
      .resolvesOnce({ StreamNames: ['b'], HasMoreStreams: false });
    const refs = await listKinesisStreams(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['a', 'b']);
  });
});

describe('CloudTrail mapping of Kinesis calls', () => {
  const record = (eventName: string, requestParameters: Record<string, unknown>): CloudTrailRecord => ({
    eventID: '8b3c6a1e-0f2d-4e5a-9b7c-1d2e3f4a5b6c',
    eventTime: CAPTURE,
    eventSource: 'kinesis.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements: null,
  });
  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId]);
  const ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders-events`;

  it.each([
    ['CreateStream', { streamName: 'orders-events', shardCount: 4 }],
    [
      'StartStreamEncryption',
      { streamName: 'orders-events', encryptionType: 'KMS', keyId: 'alias/aws/kinesis' },
    ],
    ['StopStreamEncryption', { streamARN: ARN, encryptionType: 'KMS', keyId: 'alias/aws/kinesis' }],
    ['DecreaseStreamRetentionPeriod', { streamName: 'orders-events', retentionPeriodHours: 24 }],
    ['DeleteStream', { streamARN: ARN }],
    ['TagResource', { resourceARN: ARN, tags: { team: 'orders' } }],
  ])('%s re-describes the stream', (eventName, requestParameters) => {
    expect(touched(record(eventName, requestParameters))).toEqual([[TYPE, 'orders-events']]);
  });

  it('ignores tagging a stream consumer, which nothing judges', () => {
    expect(touched(record('TagResource', { resourceARN: `${ARN}/consumer/app:1700000000` }))).toEqual([]);
  });
});
