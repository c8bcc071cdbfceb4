import { beforeEach, describe, expect, it } from 'vitest';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { cloudTrailEvent } from '#shared/local/events';
import { processQueuedMessages, type QueuedMessage } from '#shared/pipeline/triggers';
import { s3BucketVersioningEnabled } from '#shared/rules/s3/s3-bucket-versioning-enabled';
import { Settler } from '#shared/settle/settler';
import { MemorySettleStore, RecordingSettleQueue } from '#test/support/settle';
import { faultPlan, type MemoryRuntime, memoryRuntime, storedRecords } from './memory-ports';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const START = Date.parse('2026-11-23T08:00:00.000Z');

/** A describer over a mutable estate of bucket versioning states, counting its describes. */
function estateDescriber(estate: Map<string, string>, onDescribe: (ref: ResourceRef) => void = () => {}) {
  const describes: ResourceRef[] = [];
  const describer: ResourceDescriber = {
    supportedTypes: ['AWS::S3::Bucket'],
    async describe(ref) {
      describes.push(ref);
      onDescribe(ref);
      const status = estate.get(ref.lookupId);
      return {
        accountId: ref.accountId,
        region: ref.region,
        resourceType: ref.resourceType,
        resourceId: ref.lookupId,
        resourceName: ref.lookupId,
        arn: `arn:aws:s3:::${ref.lookupId}`,
        captureTime: ref.captureTime,
        status: status === undefined ? 'ResourceDeleted' : 'OK',
        configuration: status === undefined ? {} : { name: ref.lookupId },
        supplementaryConfiguration: status === undefined ? {} : { BucketVersioningConfiguration: { status } },
        tags: {},
        relationships: [],
      };
    },
    listRefs: async () => [],
  };
  return { describer, describes };
}

let counter = 0;

/** One queued CloudTrail call about a bucket, `seconds` after START. */
function bucketCall(bucket: string, eventName: string, seconds: number): QueuedMessage {
  const event = cloudTrailEvent(
    {
      eventSource: 's3.amazonaws.com',
      eventName,
      accountId: ACCOUNT,
      region: REGION,
      eventTime: new Date(START + seconds * 1000).toISOString(),
      requestParameters: { bucketName: bucket },
    },
    { id: `event-${bucket}-${seconds}` },
  );
  counter++;
  return { messageId: `m${counter}`, body: JSON.stringify(event) };
}

describe('evaluator with settle and coalesce (in-memory ports)', () => {
  let estate: Map<string, string>;
  let store: MemorySettleStore;
  let queue: RecordingSettleQueue;
  let runtime: MemoryRuntime;
  let describes: ResourceRef[];
  let now: number;

  function build(
    byType: Record<string, number> = {},
    onDescribe?: (ref: ResourceRef) => void,
  ): MemoryRuntime & { settle: Settler } {
    const counted = estateDescriber(estate, onDescribe);
    describes = counted.describes;
    const base = memoryRuntime({
      rules: [s3BucketVersioningEnabled],
      accountId: ACCOUNT,
      plan: faultPlan(1, 0),
    });
    return {
      ...base,
      describer: counted.describer,
      clock: () => new Date(now),
      settle: new Settler({
        store,
        queue,
        settings: { defaultSeconds: 90, byType },
        clock: () => new Date(now),
      }),
    };
  }

  beforeEach(() => {
    now = START;
    estate = new Map();
    store = new MemorySettleStore();
    queue = new RecordingSettleQueue();
    runtime = build();
  });

  /** Delivers what the settle queue holds, as the change queue would after the delay. */
  async function deliverSettled(deps = runtime) {
    now += 90_000;
    const messages = queue.takeBodies().map((body, index) => ({ messageId: `settled-${index}`, body }));
    return processQueuedMessages(messages, deps);
  }

  const transitions = () => runtime.alerts.map((alert) => alert.transition);

  it('a bucket created then configured in five calls is described once, after the window, with no alert', async () => {
    estate.set('tf-bucket', 'Enabled');
    const calls = [
      'CreateBucket',
      'PutBucketVersioning',
      'PutBucketEncryption',
      'PutBucketPublicAccessBlock',
      'PutBucketPolicy',
      'PutBucketTagging',
    ].map((name, index) => bucketCall('tf-bucket', name, index));
    const held = await processQueuedMessages(calls, runtime);
    expect(held.batchItemFailures).toEqual([]);
    expect(held.outcomes.map((entry) => ('outcome' in entry ? entry.outcome.status : 'error'))).toEqual(
      Array(6).fill('settling'),
    );
    expect(describes).toHaveLength(0);
    expect(queue.sent).toHaveLength(1);

    const settled = await deliverSettled();
    expect(settled.batchItemFailures).toEqual([]);
    expect(describes).toHaveLength(1);
    const [outcome] = settled.outcomes;
    expect(outcome !== undefined && 'outcome' in outcome && outcome.outcome).toMatchObject({
      status: 'processed',
      trigger: 'cloudtrail',
      coalesced: 6,
    });
    // Described as of the newest event of the window; the finding names the event that opened it.
    expect(describes[0]?.captureTime).toBe(new Date(START + 5000).toISOString());
    const { findings } = storedRecords(runtime.objects);
    expect(findings.map((entry) => [entry.record.compliance, entry.record.source])).toEqual([
      ['COMPLIANT', { trigger: 'cloudtrail', eventId: 'event-tf-bucket-0' }],
    ]);
    expect(transitions()).toEqual([]);
  });

  it('a bucket that ends non-compliant alerts exactly once', async () => {
    estate.set('tf-bucket', 'Suspended');
    await processQueuedMessages(
      ['CreateBucket', 'PutBucketVersioning', 'PutBucketTagging'].map((name, index) =>
        bucketCall('tf-bucket', name, index),
      ),
      runtime,
    );
    await deliverSettled();
    expect(describes).toHaveLength(1);
    expect(transitions()).toEqual(['NEW_FAILURE']);
  });

  it('with the type set to 0 every call is described at once (the old behaviour)', async () => {
    runtime = build({ 'AWS::S3::Bucket': 0 });
    estate.set('tf-bucket', 'Enabled');
    const outcome = await processQueuedMessages(
      ['CreateBucket', 'PutBucketVersioning'].map((name, index) => bucketCall('tf-bucket', name, index)),
      runtime,
    );
    expect(outcome.outcomes.map((entry) => 'outcome' in entry && entry.outcome.status)).toEqual([
      'processed',
      'processed',
    ]);
    expect(describes).toHaveLength(2);
    expect(queue.sent).toHaveLength(0);
    expect(store.writes).toEqual([]);
  });

  it('an event arriving while the window is being described opens a new window (never lost)', async () => {
    estate.set('tf-bucket', 'Enabled');
    let during: Promise<unknown> | undefined;
    runtime = build({}, () => {
      // The describe reads the bucket; meanwhile someone suspends versioning and its event arrives.
      if (during !== undefined) return;
      estate.set('tf-bucket', 'Suspended');
      during = processQueuedMessages([bucketCall('tf-bucket', 'PutBucketVersioning', 100)], runtime);
    });
    await processQueuedMessages([bucketCall('tf-bucket', 'CreateBucket', 0)], runtime);
    await deliverSettled();
    await during;
    expect(queue.sent).toHaveLength(1);
    await deliverSettled();
    expect(describes).toHaveLength(2);
    expect(transitions()).toEqual(['NEW_FAILURE']);
  });

  it('a describe that fails after the window closed is retried and still judges the bucket', async () => {
    estate.set('tf-bucket', 'Suspended');
    await processQueuedMessages([bucketCall('tf-bucket', 'CreateBucket', 0)], runtime);
    const [body] = queue.takeBodies();
    if (body === undefined) throw new Error('no describe queued');
    runtime.plan.share = 1; // every AWS-backed port call fails: the describe throws
    now += 90_000;
    const failed = await processQueuedMessages([{ messageId: 'settled', body }], runtime);
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'settled' }]);
    expect(store.markers.size).toBe(0);
    runtime.plan.share = 0;
    const retried = await processQueuedMessages([{ messageId: 'settled', body }], runtime);
    expect(retried.batchItemFailures).toEqual([]);
    expect(transitions()).toEqual(['NEW_FAILURE']);
  });

  it('a failed marker write or send is retried by SQS, and the retry queues the describe', async () => {
    queue.failNext = true;
    const message = bucketCall('tf-bucket', 'CreateBucket', 0);
    expect((await processQueuedMessages([message], runtime)).batchItemFailures).toEqual([
      { itemIdentifier: message.messageId },
    ]);
    store.fail.add('note');
    expect((await processQueuedMessages([message], runtime)).batchItemFailures).toHaveLength(1);
    expect((await processQueuedMessages([message], runtime)).batchItemFailures).toEqual([]);
    expect(queue.sent).toHaveLength(1);
  });

  it('a settled describe about another account is rejected and kept as evidence, never described', async () => {
    estate.set('tf-bucket', 'Enabled');
    const ref = { accountId: '210987654321', region: REGION, resourceType: 'AWS::S3::Bucket', lookupId: 'x' };
    const body = JSON.stringify({
      vigil: 'settled-describe',
      version: 1,
      key: 'SETTLE#210987654321#us-east-1#AWS::S3::Bucket#x',
      windowId: 'forged',
      firstEventTime: new Date(START).toISOString(),
      accountId: '210987654321',
      refs: [ref],
      settleSeconds: 90,
    });
    const result = await processQueuedMessages([{ messageId: 'forged', body }], runtime);
    expect(result.batchItemFailures).toEqual([]);
    expect(result.outcomes[0]).toMatchObject({ outcome: { status: 'rejected' } });
    expect(describes).toHaveLength(0);
    expect(runtime.rejected.size).toBe(1);
  });

  it('a malformed settled describe is rejected with the reason, never thrown', async () => {
    const body = JSON.stringify({ vigil: 'settled-describe', version: 1, refs: [] });
    const result = await processQueuedMessages([{ messageId: 'bad', body }], runtime);
    expect(result.outcomes[0]).toMatchObject({
      outcome: { status: 'rejected', reason: expect.stringMatching(/^settled describe: /) },
    });
  });

  it('a settled describe delivered to a container without settling is still described', async () => {
    await processQueuedMessages([bucketCall('tf-bucket', 'CreateBucket', 0)], runtime);
    estate.set('tf-bucket', 'Suspended');
    const { settle: _, ...unsettled } = runtime as MemoryRuntime & { settle?: Settler };
    await deliverSettled(unsettled as MemoryRuntime);
    expect(describes).toHaveLength(1);
    expect(transitions()).toEqual(['NEW_FAILURE']);
  });
});
