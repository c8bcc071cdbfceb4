import type { SQSBatchResponse } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createObservability, observeMessages } from '#shared/observability';
import { parseQueuedEvent } from '#shared/pipeline/events';
import type { Runtime } from '#shared/pipeline/runtime';
import { processQueuedMessages } from '#shared/pipeline/triggers';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { configChangeEventOf, sqsRecord, topicItem } from '#test/support/topic-events';
import { messageBodyArbitrary, validEvents } from './event-arbitraries';
import { chainProblems, faultPlan, type MemoryRuntime, memoryRuntime, storedRecords } from './memory-ports';

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

/** One verdict an acknowledged message must have left as evidence. */
interface Verdict {
  readonly resourceId: string;
  readonly ruleId: string;
  readonly captureTime: string;
  readonly compliance: string;
}

/** The verdicts a message's item must have once acknowledged (none when it is not an item for this account). */
function expectedVerdicts(runtime: MemoryRuntime, body: string): Verdict[] {
  const input = parseQueuedEvent(body);
  if (input.kind !== 'item' || input.item.accountId !== ACCOUNT) return [];
  // The in-memory runtime has no inventory provider: like SELF_ONLY_INVENTORY, it knows the item alone and
  // collects no other type.
  const inventory = createInventory([input.item], {
    collects: (resourceType) => resourceType === input.item.resourceType,
  });
  return runtime.engine.evaluate(input.item, { now: runtime.clock(), inventory }).map((evaluation) => ({
    resourceId: evaluation.resourceId,
    ruleId: evaluation.ruleId,
    captureTime: evaluation.captureTime,
    compliance: evaluation.compliance,
  }));
}

/** Whether a stored finding, or an attestation of an unchanged item, holds the verdict. */
function isKept(runtime: MemoryRuntime, verdict: Verdict): boolean {
  const { findings, attestations } = storedRecords(runtime.objects);
  const sameTime = (time: string) => Date.parse(time) === Date.parse(verdict.captureTime);
  return (
    findings.some(
      ({ record }) =>
        record.resource.resourceId === verdict.resourceId &&
        record.ruleId === verdict.ruleId &&
        record.compliance === verdict.compliance &&
        sameTime(record.configurationItem.captureTime),
    ) ||
    attestations.some(
      ({ record }) =>
        record.resource.resourceId === verdict.resourceId &&
        sameTime(record.configurationItem.captureTime) &&
        record.rules.some((rule) => rule.ruleId === verdict.ruleId && rule.compliance === verdict.compliance),
    )
  );
}

/** The number of finding lines stored, and of distinct findings among them. */
function findingCounts(runtime: MemoryRuntime): { lines: number; distinct: number } {
  const { findings } = storedRecords(runtime.objects);
  return { lines: findings.length, distinct: new Set(findings.map(({ record }) => record.hash)).size };
}

/** Content changes in a run of verdicts: each one is a finding, each repeat an attestation. */
function contentChangesOf(flips: readonly boolean[]): number {
  return flips.filter((encrypted, index) => index === 0 || flips[index - 1] !== encrypted).length;
}

/**
 * Every step that repeated the previous content is attested with its capture time (an attested item is not
 * written to the state row, so a redelivered copy may be attested twice, never recorded as a finding).
 */
function expectRepeatsAttested(runtime: MemoryRuntime, flips: readonly boolean[]): void {
  const { attestations } = storedRecords(runtime.objects);
  const attested = new Set(attestations.map(({ record }) => record.configurationItem.captureTime));
  flips.forEach((encrypted, step) => {
    if (step > 0 && flips[step - 1] === encrypted) expect(attested).toContain(captureTimeOf(step));
  });
  expect(attestations.length).toBeLessThanOrEqual(
    2 * (flips.length - contentChangesOf(flips)) * ROUNDS_PER_STEP,
  );
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

/** Deliveries of one step's batch at most (faults stop after 10). */
const ROUNDS_PER_STEP = 20;

/** Capture time of the item of step `step` of a run of changes. */
function captureTimeOf(step: number): string {
  return `2026-11-20T10:0${step}:00.000Z`;
}

/**
 * Delivers each change twice in one batch and redelivers failures until both copies are acknowledged,
 * before the next change (faults stop after 10 rounds): out-of-order arrival would make older changes
 * stale, which alerts nobody by design (see the ordering tests).
 */
async function deliverTwice(runtime: MemoryRuntime, flips: readonly boolean[]): Promise<void> {
  for (const [step, encrypted] of flips.entries()) {
    const body = JSON.stringify(
      configChangeEventOf(topicItem({ name: 'flipping', captureTime: captureTimeOf(step), encrypted })),
    );
    let waiting = [sqsRecord(body, `a-${step}`), sqsRecord(body, `b-${step}`)];
    const share = runtime.plan.share;
    for (let round = 0; round < ROUNDS_PER_STEP && waiting.length > 0; round++) {
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
          // Acknowledged means recorded: every verdict of an acknowledged item is in a stored finding or
          // attestation.
          for (const record of records) {
            if (failed.includes(record.messageId)) continue;
            for (const verdict of expectedVerdicts(runtime, record.body))
              expect(isKept(runtime, verdict), JSON.stringify(verdict)).toBe(true);
          }
          // Redelivering the failures once the faults stop finishes them all: each finding stored once, every
          // chain whole, and no claim left in a row without its batch object.
          runtime.plan.share = 0;
          const retry = await evaluate(
            { Records: records.filter((record) => failed.includes(record.messageId)) },
            runtime,
          );
          expect(retry.batchItemFailures).toEqual([]);
          for (const record of records) {
            for (const verdict of expectedVerdicts(runtime, record.body))
              expect(isKept(runtime, verdict), JSON.stringify(verdict)).toBe(true);
          }
          const counts = findingCounts(runtime);
          expect(counts.distinct).toBe(counts.lines);
          expect(chainProblems(runtime.objects)).toEqual([]);
          for (const row of runtime.rows.values()) {
            if (row.pending !== undefined) expect(runtime.objects.has(row.pending.key)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('alerts each status change exactly once under duplicate delivery and faults before the batch put', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        async (flips, seed) => {
          // The put is spared: alerts go out first, so a publish followed by a failed put is the one case that
          // alerts twice (the retry publishes again from the row's pending batch).
          const plan = faultPlan(seed, 0.2, ['putBatch']);
          const runtime = memoryRuntime({ rules: RULES, accountId: ACCOUNT, plan });

          await deliverTwice(runtime, flips);

          const { findings } = storedRecords(runtime.objects);
          expect(findings).toHaveLength(contentChangesOf(flips));
          expectRepeatsAttested(runtime, flips);
          expect(chainProblems(runtime.objects)).toEqual([]);
          expect(runtime.alerts).toHaveLength(changesOf(flips));
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);

  it('alerts each status change at least once, duplicates naming the same stored finding, when puts fail too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        async (flips, seed) => {
          const runtime = memoryRuntime({ rules: RULES, accountId: ACCOUNT, plan: faultPlan(seed, 0.2) });

          await deliverTwice(runtime, flips);

          const { findings } = storedRecords(runtime.objects);
          expect(findings).toHaveLength(contentChangesOf(flips));
          expect(chainProblems(runtime.objects)).toEqual([]);
          const latest = new Map(runtime.alerts.map((alert) => [alert.evidence.hash, alert.evidence.key]));
          expect(latest.size).toBe(changesOf(flips));
          // A copy published before a failed put names the object that was never stored; the copy published
          // on recovery names the object that really holds the finding.
          for (const [hash, key] of latest) {
            expect(findings).toContainEqual(
              expect.objectContaining({ key, record: expect.objectContaining({ hash }) }),
            );
          }
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
    expect(runtime.objects.size).toBe(0);
  });
});
