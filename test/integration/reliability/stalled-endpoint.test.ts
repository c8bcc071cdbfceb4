import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings, worstCaseCallMs } from '#shared/aws/client-settings';
import { type FaultProxy, startFaultProxy } from '#test/support/fault-proxy';
import { configChangeEventOf, sqsRecord, topicItem } from '#test/support/topic-events';
import { type ReliabilityPipeline, reliabilityPipeline } from './harness';

/** Vigil's settings with a shorter request timeout, so the test waits seconds, not Vigil's 18 s worst case. */
const SETTINGS: RetrySettings = { ...DEFAULT_RETRY_SETTINGS, requestTimeoutMs: 800 };

describe('a hung S3 endpoint: the evaluator hands the message back in seconds (moto + fault proxy)', () => {
  const endpoint = inject('motoEndpoint');
  let proxy: FaultProxy;
  let pipeline: ReliabilityPipeline;

  beforeAll(async () => {
    proxy = await startFaultProxy(endpoint, { seed: 7 });
    pipeline = await reliabilityPipeline(endpoint, 'vigil-stall', {
      clientEndpoint: proxy.endpoint,
      retry: SETTINGS,
    });
  });
  afterAll(async () => {
    pipeline?.close();
    await proxy?.close();
  });

  /** An SQS record of one change of a fresh topic. */
  function changeRecord(name: string) {
    const item = topicItem({ name, captureTime: new Date().toISOString(), encrypted: false });
    return sqsRecord(JSON.stringify(configChangeEventOf(item)));
  }

  it('returns the message as a batch item failure once every S3 attempt timed out', async () => {
    proxy.setRules([{ service: 's3', share: 1, kind: 'stall' }]);
    proxy.resetStats();
    const record = changeRecord(`stall-${Date.now()}`);

    const started = performance.now();
    const response = await pipeline.evaluate({ Records: [record] });
    const elapsed = performance.now() - started;

    proxy.setRules([]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    // Each attempt was held by the proxy and abandoned by the client: the SDK tried exactly its budget.
    expect(proxy.stats().faults.s3).toBe(SETTINGS.maxAttempts);
    expect(elapsed).toBeGreaterThanOrEqual(SETTINGS.maxAttempts * SETTINGS.requestTimeoutMs);
    expect(elapsed).toBeLessThan(worstCaseCallMs(SETTINGS) + 3_000);
  });

  it('starts no message after the first once too little of the invocation is left, and hands them back', async () => {
    proxy.setRules([]);
    proxy.resetStats();
    const records = [changeRecord(`late-a-${Date.now()}`), changeRecord(`late-b-${Date.now()}`)];
    const { evaluate } = await import('#functions/evaluator');

    // 3 s left is less than the reserve: two worst-case calls and a 5 s margin (15.8 s with these settings).
    // The first message always runs (an unreachable deadline must not send a whole queue to the DLQ).
    const response = await evaluate({ Records: records }, pipeline.runtime, () => 3_000);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]?.messageId }]);
    // One evidence object written, for the first message only.
    expect(proxy.stats().requests.s3).toBe(1);
  });

  it('still starts messages while enough time is left', async () => {
    proxy.setRules([]);
    const record = changeRecord(`on-time-${Date.now()}`);
    const { evaluate } = await import('#functions/evaluator');

    const response = await evaluate({ Records: [record] }, pipeline.runtime, () => 60_000);

    expect(response.batchItemFailures).toEqual([]);
  });
});
