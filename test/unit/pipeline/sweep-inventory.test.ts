import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { cachedInventoryProvider } from '#shared/pipeline/inventory-provider';
import { describeInventorySource } from '#shared/pipeline/inventory-sources';
import { RuleEngine } from '#shared/rules/engine';
import { s3BucketReplicationEnabled } from '#shared/rules/s3/s3-bucket-replication-enabled';
import { planSweep } from '#shared/sweep/planner';
import { drainMemorySweep, memorySweepDeps } from '#test/support/sweep';
import { faultPlan, memoryRuntime } from './memory-ports';

const ACCOUNT = '123456789012';
const BUCKET = 'AWS::S3::Bucket';
const COUNT = 40;
const name = (index: number) => `bucket-${index.toString().padStart(3, '0')}`;

/** Every bucket replicates to the next one (the last to the first), all in one region. */
function bucketItem(ref: ResourceRef): ConfigurationItem {
  const index = Number(ref.lookupId.slice('bucket-'.length));
  return {
    accountId: ref.accountId,
    region: ref.region,
    resourceType: BUCKET,
    resourceId: ref.lookupId,
    captureTime: ref.captureTime,
    status: 'OK',
    configuration: { name: ref.lookupId },
    supplementaryConfiguration: {
      BucketReplicationConfiguration: {
        roleARN: `arn:aws:iam::${ACCOUNT}:role/replication`,
        rules: [
          {
            id: 'all',
            status: 'Enabled',
            destinationConfig: { bucketARN: `arn:aws:s3:::${name((index + 1) % COUNT)}` },
          },
        ],
      },
    },
    tags: {},
    relationships: [],
  };
}

describe('describe sweep with a rule that judges each bucket by another', () => {
  it('describes every bucket once at concurrency 16: destinations come from the sweep, not from reads of their own', async () => {
    const described: string[] = [];
    let listings = 0;
    const describer: ResourceDescriber = {
      supportedTypes: [BUCKET],
      async listRefs(resourceType, accountId, captureTime) {
        listings++;
        return Array.from({ length: COUNT }, (_, index) => ({
          accountId,
          region: 'us-east-1',
          resourceType,
          lookupId: name(index),
          captureTime,
        }));
      },
      async describe(ref) {
        described.push(ref.lookupId);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return bucketItem(ref);
      },
    };
    const runtime = memoryRuntime({
      rules: [s3BucketReplicationEnabled],
      accountId: ACCOUNT,
      plan: faultPlan(1, 0),
    });
    const deps = {
      ...runtime,
      describer,
      engine: new RuleEngine([s3BucketReplicationEnabled], {
        [s3BucketReplicationEnabled.id]: { ReplicationType: 'SAME-REGION' },
      }),
      inventory: cachedInventoryProvider(describeInventorySource(describer)),
    };
    const sweepDeps = memorySweepDeps(
      { ...deps, access: { reaches: () => true, describer: () => describer, recorder: () => deps.recorder } },
      { concurrency: 16 },
    );
    await planSweep(sweepDeps, {
      sweepId: 'replication',
      startedAt: '2026-11-23T12:00:00.000Z',
      source: 'describe',
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      resourceTypes: [BUCKET],
    });
    const { reports, pageErrors } = await drainMemorySweep(sweepDeps);
    expect(pageErrors).toEqual([]);
    expect(reports.flatMap((report) => report.failures)).toEqual([]);
    // Every bucket judged COMPLIANT: each found its destination (in its own page) and its region.
    expect(reports.map((report) => report.transitions)).toEqual([{ FIRST_PASS: COUNT }]);
    expect(described).toHaveLength(COUNT);
    expect(new Set(described).size).toBe(COUNT);
    expect(listings).toBe(1);
  });
});
