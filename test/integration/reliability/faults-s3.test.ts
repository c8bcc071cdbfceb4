import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodePending } from '#shared/pipeline/evidence-batch';
import { type FaultProxy, startFaultProxy } from '#test/support/fault-proxy';
import { drainAlerts } from '#test/support/pipeline-stack';
import { configChangeEventOf, sqsRecord, TOPIC_RULE, topicItem } from '#test/support/topic-events';
import {
  alertedHash,
  deliverSteps,
  expectChainOf,
  expectFlipsRecordedOnce,
  flipSteps,
  type ReliabilityPipeline,
  reliabilityPipeline,
  topicArn,
  topicFindings,
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
    // Twelve topics: batch objects make few S3 requests (one put per SQS batch), so enough to see faults.
    const { names, steps } = flipSteps('fault-s3', 12);

    const unacknowledged = await deliverSteps(pipeline, steps);

    proxy.setRules([]);
    expect(unacknowledged).toEqual([]);
    expect(proxy.stats().faults.s3 ?? 0).toBeGreaterThan(5);
    // A put that still fails after its retries was preceded by its alerts: the retry sends them again.
    await expectFlipsRecordedOnce(pipeline, names, 'at-least-once');
  });

  it('returns the message to the queue while S3 puts keep failing, and records it once after the outage', async () => {
    await drainAlerts(pipeline.stack);
    proxy.setRules([{ service: 's3', operations: ['PUT'], share: 1, kind: 'server-error' }]);
    const name = 'fault-outage';
    const body = JSON.stringify(
      configChangeEventOf(topicItem({ name, captureTime: '2026-11-21T09:00:00.000Z', encrypted: false })),
    );

    const during = await pipeline.evaluate({ Records: [{ ...sqsRecord(body), messageId: 'outage-1' }] });
    expect(during.batchItemFailures).toEqual([{ itemIdentifier: 'outage-1' }]);
    const row = await pipeline.runtime.state.get({
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'AWS::SNS::Topic',
      resourceId: topicArn(name),
    });
    // The claim survives in the state row, so the verdict cannot be lost even if the message were.
    expect(row?.pending?.key).toMatch(/^findings\//);
    expect(decodePending(row?.pending?.body ?? new Uint8Array()).lines).toHaveLength(1);
    expect(await topicFindings(pipeline, name)).toEqual([]);

    proxy.setRules([]);
    const after = await pipeline.evaluate({ Records: [{ ...sqsRecord(body), messageId: 'outage-1' }] });
    expect(after.batchItemFailures).toEqual([]);
    const [finding, ...others] = await expectChainOf(pipeline, name, 1);
    expect(others).toEqual([]);
    expect(finding?.hash).toBe(row?.rules[TOPIC_RULE]?.headHash);
    // Published before the failed put, and again when the retry stored the finding: the same finding both times.
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE', 'NEW_FAILURE']);
    expect(alerts.map(alertedHash)).toEqual([finding?.hash, finding?.hash]);
  });
});
