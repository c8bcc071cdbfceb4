import type { SQSBatchResponse } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { findingKey } from '#shared/evidence/finding';
import { createObservability, observeMessages } from '#shared/observability';
import { parseQueuedEvent } from '#shared/pipeline/events';
import type { Runtime } from '#shared/pipeline/runtime';
import { processQueuedMessages } from '#shared/pipeline/triggers';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { configChangeEventOf, sqsRecord, topicItem } from '#test/support/topic-events';
import { messageBodyArbitrary, validEvents } from './event-arbitraries';
import { faultPlan, type MemoryRuntime, memoryRuntime } from './memory-ports';

const ACCOUNT = '123456789012';

type EvaluateFn = (event: unknown, deps: Runtime) => Promise<SQSBatchResponse>;
let evaluate: EvaluateFn;

beforeAll(async () => {
  // The handler module creates its Powertools logger at import; keep it quiet in a property run.
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  ({ evaluate } = (await import('#functions/evaluator')) as { evaluate: EvaluateFn });
}, 60_000);

/** A batch of 1..10 message bodies: bad input mixed with valid events. */
const batchArbitrary = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: messageBodyArbitrary },
    { weight: 1, arbitrary: fc.constantFrom(...validEvents()).map((event) => JSON.stringify(event)) },
  ),
  { minLength: 1, maxLength: 10 },
);

/** Finding keys a message's item must have once acknowledged (none when it is not an item for this account). */
function expectedKeys(runtime: MemoryRuntime, body: string): string[] {
  const input = parseQueuedEvent(body);
  if (input.kind !== 'item' || input.item.accountId !== ACCOUNT) return [];
  return runtime.engine
    .evaluate(input.item, { now: runtime.clock(), inventory: createInventory([input.item]) })
    .map((evaluation) => findingKey(evaluation));
}

/** Status changes (NEW_FAILURE, RESOLVED) of a run of verdicts applied in order. */
function changesOf(flips: readonly boolean[]): number {
  let changes = 0;
  let failing: boolean | undefined;
  for (const encrypted of flips) {
    if (failing === undefined ? !encrypted : failing === encrypted) changes++;
    failing = !encrypted;
  }
  return changes;
}

/**
 * Delivers each change twice in one batch and redelivers failures until both copies are acknowledged,
 * before the next change (faults stop after 10 rounds): out-of-order arrival would make older changes
 * stale, which alerts nobody by design (see the ordering tests).
 */
async function deliverTwice(runtime: MemoryRuntime, flips: readonly boolean[]): Promise<void> {
  for (const [step, encrypted] of flips.entries()) {
    const body = JSON.stringify(
      configChangeEventOf(
        topicItem({ name: 'flipping', captureTime: `2026-11-20T10:0${step}:00.000Z`, encrypted }),
      ),
    );
    let waiting = [sqsRecord(body, `a-${step}`), sqsRecord(body, `b-${step}`)];
    const share = runtime.plan.share;
    for (let round = 0; round < 20 && waiting.length > 0; round++) {
      const response = await evaluate({ Records: waiting }, runtime);
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      waiting = waiting.filter((record) => failed.has(record.messageId));
      if (round === 10) runtime.plan.share = 0;
    }
    runtime.plan.share = share;
    expect(waiting).toEqual([]);
  }
}

describe('evaluator handler: bad input and failing ports never crash a batch (fast-check, in-memory ports)', () => {
  it('acknowledges every message of any batch when the ports work: bad input is never retried', async () => {
    await fc.assert(
      fc.asyncProperty(batchArbitrary, async (bodies) => {
        const runtime = memoryRuntime({ rules: RULES, accountId: ACCOUNT, plan: faultPlan(1, 0) });
        const event = { Records: bodies.map((body, index) => sqsRecord(body, `m-${index}`)) };

        const response = await evaluate(event, runtime);

        expect(response.batchItemFailures).toEqual([]);
        for (const body of bodies) {
          if (parseQueuedEvent(body).kind === 'rejected')
            expect([...runtime.rejected.values()]).toContain(body);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('returns exactly the messages it could not finish, and keeps everything it acknowledged', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchArbitrary,
        fc.integer(),
        fc.constantFrom(0.05, 0.2, 0.5),
        async (bodies, seed, share) => {
          const runtime = memoryRuntime({ rules: RULES, accountId: ACCOUNT, plan: faultPlan(seed, share) });
          const records = bodies.map((body, index) => sqsRecord(body, `m-${index}`));

          const response = await evaluate({ Records: records }, runtime);

          const failed = response.batchItemFailures.map((failure) => failure.itemIdentifier);
          expect(new Set(failed).size).toBe(failed.length);
          for (const id of failed) expect(records.map((record) => record.messageId)).toContain(id);
          // Acknowledged means recorded: every evaluation of an acknowledged item has its finding stored.
          for (const record of records) {
            if (failed.includes(record.messageId)) continue;
            for (const key of expectedKeys(runtime, record.body))
              expect(runtime.findings.has(key), key).toBe(true);
          }
          // Redelivering the failures once the faults stop finishes them all, with no second finding anywhere.
          runtime.plan.share = 0;
          const findingsBefore = runtime.findings.size;
          const retry = await evaluate(
            { Records: records.filter((record) => failed.includes(record.messageId)) },
            runtime,
          );
          expect(retry.batchItemFailures).toEqual([]);
          for (const record of records) {
            for (const key of expectedKeys(runtime, record.body))
              expect(runtime.findings.has(key), key).toBe(true);
          }
          expect(runtime.findings.size).toBeGreaterThanOrEqual(findingsBefore);
          expect([...runtime.rows.values()].every((row) => row.pending === undefined)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('alerts each status change exactly once under duplicate delivery and faults before the state is settled', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        async (flips, seed) => {
          // Settling is spared: a publish followed by a failed settle is the one case that alerts twice.
          const plan = faultPlan(seed, 0.2, ['state.settle']);
          const runtime = memoryRuntime({ rules: RULES, accountId: ACCOUNT, plan });

          await deliverTwice(runtime, flips);

          expect(runtime.findings.size).toBe(flips.length);
          expect(runtime.alerts).toHaveLength(changesOf(flips));
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);

  it('alerts each status change at least once, duplicates naming the same finding, when settling fails too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        async (flips, seed) => {
          const runtime = memoryRuntime({ rules: RULES, accountId: ACCOUNT, plan: faultPlan(seed, 0.2) });

          await deliverTwice(runtime, flips);

          expect(runtime.findings.size).toBe(flips.length);
          const keys = new Set(runtime.alerts.map((alert) => alert.evidence.key));
          expect(keys.size).toBe(changesOf(flips));
          for (const key of keys) expect(runtime.findings.has(key)).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);
});

describe('bad input: one structured log line and one metric per rejected message', () => {
  it('logs the reason and where the input was kept, and counts EventsRejected', async () => {
    const runtime = memoryRuntime({ rules: RULES, accountId: ACCOUNT, plan: faultPlan(1, 0) });
    const observability = createObservability();
    const errors = vi.spyOn(observability.logger, 'error').mockImplementation(() => undefined);
    const metrics = vi.spyOn(observability.metrics, 'addMetric');
    const foreign = JSON.stringify(
      configChangeEventOf(
        topicItem({
          name: 'elsewhere',
          captureTime: '2026-11-20T10:00:00.000Z',
          encrypted: true,
          accountId: '210987654321',
        }),
      ),
    );

    const { outcomes } = await processQueuedMessages(
      [sqsRecord('{not json', 'bad-json'), sqsRecord(foreign, 'foreign')],
      runtime,
    );
    observeMessages(observability, outcomes);

    expect(errors).toHaveBeenCalledWith('event rejected', {
      messageId: 'bad-json',
      reason: 'message body is not JSON',
      storedAt: expect.stringMatching(/^rejected\//),
    });
    expect(errors).toHaveBeenCalledWith('event rejected', {
      messageId: 'foreign',
      reason: 'event is about account 210987654321; this deployment monitors 123456789012',
      storedAt: expect.stringMatching(/^rejected\//),
    });
    expect(metrics.mock.calls.filter(([name]) => name === 'EventsRejected')).toHaveLength(2);
    expect(runtime.rejected.size).toBe(2);
  });

  it('ignores an item of a type no enabled rule judges, with a log line and EventsIgnored', async () => {
    const runtime = memoryRuntime({
      rules: RULES.filter((rule) => rule.id === 'sns-encrypted-kms'),
      accountId: ACCOUNT,
      plan: faultPlan(1, 0),
    });
    const observability = createObservability();
    const info = vi.spyOn(observability.logger, 'info').mockImplementation(() => undefined);
    const metrics = vi.spyOn(observability.metrics, 'addMetric');
    const bucket = validEvents().find((event) => JSON.stringify(event).includes('"AWS::S3::Bucket"'));

    const { outcomes, batchItemFailures } = await processQueuedMessages(
      [sqsRecord(JSON.stringify(bucket), 'bucket')],
      runtime,
    );
    observeMessages(observability, outcomes);

    expect(batchItemFailures).toEqual([]);
    expect(info).toHaveBeenCalledWith('event ignored', {
      messageId: 'bucket',
      reason: 'no enabled rule judges AWS::S3::Bucket',
    });
    expect(metrics).toHaveBeenCalledWith('EventsIgnored', 'Count', 1);
    expect(runtime.findings.size).toBe(0);
  });
});
