import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeSqsQueue, listSqsQueues } from '#shared/describe/sqs-queue/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::SQS::Queue';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const sqs = mockClient(SQSClient);
const client = () => new SQSClient({ region: 'us-east-1' });
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

describe('describeSqsQueue', () => {
  beforeEach(() => sqs.reset());

  it.each([['payments-kms-encrypted'], ['thumbnails-sqs-managed'], ['legacy-webhooks-unencrypted']])(
    'builds the item Config records for %s from GetQueueAttributes, and reaches its verdicts',
    async (name) => {
      const fixture = loadFixture(TYPE, name);
      const { QueueUrl: _url, QueueName: _name, ...attributes } = fixture.item.configuration ?? {};
      sqs.on(GetQueueAttributesCommand).resolves({ Attributes: attributes as Record<string, string> });
      sqs.on(ListQueueTagsCommand).resolves({ Tags: fixture.item.tags });
      const item = await describeSqsQueue(client(), ref(fixture.item.resourceId));
      expect(item).toMatchObject({
        resourceId: fixture.item.resourceId,
        resourceName: fixture.item.resourceName,
        arn: fixture.item.arn,
        status: 'OK',
        tags: fixture.item.tags,
      });
      expect(item.configuration).toEqual(fixture.item.configuration);
      expect(sqs.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input)).toEqual([
        { QueueUrl: fixture.item.resourceId, AttributeNames: ['All'] },
      ]);
      const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        const described = evaluateFixture(rule, { name, item, inventory: createInventory([item]) });
        expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
      }
    },
  );

  it('keeps the queue with no tags when its tags may not be read', async () => {
    sqs
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` } });
    sqs.on(ListQueueTagsCommand).rejects(awsError('AccessDenied'));
    const item = await describeSqsQueue(client(), ref(`https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/q`));
    expect(item).toMatchObject({ status: 'OK', resourceName: 'q', tags: {} });
  });

  it.each([['QueueDoesNotExist'], ['AWS.SimpleQueueService.NonExistentQueue']])(
    'a queue SQS answers %s for is deleted under its URL',
    async (name) => {
      sqs.on(GetQueueAttributesCommand).rejects(awsError(name));
      const url = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/gone`;
      expect(await describeSqsQueue(client(), ref(url))).toMatchObject({
        status: 'ResourceDeleted',
        resourceId: url,
        configuration: null,
      });
    },
  );

  it('fails when the queue may not be read', async () => {
    sqs.on(GetQueueAttributesCommand).rejects(awsError('AccessDenied'));
    await expect(describeSqsQueue(client(), ref('https://sqs.us-east-1.amazonaws.com/1/q'))).rejects.toThrow(
      'AccessDenied',
    );
  });

  it('lists every queue across pages, by URL', async () => {
    sqs
      .on(ListQueuesCommand)
      .resolvesOnce({ QueueUrls: ['https://q/1/a'], NextToken: 'n' })
      .resolvesOnce({ QueueUrls: ['https://q/1/b'] });
    const refs = await listSqsQueues(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => [entry.lookupId, entry.resourceId])).toEqual([
      ['https://q/1/a', 'https://q/1/a'],
      ['https://q/1/b', 'https://q/1/b'],
    ]);
  });
});

describe('CloudTrail mapping of SQS calls', () => {
  const URL = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/legacy-webhooks`;
  const record = (
    eventName: string,
    requestParameters: Record<string, unknown>,
    responseElements: Record<string, unknown> | null = null,
  ): CloudTrailRecord => ({
    eventID: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    eventTime: CAPTURE,
    eventSource: 'sqs.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  });
  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId, found.resourceId]);

  it('CreateQueue re-describes the queue by the URL the response gives', () => {
    expect(touched(record('CreateQueue', { queueName: 'legacy-webhooks' }, { queueUrl: URL }))).toEqual([
      [TYPE, URL, URL],
    ]);
  });

  it.each([['SetQueueAttributes'], ['DeleteQueue'], ['TagQueue'], ['AddPermission']])(
    '%s re-describes the queue it names',
    (eventName) => {
      expect(touched(record(eventName, { queueUrl: URL }))).toEqual([[TYPE, URL, URL]]);
    },
  );

  it('ignores reading and sending messages', () => {
    expect(touched(record('SendMessage', { queueUrl: URL }))).toEqual([]);
  });
});
