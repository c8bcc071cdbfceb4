import {
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeSnsTopic, listSnsTopics } from '#shared/describe/sns-topic/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::SNS::Topic';
const ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:vigil-compliance-alerts`;
const ref = {
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId: ARN,
  captureTime: '2026-11-23T09:30:00.000Z',
};

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** GetTopicAttributes as SNS answers it for the topic of a fixture: its attributes plus the access policy. */
function attributesOf(configuration: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {
    Policy: '{"Version":"2008-10-17","Statement":[]}',
  };
  for (const [name, value] of Object.entries(configuration)) attributes[name] = String(value);
  return attributes;
}

function record(
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
): CloudTrailRecord {
  return {
    eventID: 'd1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'sns.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  };
}

describe('describeSnsTopic', () => {
  const sns = mockClient(SNSClient);
  const client = () => new SNSClient({ region: 'us-east-1' });

  beforeEach(() => {
    sns.reset();
    sns.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'team', Value: 'platform' }] });
  });

  it('builds the item Config records: ARN as id, the attributes under their own names', async () => {
    const fixture = loadFixture(TYPE, 'compliance-alerts-customer-key');
    sns
      .on(GetTopicAttributesCommand)
      .resolves({ Attributes: attributesOf(fixture.item.configuration ?? {}) });
    const item = await describeSnsTopic(client(), ref);
    expect(item).toMatchObject({
      resourceId: ARN,
      resourceName: 'vigil-compliance-alerts',
      arn: ARN,
      status: 'OK',
      tags: { team: 'platform' },
    });
    expect(item.configuration).toEqual(fixture.item.configuration);
  });

  it.each([
    ['compliance-alerts-customer-key'],
    ['deploy-notifications-aws-managed-key'],
    ['legacy-unencrypted'],
  ])('reaches the verdict of every SNS rule that the Config item %s reaches', async (name) => {
    const fixture = loadFixture(TYPE, name);
    sns
      .on(GetTopicAttributesCommand)
      .resolves({ Attributes: attributesOf(fixture.item.configuration ?? {}) });
    const item = await describeSnsTopic(client(), { ...ref, lookupId: fixture.item.resourceId });
    const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const described = evaluateFixture(rule, { name, item, inventory: createInventory([item]) });
      expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
    }
  });

  it('an unencrypted topic has no KmsMasterKeyId (SNS omits it), and fails sns-encrypted-kms', async () => {
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: ARN, Owner: ACCOUNT } });
    const item = await describeSnsTopic(client(), ref);
    expect(item.configuration).toEqual({ TopicArn: ARN, Owner: ACCOUNT });
    const rule = RULES.find((candidate) => candidate.id === 'sns-encrypted-kms');
    expect(rule).toBeDefined();
    if (rule) {
      const verdict = evaluateFixture(rule, { name: 'x', item, inventory: createInventory([item]) });
      expect(verdict.compliance).toBe('NON_COMPLIANT');
    }
  });

  it('a topic that is gone is deleted', async () => {
    sns.on(GetTopicAttributesCommand).rejects(awsError('NotFoundException'));
    expect(await describeSnsTopic(client(), ref)).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: ARN,
      configuration: null,
    });
  });

  it('fails when the attributes may not be read; leaves the tags out when only they may not be', async () => {
    sns.on(GetTopicAttributesCommand).rejects(awsError('AuthorizationErrorException'));
    await expect(describeSnsTopic(client(), ref)).rejects.toThrow('AuthorizationErrorException');
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: ARN } });
    sns.on(ListTagsForResourceCommand).rejects(awsError('AuthorizationErrorException'));
    expect((await describeSnsTopic(client(), ref)).tags).toEqual({});
  });

  it('lists every topic across pages', async () => {
    sns
      .on(ListTopicsCommand)
      .resolvesOnce({ Topics: [{ TopicArn: `${ARN}-1` }], NextToken: 't' })
      .resolvesOnce({ Topics: [{ TopicArn: `${ARN}-2` }] });
    const refs = await listSnsTopics(client(), { accountId: ACCOUNT, region: 'us-east-1', captureTime: '' });
    expect(refs.map((entry) => entry.lookupId)).toEqual([`${ARN}-1`, `${ARN}-2`]);
  });
});

describe('CloudTrail mapping of SNS calls', () => {
  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId]);

  it.each([
    ['CreateTopic', { name: 'vigil-compliance-alerts' }, { topicArn: ARN }],
    [
      'SetTopicAttributes',
      { topicArn: ARN, attributeName: 'KmsMasterKeyId', attributeValue: 'alias/aws/sns' },
      null,
    ],
    ['DeleteTopic', { topicArn: ARN }, null],
    [
      'AddPermission',
      { topicArn: ARN, label: 'x', aWSAccountId: ['111122223333'], actionName: ['Publish'] },
      null,
    ],
    ['RemovePermission', { topicArn: ARN, label: 'x' }, null],
    ['TagResource', { resourceArn: ARN, tags: [{ key: 'team', value: 'platform' }] }, null],
    ['UntagResource', { resourceArn: ARN, tagKeys: ['team'] }, null],
  ])('%s re-describes the topic', (eventName, request, response) => {
    expect(touched(record(eventName, request, response))).toEqual([[TYPE, ARN]]);
  });

  it('ignores a subscription call', () => {
    expect(touched(record('Subscribe', { topicArn: ARN, protocol: 'sqs' }))).toEqual([]);
  });
});
