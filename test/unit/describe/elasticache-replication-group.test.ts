import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import {
  describeReplicationGroup,
  listReplicationGroups,
} from '#shared/describe/elasticache-replication-group/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { elasticacheRules } from '#shared/rules/elasticache/index';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';
import { awsError, sdkShapeOf } from './sdk-shape';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-25T14:20:05.917Z';
const TYPE = 'AWS::ElastiCache::ReplicationGroup';
const ARN = 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions-prod';
const elasticache = mockClient(ElastiCacheClient);

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId,
  captureTime: CAPTURE,
});

const recorded = loadFixture(TYPE, 'sessions-valkey-hardened').item;

/** DescribeReplicationGroups' answer behind the `sessions-valkey-hardened` fixture (SDK v3 shape, a real Date). */
function sessionsGroup(): ReplicationGroup {
  const { arn, replicationGroupCreateTime, ...rest } = recorded.configuration ?? {};
  return {
    ...(sdkShapeOf(rest) as ReplicationGroup),
    ARN: arn as string,
    ReplicationGroupCreateTime: new Date(replicationGroupCreateTime as string),
  };
}

const TAGS = [
  { Key: 'team', Value: 'identity' },
  { Key: 'environment', Value: 'production' },
  { Key: 'data-classification', Value: 'confidential' },
];

describe('describeReplicationGroup', () => {
  beforeEach(() => elasticache.reset());

  it('builds the fixture item from DescribeReplicationGroups and ListTagsForResource, two calls', async () => {
    elasticache
      .on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'sessions-prod' })
      .resolves({ ReplicationGroups: [sessionsGroup()] });
    elasticache.on(ListTagsForResourceCommand, { ResourceName: ARN }).resolves({ TagList: TAGS });
    const item = await describeReplicationGroup(new ElastiCacheClient({}), ref('sessions-prod'));
    expect(item).toMatchObject({
      resourceType: TYPE,
      resourceId: 'sessions-prod',
      resourceName: 'sessions-prod',
      arn: ARN,
      status: 'OK',
      tags: recorded.tags,
    });
    expect(item.configuration).toEqual(recorded.configuration);
    expect(elasticache.calls()).toHaveLength(2);
  });

  it('accepts the group ARN as lookup id', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [sessionsGroup()] });
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    await describeReplicationGroup(new ElastiCacheClient({}), ref(ARN));
    expect(elasticache.commandCalls(DescribeReplicationGroupsCommand)[0]?.args[0].input).toEqual({
      ReplicationGroupId: 'sessions-prod',
    });
  });

  it('still describes the group, with no tags, when the tags may not be read', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [sessionsGroup()] });
    elasticache.on(ListTagsForResourceCommand).rejects(awsError('AccessDenied'));
    const item = await describeReplicationGroup(new ElastiCacheClient({}), ref('sessions-prod'));
    expect(item.status).toBe('OK');
    expect(item.tags).toEqual({});
  });

  it.each(
    elasticacheRules
      .filter((rule) => rule.resourceTypes.includes(TYPE))
      .map((rule) => [rule.id, rule] as const),
  )('%s judges the described group as it judges the recorded one', async (_id, rule) => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [sessionsGroup()] });
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: TAGS });
    const item = await describeReplicationGroup(new ElastiCacheClient({}), ref('sessions-prod'));
    const engine = new RuleEngine([rule]);
    const judge = (subject: typeof item) =>
      engine.evaluate(subject, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })[0]?.compliance;
    expect(judge(item)).toBe(judge(recorded));
  });

  it('a group ElastiCache no longer knows is deleted, under its id', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(awsError('ReplicationGroupNotFoundFault'));
    const item = await describeReplicationGroup(new ElastiCacheClient({}), ref('gone'));
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'gone', configuration: null });
    expect(elasticache.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
  });

  it('fails the describe on any other error (worth a retry)', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(awsError('Throttling'));
    await expect(describeReplicationGroup(new ElastiCacheClient({}), ref('sessions-prod'))).rejects.toThrow(
      'Throttling',
    );
  });

  it('lists every group across pages', async () => {
    elasticache
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [{ ReplicationGroupId: 'a' }], Marker: 'm' })
      .resolvesOnce({ ReplicationGroups: [{ ReplicationGroupId: 'b' }] });
    const refs = await listReplicationGroups(new ElastiCacheClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => [entry.resourceType, entry.lookupId])).toEqual([
      [TYPE, 'a'],
      [TYPE, 'b'],
    ]);
  });
});

function record(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
): CloudTrailRecord {
  return {
    eventID: '4e2d9a10-7b3c-4f85-a1d6-0c9e8b7a6f51',
    eventTime: '2026-11-25T14:20:05Z',
    eventSource: 'elasticache.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: responseElements as CloudTrailRecord['responseElements'],
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of replication group calls', () => {
  it.each(['CreateReplicationGroup', 'ModifyReplicationGroup', 'IncreaseReplicaCount'])(
    '%s describes the group and re-describes its member clusters',
    (eventName) => {
      expect(
        refsOf(
          record(
            eventName,
            { replicationGroupId: 'sessions-prod', atRestEncryptionEnabled: true },
            {
              replicationGroupId: 'sessions-prod',
              memberClusters: ['sessions-prod-001', 'sessions-prod-002'],
            },
          ),
        ),
      ).toContainEqual([TYPE, 'sessions-prod']);
    },
  );

  it('DeleteReplicationGroup describes the group it names', () => {
    expect(refsOf(record('DeleteReplicationGroup', { replicationGroupId: 'sessions-prod' }))).toEqual([
      [TYPE, 'sessions-prod'],
    ]);
  });

  it('tag calls on a replication group ARN touch that group only', () => {
    for (const eventName of ['AddTagsToResource', 'RemoveTagsFromResource']) {
      expect(refsOf(record(eventName, { resourceName: ARN }))).toEqual([[TYPE, 'sessions-prod']]);
    }
  });

  it('tag calls on other ElastiCache resources do not touch a replication group', () => {
    const refs = refsOf(
      record('AddTagsToResource', {
        resourceName: 'arn:aws:elasticache:us-east-1:123456789012:parametergroup:sessions-params',
      }),
    );
    expect(refs).toEqual([]);
  });
});
