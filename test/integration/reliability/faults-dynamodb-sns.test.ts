import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '#test/support/fault-proxy';
import {
  deliverSteps,
  expectFlipsRecordedOnce,
  flipSteps,
  type ReliabilityPipeline,
  reliabilityPipeline,
} from './harness';

describe('faults: DynamoDB throttling and SNS 500s are retried with backoff (moto + fault proxy)', () => {
  const endpoint = inject('motoEndpoint');
  let proxy: FaultProxy;
  let pipeline: ReliabilityPipeline;

  beforeAll(async () => {
    proxy = await startFaultProxy(endpoint, { seed: 42 });
    // A short socket timeout, so delayed requests time out and are retried within the test's budget.
    pipeline = await reliabilityPipeline(endpoint, 'vigil-fault-ddb', {
      clientEndpoint: proxy.endpoint,
      retry: { requestTimeoutMs: 400 },
    });
  });
  afterAll(async () => {
    pipeline.close();
    await proxy.close();
  });

  it('stores every finding once and alerts every change with DynamoDB throttled and SNS failing 500 on 20-30% of requests', async () => {
    proxy.setRules([
      { service: 'dynamodb', share: 0.2, kind: 'throttle' },
      { service: 'sns', share: 0.3, kind: 'server-error' },
    ]);
    proxy.resetStats();
    const { names, steps } = flipSteps('fault-ddb-sns', 6);

    const unacknowledged = await deliverSteps(pipeline, steps);

    proxy.setRules([]);
    expect(unacknowledged).toEqual([]);
    expect(proxy.stats().faults.dynamodb ?? 0).toBeGreaterThan(5);
    expect(proxy.stats().faults.sns ?? 0).toBeGreaterThan(0);
    // An SQS batch of two topics shares one batch object: when the second alert of its flush fails after the
    // first was sent, both messages are retried and the first alert is sent again.
    await expectFlipsRecordedOnce(pipeline, names, 'at-least-once');
  });
});
