import {
  ConfigServiceClient,
  DeleteConfigurationAggregatorCommand,
  PutConfigurationAggregatorCommand,
} from '@aws-sdk/client-config-service';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { ACCOUNT, type LocalSweep, localSweep, storedEvidence } from '../pipeline/harness';

// Regions no other integration file sweeps, so the aggregator lists only this file's topics there.
const REGIONS = ['eu-north-1', 'ca-central-1'];
const RULE = 'sns-encrypted-kms';

/**
 * The organization sweep reading the Config aggregator of the central account instead of each member's
 * recorder (moto's aggregator serves its own account only, and SNS topics are the type its Config items can
 * be read for from SDK v3): shards per account and region, listed and batch-read through the aggregator.
 */
describe('an organization sweep through the Config aggregator (moto)', () => {
  const endpoint = inject('motoEndpoint');
  const aggregatorName = uniqueName('vigil-org-aggregator');
  const config = new ConfigServiceClient(awsClientConfig(endpoint));
  const prefix = uniqueName('vigil-agg-sweep');
  const topics = new Map<string, string>();
  let pipeline: LocalSweep;

  beforeAll(async () => {
    await config.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: aggregatorName,
        AccountAggregationSources: [{ AccountIds: [ACCOUNT], AllAwsRegions: true }],
      }),
    );
    for (const region of REGIONS) {
      const sns = new SNSClient({ ...awsClientConfig(endpoint), region });
      for (const index of [0, 1, 2]) {
        const created = await sns.send(new CreateTopicCommand({ Name: `${prefix}-${index}` }));
        topics.set(created.TopicArn ?? '', region);
      }
      sns.destroy();
    }
    pipeline = await localSweep(endpoint, 'vigil-agg-sweep', {
      ACCOUNT_ID: '',
      ENABLED_RULES: RULE,
      INVENTORY_SOURCE: 'aggregator',
      CONFIG_AGGREGATOR_NAME: aggregatorName,
      MEMBER_ROLE_NAME: 'VigilMemberReadOnly',
      MEMBER_EXTERNAL_ID: 'vigil-org-test',
      MEMBER_ACCOUNTS: ACCOUNT,
      MEMBER_REGIONS: REGIONS.join(','),
      SWEEP_PAGE_SIZE: '2',
    });
  });

  afterAll(async () => {
    await config.send(
      new DeleteConfigurationAggregatorCommand({ ConfigurationAggregatorName: aggregatorName }),
    );
    config.destroy();
    pipeline?.close();
  });

  it('judges every aggregated topic once, page by page, under its own region', async () => {
    const { planned, drained, status } = await pipeline.sweep();
    expect(planned.shards.map((shard) => shard.region).sort()).toEqual([...REGIONS].sort());
    expect(drained.deadLetters).toEqual([]);
    expect(status.sweep).toMatchObject({ status: 'complete', failures: 0 });
    // Three topics per region at two per page: every shard took more than one page.
    expect(status.shards.every((shard) => shard.pagesDone >= 2)).toBe(true);
    const { findings } = await storedEvidence(pipeline);
    const mine = findings.filter(({ record }) => topics.has(record.resource.resourceId));
    expect(mine.map(({ record }) => record.resource.resourceId).sort()).toEqual([...topics.keys()].sort());
    for (const { key, record } of mine) {
      expect(record.source.trigger).toBe('sweep');
      expect(record.resource.region).toBe(topics.get(record.resource.resourceId));
      expect(key.startsWith(`findings/${ACCOUNT}/${record.resource.region}/`)).toBe(true);
    }
  });
});
