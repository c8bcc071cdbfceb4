import {
  CreateBucketCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { cloudTrailEvent } from '#shared/local/events';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { parseEventBridgeEvent } from '#shared/pipeline/events';
import { cachedInventoryProvider } from '#shared/pipeline/inventory-provider';
import { describeInventorySource } from '#shared/pipeline/inventory-sources';
import { handlePipelineInput, type InputOutcome } from '#shared/pipeline/triggers';
import { uniqueName } from '#test/support/moto';
import { ACCOUNT, type LocalPipeline, localPipeline, REGION } from './harness';

const RULE = 's3-bucket-replication-enabled';
const OTHER_BUCKETS = 30;

/** The compliance each rule gave the one resource an outcome processed. */
function verdictOf(outcome: InputOutcome): string | undefined {
  if (outcome.status !== 'processed') return `${outcome.status}: ${outcome.reason}`;
  return outcome.results[0]?.recorded.find((recorded) => recorded.evaluation.ruleId === RULE)?.evaluation
    .compliance;
}

describe('s3-bucket-replication-enabled on the CloudTrail path in moto reads the destinations only', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  const prefix = uniqueName('vigil-repl');
  const name = (suffix: string) => `${prefix}-${suffix}`;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-repl', {
      ENABLED_RULES: RULE,
      RULE_PARAMETERS: JSON.stringify({ [RULE]: { ReplicationType: 'SAME-REGION' } }),
      INVENTORY_SOURCE: 'describe',
    });
    const others = Array.from({ length: OTHER_BUCKETS }, (_, index) => name(`other-${index}`));
    await mapWithConcurrency([...others, name('source'), name('dr')], 8, (Bucket) =>
      pipeline.s3.send(new CreateBucketCommand({ Bucket })),
    );
    for (const Bucket of [name('source'), name('dr')]) {
      await pipeline.s3.send(
        new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
      );
    }
  });

  afterAll(() => pipeline?.close());

  /** Points the source's replication at `destination`, then feeds the CloudTrail call to a fresh container. */
  async function replicateTo(destination: string) {
    await pipeline.s3.send(
      new PutBucketReplicationCommand({
        Bucket: name('source'),
        ReplicationConfiguration: {
          Role: `arn:aws:iam::${ACCOUNT}:role/s3-replication`,
          Rules: [
            {
              ID: 'all',
              Status: 'Enabled',
              Prefix: '',
              Destination: { Bucket: `arn:aws:s3:::${destination}` },
            },
          ],
        },
      }),
    );
    const described: string[] = [];
    let listings = 0;
    const { runtime } = pipeline;
    const describer: ResourceDescriber = {
      supportedTypes: runtime.describer.supportedTypes,
      describe: (ref: ResourceRef) => {
        described.push(ref.lookupId);
        return runtime.describer.describe(ref);
      },
      listRefs: (...args) => {
        listings++;
        return runtime.describer.listRefs(...args);
      },
    };
    // What a fresh evaluator container builds: an empty inventory cache over the describe source.
    const deps = {
      ...runtime,
      describer,
      access: { reaches: () => true, describer: () => describer, recorder: () => runtime.recorder },
      inventory: cachedInventoryProvider(describeInventorySource(describer)),
    };
    const input = parseEventBridgeEvent(
      cloudTrailEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketReplication',
        accountId: ACCOUNT,
        region: REGION,
        requestParameters: { bucketName: name('source'), replication: '' },
      }),
    );
    const outcome = await handlePipelineInput(input, deps);
    return { verdict: verdictOf(outcome), described, listings };
  }

  it('judges SAME-REGION replication from the source and its destination alone, not every bucket', async () => {
    const { verdict, described, listings } = await replicateTo(name('dr'));
    expect(verdict).toBe('COMPLIANT');
    expect(described.sort()).toEqual([name('dr'), name('source')]);
    expect(listings).toBe(1);
  });

  it('gives no verdict when the destination is not a bucket of this account (its region is not collected)', async () => {
    const { verdict, described } = await replicateTo(`${prefix}-in-another-account`);
    expect(verdict).toBe('NOT_APPLICABLE');
    expect(described).toEqual([name('source')]);
  });
});
