import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '#test/support/fault-proxy';
import { drainAlerts } from '#test/support/pipeline-stack';
import { configChangeEventOf, sqsRecord, TOPIC_RULE, topicItem } from '#test/support/topic-events';
import {
  deliverSteps,
  expectFlipsRecordedOnce,
  flipSteps,
  type ReliabilityPipeline,
  reliabilityPipeline,
  topicFindingVersions,
} from './harness';

describe('faults: S3 errors are retried with backoff, and what still fails returns to the queue (moto + fault proxy)', () => {
  const endpoint = inject('motoEndpoint');
  let proxy: FaultProxy;
  let pipeline: ReliabilityPipeline;

  beforeAll(async () => {
    proxy = await startFaultProxy(endpoint, { seed: 42 });
    // A short socket timeout, so delayed requests time out and are retried within the test's budget.
    pipeline = await reliabilityPipeline(endpoint, 'vigil-fault-s3', {
      clientEndpoint: proxy.endpoint,
      retry: { requestTimeoutMs: 400 },
    });
  });
  afterAll(async () => {
    pipeline.close();
    await proxy.close();
  });

  it('stores every finding exactly once with 30% of S3 requests answered 503 SlowDown', async () => {
    proxy.setRules([{ service: 's3', share: 0.3, kind: 'throttle' }]);
    proxy.resetStats();
    const { names, steps } = flipSteps('fault-s3', 6);

    const unacknowledged = await deliverSteps(pipeline, steps);

    proxy.setRules([]);
    expect(unacknowledged).toEqual([]);
    expect(proxy.stats().faults.s3 ?? 0).toBeGreaterThan(10);
    await expectFlipsRecordedOnce(pipeline, names);
  });

  it('returns the message to the queue while S3 puts keep failing, and records it once after the outage', async () => {
    proxy.setRules([{ service: 's3', operations: ['PUT'], share: 1, kind: 'server-error' }]);
    const name = 'fault-outage';
    const body = JSON.stringify(
      configChangeEventOf(topicItem({ name, captureTime: '2026-11-21T09:00:00.000Z', encrypted: false })),
    );

    const during = await pipeline.evaluate({ Records: [{ ...sqsRecord(body), messageId: 'outage-1' }] });
    expect(during.batchItemFailures).toEqual([{ itemIdentifier: 'outage-1' }]);
    const pending = await pipeline.runtime.state.get({
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'AWS::SNS::Topic',
      resourceId: `arn:aws:sns:us-east-1:123456789012:${name}`,
      ruleId: TOPIC_RULE,
    });
    // The claim survives in the state row, so the verdict cannot be lost even if the message were.
    expect(pending?.pending?.key).toMatch(/^findings\//);

    proxy.setRules([]);
    const after = await pipeline.evaluate({ Records: [{ ...sqsRecord(body), messageId: 'outage-1' }] });
    expect(after.batchItemFailures).toEqual([]);
    expect(await topicFindingVersions(pipeline, name)).toHaveLength(1);
    expect((await drainAlerts(pipeline.stack)).map((alert) => alert.attributes.transition)).toEqual([
      'NEW_FAILURE',
    ]);
  });
});
