import {
  type CacheCluster,
  DescribeCacheClustersCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeCacheCluster, listCacheClusters } from '#shared/describe/elasticache-cache-cluster/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { elasticacheRules } from '#shared/rules/elasticache/index';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';
import { awsError, sdkShapeOf } from './sdk-shape';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T11:27:54.201Z';
const TYPE = 'AWS::ElastiCache::CacheCluster';
const ARN = 'arn:aws:elasticache:us-east-1:123456789012:cluster:reports-cache-dev';
const elasticache = mockClient(ElastiCacheClient);

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId,
  captureTime: CAPTURE,
});

const recorded = loadFixture(TYPE, 'reports-redis-defaults').item;

/** DescribeCacheClusters' answer behind the `reports-redis-defaults` fixture (SDK v3 shape, a real Date). */
function reportsCluster(): CacheCluster {
  const { arn, cacheClusterCreateTime, ...rest } = recorded.configuration ?? {};
  return {
    ...(sdkShapeOf(rest) as CacheCluster),
    ARN: arn as string,
    CacheClusterCreateTime: new Date(cacheClusterCreateTime as string),
  };
}

describe('describeCacheCluster', () => {
  beforeEach(() => elasticache.reset());

  it('builds the fixture item from DescribeCacheClusters (no node details) and ListTagsForResource, two calls', async () => {
    elasticache
      .on(DescribeCacheClustersCommand, { CacheClusterId: 'reports-cache-dev', ShowCacheNodeInfo: false })
      .resolves({ CacheClusters: [reportsCluster()] });
    elasticache.on(ListTagsForResourceCommand, { ResourceName: ARN }).resolves({
      TagList: [
        { Key: 'team', Value: 'analytics' },
        { Key: 'environment', Value: 'development' },
      ],
    });
    const item = await describeCacheCluster(new ElastiCacheClient({}), ref('reports-cache-dev'));
    expect(item).toMatchObject({
      resourceType: TYPE,
      resourceId: 'reports-cache-dev',
      resourceName: 'reports-cache-dev',
      arn: ARN,
      status: 'OK',
      tags: recorded.tags,
    });
    expect(item.configuration).toEqual(recorded.configuration);
    expect(elasticache.calls()).toHaveLength(2);
  });

  it.each(
    elasticacheRules
      .filter((rule) => rule.resourceTypes.includes(TYPE))
      .map((rule) => [rule.id, rule] as const),
  )('%s fails the described cluster as it fails the recorded one', async (_id, rule) => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [reportsCluster()] });
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const item = await describeCacheCluster(new ElastiCacheClient({}), ref(ARN));
    const engine = new RuleEngine([rule]);
    const judge = (subject: typeof item) =>
      engine.evaluate(subject, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })[0]?.compliance;
    expect(judge(item)).toBe('NON_COMPLIANT');
    expect(judge(item)).toBe(judge(recorded));
  });

  it('still describes the cluster, with no tags, when the tags may not be read', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [reportsCluster()] });
    elasticache.on(ListTagsForResourceCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeCacheCluster(new ElastiCacheClient({}), ref('reports-cache-dev'));
    expect(item).toMatchObject({ status: 'OK', tags: {} });
  });

  it('a cluster ElastiCache no longer knows is deleted, under its id', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(awsError('CacheClusterNotFoundFault'));
    const item = await describeCacheCluster(new ElastiCacheClient({}), ref(ARN));
    expect(item).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: 'reports-cache-dev',
      configuration: null,
    });
  });

  it('fails the describe on any other error (worth a retry)', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(awsError('Throttling'));
    await expect(describeCacheCluster(new ElastiCacheClient({}), ref('reports-cache-dev'))).rejects.toThrow(
      'Throttling',
    );
  });

  it('lists every cluster across pages, without node details', async () => {
    elasticache
      .on(DescribeCacheClustersCommand)
      .resolvesOnce({ CacheClusters: [{ CacheClusterId: 'a' }], Marker: 'm' })
      .resolvesOnce({ CacheClusters: [{ CacheClusterId: 'b' }] });
    const refs = await listCacheClusters(new ElastiCacheClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => [entry.resourceType, entry.lookupId])).toEqual([
      [TYPE, 'a'],
      [TYPE, 'b'],
    ]);
    expect(elasticache.commandCalls(DescribeCacheClustersCommand)[0]?.args[0].input).toMatchObject({
      ShowCacheNodeInfo: false,
    });
  });
});

function record(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
): CloudTrailRecord {
  return {
    eventID: '9a7c5e31-2b4d-4f60-8e1a-3c5b7d9f0e12',
    eventTime: '2026-11-23T11:27:54Z',
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

describe('CloudTrail mapping of cache cluster calls', () => {
  it.each(['CreateCacheCluster', 'ModifyCacheCluster', 'DeleteCacheCluster'])(
    '%s describes the cluster it names',
    (eventName) => {
      expect(
        refsOf(record(eventName, { cacheClusterId: 'reports-cache-dev', snapshotRetentionLimit: 7 })),
      ).toEqual([[TYPE, 'reports-cache-dev']]);
    },
  );

  it('a replication group change re-describes the group and every member cluster', () => {
    expect(
      refsOf(
        record(
          'ModifyReplicationGroup',
          { replicationGroupId: 'sessions-prod', snapshotRetentionLimit: 21, applyImmediately: true },
          { replicationGroupId: 'sessions-prod', memberClusters: ['sessions-prod-001', 'sessions-prod-002'] },
        ),
      ),
    ).toEqual([
      ['AWS::ElastiCache::ReplicationGroup', 'sessions-prod'],
      [TYPE, 'sessions-prod-001'],
      [TYPE, 'sessions-prod-002'],
    ]);
  });

  it('tag calls touch the cluster or the group their ARN names, and nothing for other resources', () => {
    expect(refsOf(record('AddTagsToResource', { resourceName: ARN }))).toEqual([[TYPE, 'reports-cache-dev']]);
    expect(
      refsOf(
        record('RemoveTagsFromResource', {
          resourceName: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions-prod',
        }),
      ),
    ).toEqual([['AWS::ElastiCache::ReplicationGroup', 'sessions-prod']]);
    expect(
      refsOf(
        record('AddTagsToResource', {
          resourceName: 'arn:aws:elasticache:us-east-1:123456789012:snapshot:nightly',
        }),
      ),
    ).toEqual([]);
  });
});
