import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drainAlerts } from '#test/support/pipeline-stack';
import { configChangeEventOf, sqsEventOf, TOPIC_RULE, topicItem } from '#test/support/topic-events';
import {
  evaluateUntilAcked,
  expectChainOf,
  type ReliabilityPipeline,
  reliabilityPipeline,
  topicFindings,
} from './harness';

const OLDER = '2026-11-20T09:00:00.000Z';
const NEWER = '2026-11-20T09:05:00.000Z';

describe('ordering: an older configuration item never overwrites newer state (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: ReliabilityPipeline;

  beforeAll(async () => {
    pipeline = await reliabilityPipeline(endpoint, 'vigil-order');
  });
  afterAll(() => pipeline.close());

  const stateOf = (name: string) =>
    pipeline.runtime.state.get({
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'AWS::SNS::Topic',
      resourceId: `arn:aws:sns:us-east-1:123456789012:${name}`,
    });

  const eventBody = (name: string, captureTime: string, encrypted: boolean): string =>
    JSON.stringify(configChangeEventOf(topicItem({ name, captureTime, encrypted })));

  it('keeps the newer status when the older item arrives late, and records the late one as evidence only', async () => {
    const name = 'order-late';
    await pipeline.evaluate(sqsEventOf([eventBody(name, NEWER, true)]));
    const late = await pipeline.evaluate(sqsEventOf([eventBody(name, OLDER, false)]));

    expect(late.batchItemFailures).toEqual([]);
    const state = await stateOf(name);
    expect(state?.captureTime).toBe(NEWER);
    expect(state?.rules[TOPIC_RULE]).toMatchObject({
      compliance: 'COMPLIANT',
      lastOutcome: 'COMPLIANT',
      sequence: 2,
    });
    // The stale verdict is kept in the chain (an auditor sees every evaluation) but changes no status.
    const chain = await expectChainOf(pipeline, name, 2);
    expect(chain[1]).toMatchObject({
      compliance: 'NON_COMPLIANT',
      sequence: 2,
      previousHash: chain[0]?.hash,
      configurationItem: { captureTime: OLDER },
    });
    expect(state?.rules[TOPIC_RULE]?.headHash).toBe(chain[1]?.hash);
    // The row's newest claim is stored: nothing is left to recover.
    const stored = await topicFindings(pipeline, name);
    expect(stored.map((entry) => entry.key)).toContain(state?.pending?.key);
    // Only the first verdict was a change of status; the late failure alerts nobody.
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts).toEqual([]);
  });

  it('ends on the newer status whichever of two concurrent deliveries wins the race', async () => {
    const names = ['order-race-1', 'order-race-2', 'order-race-3', 'order-race-4'];
    // A delivery that waited too long for the other's write in progress is handed back and redelivered.
    await Promise.all(
      names.map((name, index) => {
        const [first, second] =
          index % 2 === 0
            ? [eventBody(name, OLDER, true), eventBody(name, NEWER, false)]
            : [eventBody(name, NEWER, false), eventBody(name, OLDER, true)];
        return Promise.all([evaluateUntilAcked(pipeline, first), evaluateUntilAcked(pipeline, second)]);
      }),
    );

    for (const name of names) {
      await expectChainOf(pipeline, name, 2);
      const state = await stateOf(name);
      expect(state?.captureTime).toBe(NEWER);
      expect(state?.rules[TOPIC_RULE]).toMatchObject({ compliance: 'NON_COMPLIANT', sequence: 2 });
    }
    // Either order alerts exactly once per topic: NEW_FAILURE for the newer, failing item.
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(names.map(() => 'NEW_FAILURE'));
  });
});
