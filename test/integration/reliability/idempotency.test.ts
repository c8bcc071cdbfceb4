import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drainAlerts } from '#test/support/pipeline-stack';
import { configChangeEventOf, sqsEventOf, topicItem } from '#test/support/topic-events';
import { evaluateUntilAcked, expectChainOf, type ReliabilityPipeline, reliabilityPipeline } from './harness';

describe('idempotency: a redelivered event stores one finding and sends one alert (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: ReliabilityPipeline;

  beforeAll(async () => {
    pipeline = await reliabilityPipeline(endpoint, 'vigil-idem');
  });
  afterAll(() => pipeline.close());

  it('stores one finding and one alert when the same event arrives twice, one after the other', async () => {
    const item = topicItem({
      name: 'idem-sequential',
      captureTime: '2026-11-20T10:00:00.000Z',
      encrypted: false,
    });
    const body = JSON.stringify(configChangeEventOf(item, 'event-sequential'));

    const first = await pipeline.evaluate(sqsEventOf([body]));
    const second = await pipeline.evaluate(sqsEventOf([body]));

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    await expectChainOf(pipeline, 'idem-sequential', 1);
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE']);
  });

  it('treats the same configuration item in two events (different event ids) as one evaluation', async () => {
    const item = topicItem({
      name: 'idem-two-ids',
      captureTime: '2026-11-20T10:00:00.000Z',
      encrypted: false,
    });

    await pipeline.evaluate(sqsEventOf([JSON.stringify(configChangeEventOf(item, 'event-a'))]));
    await pipeline.evaluate(sqsEventOf([JSON.stringify(configChangeEventOf(item, 'event-b'))]));

    await expectChainOf(pipeline, 'idem-two-ids', 1);
    expect(await drainAlerts(pipeline.stack)).toHaveLength(1);
  });

  it('stores one finding and one alert when four invocations process the same event at once', async () => {
    const names = ['idem-race-1', 'idem-race-2', 'idem-race-3', 'idem-race-4', 'idem-race-5'];
    for (const name of names) {
      const body = JSON.stringify(
        configChangeEventOf(topicItem({ name, captureTime: '2026-11-20T11:00:00.000Z', encrypted: false })),
      );
      // A delivery that waits too long for another's write in progress is handed back and redelivered.
      await Promise.all(Array.from({ length: 4 }, () => evaluateUntilAcked(pipeline, body)));
    }

    for (const name of names) await expectChainOf(pipeline, name, 1);
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.map((alert) => alert.subject).sort()).toHaveLength(names.length);
    const alerted = alerts.map((alert) => names.find((name) => alert.message.includes(`:${name}`)));
    expect(new Set(alerted).size).toBe(names.length);
  });

  it('keeps the chain and alerts each change once when a flip sequence is delivered twice, concurrently', async () => {
    const name = 'idem-flips';
    const bodies = [false, true, false, true].map((encrypted, index) =>
      JSON.stringify(
        configChangeEventOf(
          topicItem({ name, captureTime: `2026-11-20T12:0${index}:00.000Z`, encrypted }),
          `flip-${index}`,
        ),
      ),
    );
    for (const body of bodies) {
      await Promise.all([evaluateUntilAcked(pipeline, body), evaluateUntilAcked(pipeline, body)]);
    }

    const chain = await expectChainOf(pipeline, name, 4);
    expect(chain.map((finding) => finding.compliance)).toEqual([
      'NON_COMPLIANT',
      'COMPLIANT',
      'NON_COMPLIANT',
      'COMPLIANT',
    ]);
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual([
      'NEW_FAILURE',
      'RESOLVED',
      'NEW_FAILURE',
      'RESOLVED',
    ]);
  });
});
