import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '#test/support/fault-proxy';
import {
  deliverSteps,
  expectFlipsRecordedOnce,
  flipSteps,
  type ReliabilityPipeline,
  reliabilityPipeline,
} from './harness';

describe('faults: timeouts and lost responses of writes that succeeded (moto + fault proxy)', () => {
  const endpoint = inject('motoEndpoint');
  let proxy: FaultProxy;
  let pipeline: ReliabilityPipeline;

  beforeAll(async () => {
    proxy = await startFaultProxy(endpoint, { seed: 42 });
    // A short socket timeout, so delayed requests time out and are retried within the test's budget.
    pipeline = await reliabilityPipeline(endpoint, 'vigil-fault-lost', {
      clientEndpoint: proxy.endpoint,
      retry: { requestTimeoutMs: 400 },
    });
  });
  afterAll(async () => {
    pipeline.close();
    await proxy.close();
  });

  it('survives timeouts and lost responses of writes that did succeed (S3 puts, DynamoDB claims)', async () => {
    proxy.setRules([
      { service: 's3', operations: ['PUT'], share: 0.25, kind: 'lost-response' },
      { service: 'dynamodb', operations: ['PutItem', 'UpdateItem'], share: 0.25, kind: 'lost-response' },
      { service: 'dynamodb', operations: ['GetItem'], share: 0.2, kind: 'delay', delayMs: 700 },
    ]);
    proxy.resetStats();
    const { names, steps } = flipSteps('fault-lost', 4);

    const unacknowledged = await deliverSteps(pipeline, steps);

    proxy.setRules([]);
    expect(unacknowledged).toEqual([]);
    expect((proxy.stats().faults.s3 ?? 0) + (proxy.stats().faults.dynamodb ?? 0)).toBeGreaterThan(5);
    await expectFlipsRecordedOnce(pipeline, names);
  });
});
