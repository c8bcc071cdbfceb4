import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseFinding } from '#shared/evidence/finding';
import { drainAlerts } from '#test/support/pipeline-stack';
import { configChangeEventOf, sqsEventOf, TOPIC_RULE, topicItem } from '#test/support/topic-events';
import {
  evaluateUntilAcked,
  type ReliabilityPipeline,
  reliabilityPipeline,
  topicFindingVersions,
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
      ruleId: TOPIC_RULE,
    });

  const eventBody = (name: string, captureTime: string, encrypted: boolean): string =>
    JSON.stringify(configChangeEventOf(topicItem({ name, captureTime, encrypted })));

  it('keeps the newer status when the older item arrives late, and records the late one as evidence only', async () => {
    const name = 'order-late';
    await pipeline.evaluate(sqsEventOf([eventBody(name, NEWER, true)]));
    const late = await pipeline.evaluate(sqsEventOf([eventBody(name, OLDER, false)]));

    expect(late.batchItemFailures).toEqual([]);
    const state = await stateOf(name);
    expect(state).toMatchObject({
      compliance: 'COMPLIANT',
      lastOutcome: 'COMPLIANT',
      captureTime: NEWER,
      sequence: 2,
    });
    expect(state?.pending).toBeUndefined();
    // The stale verdict is kept in the chain (an auditor sees every evaluation) but changes no status.
    const versions = await topicFindingVersions(pipeline, name);
    expect(versions).toHaveLength(2);
    const stale = versions.find((version) => version.Key?.includes('20261120T090000.000Z'));
    const object = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.stack.bucket, Key: stale?.Key ?? 'missing' }),
    );
    const finding = parseFinding((await object.Body?.transformToString()) ?? '');
    expect(finding).toMatchObject({
      compliance: 'NON_COMPLIANT',
      sequence: 2,
      configurationItem: { captureTime: OLDER },
    });
    expect(finding.previousKey).toBe(versions.find((version) => version !== stale)?.Key);
    expect(state?.headKey).toBe(stale?.Key);
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
      expect(await topicFindingVersions(pipeline, name)).toHaveLength(2);
      expect(await stateOf(name)).toMatchObject({
        compliance: 'NON_COMPLIANT',
        captureTime: NEWER,
        sequence: 2,
      });
    }
    // Either order alerts exactly once per topic: NEW_FAILURE for the newer, failing item.
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(names.map(() => 'NEW_FAILURE'));
  });
});
