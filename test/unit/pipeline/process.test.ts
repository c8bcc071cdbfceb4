import { describe, expect, it } from 'vitest';
import type { Alert } from '#shared/alerts/alert';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { EvidenceStore } from '#shared/evidence/evidence-store';
import { StateContentionError } from '#shared/pipeline/errors';
import { decodePending, EvidenceBatch, encodePending } from '#shared/pipeline/evidence-batch';
import {
  type PipelineDeps,
  type PipelineSource,
  type ProcessResult,
  processConfigurationItem,
} from '#shared/pipeline/process';
import { RuleEngine } from '#shared/rules/engine';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';
import { partitionKeyOf, type ResourceState, type ResourceStateStore } from '#shared/state/compliance-state';
import { chainProblems, memoryEvidence, memoryState, storedRecords } from './memory-ports';

const TYPE = 'Test::Vault::Box';
const AT = '2026-11-23T10:00:00.000Z';
const LATER = '2026-11-23T11:00:00.000Z';
const EARLIER = '2026-11-23T09:00:00.000Z';
const CHANGE: PipelineSource = { trigger: 'config-change', eventId: 'evt-1' };
const SWEEP: PipelineSource = { trigger: 'sweep', eventId: 'sweep@2026-11-23T12:00:00.000Z' };

function rule(id: string, evaluate: Rule['evaluate']): Rule {
  return {
    id,
    title: `${id} holds`,
    resourceTypes: [TYPE],
    severity: 'high',
    parameters: {},
    rationale: 'test rule',
    remediationAdvice: 'fix it',
    managedRule: false,
    evaluate,
  };
}

/** Fails while the box is unlocked. */
const LOCKED = rule('box-locked', (item) =>
  item.configuration?.locked === true ? compliant('locked') : nonCompliant('unlocked'),
);
/** Fails while the box has no label tag. */
const LABELLED = rule('box-labelled', (item) =>
  item.tags.label === undefined ? nonCompliant('no label') : compliant(`label ${item.tags.label}`),
);

function box(captureTime: string, locked: boolean, label?: string): ConfigurationItem {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: TYPE,
    resourceId: 'box-1',
    resourceName: 'box',
    captureTime,
    status: 'OK',
    configuration: { locked },
    supplementaryConfiguration: {},
    tags: label === undefined ? {} : { label },
    relationships: [],
  };
}

const REF = { accountId: '123456789012', region: 'us-east-1', resourceType: TYPE, resourceId: 'box-1' };

/** In-memory ports around the real orchestration; `wrap` may replace the evidence or state port. */
function world(
  options: {
    readonly rules?: readonly Rule[];
    readonly evidence?: (store: EvidenceStore) => EvidenceStore;
    readonly state?: (store: ResourceStateStore) => ResourceStateStore;
  } = {},
) {
  const objects = new Map<string, string>();
  const rows = new Map<string, ResourceState>();
  const alerts: Alert[] = [];
  const baseEvidence = memoryEvidence(objects, new Map());
  const baseState = memoryState(rows);
  const deps: PipelineDeps = {
    engine: new RuleEngine(options.rules ?? [LOCKED, LABELLED]),
    evidence: options.evidence?.(baseEvidence) ?? baseEvidence,
    state: options.state?.(baseState) ?? baseState,
    notifier: { notify: async (alert) => void alerts.push(alert) },
    clock: () => new Date('2026-11-23T12:00:00.000Z'),
    evidenceLocation: (key) => `s3://evidence/${key}`,
    leaseMs: 0,
    pendingWaitMs: 0,
  };
  return {
    deps,
    objects,
    alerts,
    row: () => rows.get(partitionKeyOf(REF)),
    setRow: (state: ResourceState) => rows.set(partitionKeyOf(REF), state),
    findings: () => storedRecords(objects).findings.map((entry) => entry.record),
    attestations: () => storedRecords(objects).attestations.map((entry) => entry.record),
  };
}

function byRule(result: ProcessResult): Record<string, { transition: string; recording: string }> {
  return Object.fromEntries(
    result.recorded.map((entry) => [
      entry.evaluation.ruleId,
      { transition: entry.transition, recording: entry.recording },
    ]),
  );
}

describe('processConfigurationItem: record, attest or skip an item', () => {
  it('records a first item: one finding per rule, #1 of each chain, one claim, alerts for failures', async () => {
    const w = world();
    const result = await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);

    expect(byRule(result)).toEqual({
      'box-locked': { transition: 'NEW_FAILURE', recording: 'finding' },
      'box-labelled': { transition: 'FIRST_PASS', recording: 'finding' },
    });
    expect(w.objects.size).toBe(1);
    expect(w.findings().map((finding) => [finding.ruleId, finding.sequence, finding.previousHash])).toEqual([
      ['box-locked', 1, null],
      ['box-labelled', 1, null],
    ]);
    expect(w.row()).toMatchObject({ version: 1, captureTime: AT });
    expect(w.row()?.rules['box-locked']).toMatchObject({ compliance: 'NON_COMPLIANT', sequence: 1 });
    expect(w.alerts.map((alert) => [alert.ruleId, alert.transition])).toEqual([
      ['box-locked', 'NEW_FAILURE'],
    ]);
    const [key] = [...w.objects.keys()];
    expect(w.alerts[0]?.evidence).toEqual({
      key,
      hash: w.findings()[0]?.hash,
      location: `s3://evidence/${key}`,
    });
  });

  it('skips a redelivered change event (same content, verdicts and capture time): no evidence, no write', async () => {
    const w = world();
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);
    const result = await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);

    expect(byRule(result)).toEqual({
      'box-locked': { transition: 'DUPLICATE', recording: 'none' },
      'box-labelled': { transition: 'DUPLICATE', recording: 'none' },
    });
    expect(result.recorded.every((entry) => entry.evidenceKey === undefined)).toBe(true);
    expect(w.objects.size).toBe(1);
    expect(w.row()?.version).toBe(1);
    expect(w.alerts).toHaveLength(1);
  });

  it('attests the same item seen by a sweep: one line naming every chain head, no state write', async () => {
    const w = world();
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);
    const heads = w.findings();
    const result = await processConfigurationItem(box(AT, false, 'a'), SWEEP, w.deps);

    expect(byRule(result)).toEqual({
      'box-locked': { transition: 'STILL_FAILING', recording: 'attestation' },
      'box-labelled': { transition: 'STILL_PASSING', recording: 'attestation' },
    });
    expect(w.findings()).toHaveLength(2);
    const [attestation] = w.attestations();
    expect(w.attestations()).toHaveLength(1);
    expect(attestation).toMatchObject({
      source: SWEEP,
      configurationItem: { captureTime: AT, sha256: heads[0]?.configurationItem.sha256 },
      rules: [
        { ruleId: 'box-locked', compliance: 'NON_COMPLIANT', sequence: 1, headHash: heads[0]?.hash },
        { ruleId: 'box-labelled', compliance: 'COMPLIANT', sequence: 1, headHash: heads[1]?.hash },
      ],
    });
    expect(w.row()?.version).toBe(1);
    expect(w.alerts).toHaveLength(1);
    expect(chainProblems(w.objects)).toEqual([]);
  });

  it('attests an unchanged item with a new capture time from a change event too, moving only the row capture time', async () => {
    const w = world();
    await processConfigurationItem(box(AT, true, 'a'), CHANGE, w.deps);
    const result = await processConfigurationItem(box(LATER, true, 'a'), CHANGE, w.deps);

    expect(result.recorded.map((entry) => entry.recording)).toEqual(['attestation', 'attestation']);
    expect(w.attestations().map((attestation) => attestation.configurationItem.captureTime)).toEqual([LATER]);
    expect(w.findings()).toHaveLength(2);
    expect(w.row()).toMatchObject({ version: 2, captureTime: LATER });
  });

  it('records new content with a finding for every rule, also those whose verdict did not change', async () => {
    const w = world();
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);
    const first = w.findings();
    const result = await processConfigurationItem(box(LATER, true, 'a'), CHANGE, w.deps);

    expect(byRule(result)).toEqual({
      'box-locked': { transition: 'RESOLVED', recording: 'finding' },
      'box-labelled': { transition: 'STILL_PASSING', recording: 'finding' },
    });
    const second = w.findings().filter((finding) => finding.sequence === 2);
    expect(second.map((finding) => [finding.ruleId, finding.previousHash])).toEqual([
      ['box-locked', first[0]?.hash],
      ['box-labelled', first[1]?.hash],
    ]);
    expect(second[0]?.configurationItem.sha256).not.toBe(first[0]?.configurationItem.sha256);
    expect(w.row()).toMatchObject({ version: 2, captureTime: LATER });
    expect(w.row()?.rules['box-labelled']).toMatchObject({ sequence: 2, repeatCount: 1 });
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE', 'RESOLVED']);
    expect(w.objects.size).toBe(2);
    expect(chainProblems(w.objects)).toEqual([]);
  });

  it('records the same content again when a verdict changed (the rule itself changed)', async () => {
    const w = world();
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);
    const lenient = rule('box-locked', () => compliant('locks are optional now'));
    const result = await processConfigurationItem(box(AT, false, 'a'), CHANGE, {
      ...w.deps,
      engine: new RuleEngine([lenient, LABELLED]),
    });

    expect(byRule(result)).toEqual({
      'box-locked': { transition: 'RESOLVED', recording: 'finding' },
      'box-labelled': { transition: 'STILL_PASSING', recording: 'finding' },
    });
    expect(w.row()?.version).toBe(2);
  });

  it('records an older item arriving late as a chained finding that changes no status', async () => {
    const w = world();
    await processConfigurationItem(box(AT, true, 'a'), CHANGE, w.deps);
    const sha256 = w.row()?.itemSha256;
    const result = await processConfigurationItem(box(EARLIER, false), CHANGE, w.deps);

    expect(byRule(result)).toEqual({
      'box-locked': { transition: 'STALE', recording: 'finding' },
      'box-labelled': { transition: 'STALE', recording: 'finding' },
    });
    const stale = w.findings().filter((finding) => finding.sequence === 2);
    expect(stale.map((finding) => [finding.ruleId, finding.compliance])).toEqual([
      ['box-locked', 'NON_COMPLIANT'],
      ['box-labelled', 'NON_COMPLIANT'],
    ]);
    expect(w.alerts).toEqual([]);
    expect(w.row()).toMatchObject({ version: 2, captureTime: AT, itemSha256: sha256 });
    expect(w.row()?.rules['box-locked']).toMatchObject({ compliance: 'COMPLIANT', sequence: 2 });
    expect(chainProblems(w.objects)).toEqual([]);
  });
});

describe('processConfigurationItem: claims under contention', () => {
  it('retries a claim another writer beat, chaining onto the heads that writer stored', async () => {
    let interfered = false;
    const w = world({
      state: (inner) => ({
        get: (ref) => inner.get(ref),
        async claim(state, expected) {
          if (!interfered) {
            interfered = true;
            // Another invocation records an earlier item between this one's read and its claim.
            await processConfigurationItem(box(AT, false, 'a'), CHANGE, { ...w.deps, state: inner });
          }
          return inner.claim(state, expected);
        },
      }),
    });

    const result = await processConfigurationItem(box(LATER, true, 'a'), CHANGE, w.deps);

    expect(result.recorded.map((entry) => [entry.evaluation.ruleId, entry.sequence])).toEqual([
      ['box-locked', 2],
      ['box-labelled', 2],
    ]);
    expect(w.findings().map((finding) => [finding.ruleId, finding.sequence])).toEqual([
      ['box-locked', 1],
      ['box-labelled', 1],
      ['box-locked', 2],
      ['box-labelled', 2],
    ]);
    expect(chainProblems(w.objects)).toEqual([]);
    expect(w.row()?.version).toBe(2);
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE', 'RESOLVED']);
  });

  it('stages its evidence once when its own claim was written but answered as a conflict (lost response)', async () => {
    let lost = false;
    const w = world({
      state: (inner) => ({
        get: (ref) => inner.get(ref),
        async claim(state, expected) {
          const result = await inner.claim(state, expected);
          if (lost) return result;
          lost = true;
          // DynamoDB wrote the row, the response was lost, the SDK's retry then failed the condition.
          return 'conflict';
        },
      }),
    });

    const result = await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);

    expect(result.recorded.map((entry) => entry.sequence)).toEqual([1, 1]);
    expect(w.findings().map((finding) => [finding.ruleId, finding.sequence])).toEqual([
      ['box-locked', 1],
      ['box-labelled', 1],
    ]);
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE']);
    expect(w.alerts[0]?.evidence.key).toBe([...w.objects.keys()][0]);
    expect(chainProblems(w.objects)).toEqual([]);
  });

  it('gives up with StateContentionError after maxAttempts conflicts, storing nothing', async () => {
    let claims = 0;
    const w = world({
      state: (inner) => ({
        get: (ref) => inner.get(ref),
        claim: async () => {
          claims++;
          return 'conflict';
        },
      }),
    });

    await expect(
      processConfigurationItem(box(AT, false), CHANGE, { ...w.deps, maxAttempts: 3 }),
    ).rejects.toBeInstanceOf(StateContentionError);
    expect(claims).toBe(3);
    expect(w.objects.size).toBe(0);
    expect(w.alerts).toEqual([]);
  });
});

describe('processConfigurationItem: evidence pending in the row', () => {
  /** A world whose first batch put throws: the claim is made, its evidence stays pending in the row. */
  async function crashedAfterClaim(leaseMs: number) {
    let failures = 1;
    const w = world({
      evidence: (inner) => ({
        ...inner,
        async putBatch(key, body, retainFrom) {
          if (failures-- > 0) throw new Error('S3 unavailable');
          return inner.putBatch(key, body, retainFrom);
        },
      }),
    });
    await expect(
      processConfigurationItem(box(AT, false, 'a'), CHANGE, { ...w.deps, leaseMs }),
    ).rejects.toThrow('was not stored');
    const pending = w.row()?.pending;
    if (pending === undefined) throw new Error('no pending batch in the row');
    return { ...w, pending, staged: decodePending(pending.body) };
  }

  it('keeps the unstored claim in the row: the exact lines and alerts, under the key it was meant for', async () => {
    const w = await crashedAfterClaim(0);
    expect(w.objects.size).toBe(0);
    expect(w.row()).toMatchObject({ version: 1 });
    expect(w.staged.lines).toHaveLength(2);
    expect(w.staged.alerts.map((alert) => [alert.transition, alert.evidence.key])).toEqual([
      ['NEW_FAILURE', w.pending.key],
    ]);
  });

  it('waits for an unexpired claim of another invocation, then throws StateContentionError', async () => {
    const w = await crashedAfterClaim(60_000);
    let reads = 0;
    const started = Date.now();
    await expect(
      processConfigurationItem(box(LATER, true, 'a'), CHANGE, {
        ...w.deps,
        state: {
          get: (ref) => {
            reads++;
            return w.deps.state.get(ref);
          },
          claim: w.deps.state.claim,
        },
        pendingWaitMs: 60,
      }),
    ).rejects.toBeInstanceOf(StateContentionError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(reads).toBeGreaterThan(1);
    expect(w.row()?.version).toBe(1);
    expect(w.objects.size).toBe(0);
  });

  it('recovers an expired claim whose object is missing: the same findings, stored once, alerts naming them', async () => {
    const w = await crashedAfterClaim(0);
    const result = await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);

    // The retry of the same event is a duplicate itself; the row's pending evidence is what gets stored.
    expect(result.recorded.map((entry) => entry.transition)).toEqual(['DUPLICATE', 'DUPLICATE']);
    const [key] = [...w.objects.keys()];
    expect(w.objects.size).toBe(1);
    expect(key).not.toBe(w.pending.key);
    expect(storedRecords(w.objects).findings.map((entry) => entry.record)).toEqual(
      w.staged.lines.map((line) => JSON.parse(line)),
    );
    expect(chainProblems(w.objects)).toEqual([]);
    // Published before the failed put, and again from the row, now naming the stored object.
    expect(w.alerts.map((alert) => alert.evidence.key)).toEqual([w.pending.key, key]);
    expect(w.alerts[1]?.evidence.location).toBe(`s3://evidence/${key}`);
    expect(new Set(w.alerts.map((alert) => alert.evidence.hash)).size).toBe(1);
    expect(w.row()).toMatchObject({ version: 2, pending: { key } });
  });

  it('recovers an expired claim into the batch of a newer item, chained in front of its findings', async () => {
    const w = await crashedAfterClaim(0);
    await processConfigurationItem(box(LATER, true, 'a'), CHANGE, w.deps);

    const findings = storedRecords(w.objects).findings;
    expect(new Set(findings.map((entry) => entry.key)).size).toBe(1);
    expect(findings.map((entry) => [entry.record.ruleId, entry.record.sequence])).toEqual([
      ['box-locked', 1],
      ['box-labelled', 1],
      ['box-locked', 2],
      ['box-labelled', 2],
    ]);
    expect(chainProblems(w.objects)).toEqual([]);
    expect(decodePending(w.row()?.pending?.body ?? new Uint8Array()).lines).toHaveLength(4);
  });

  it('confirms a pending claim whose object another container stored, without storing it again', async () => {
    let checked = 0;
    const w = world({
      evidence: (inner) => ({
        ...inner,
        exists: (key) => {
          checked++;
          return inner.exists(key);
        },
      }),
    });
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);
    // The row as another container leaves it: its batch stored under a key this process never wrote.
    const row = w.row();
    const body = w.objects.values().next().value ?? '';
    const elsewhere = 'findings/123456789012/us-east-1/2026/11/23/12/20261123T120000.000Z_elsewhere-0.jsonl';
    w.objects.clear();
    w.objects.set(elsewhere, body);
    if (row?.pending === undefined) throw new Error('no pending batch');
    // Its lease still runs: a stored batch needs no waiting (pendingWaitMs is 0, so a wait would throw).
    w.setRow({ ...row, pending: { ...row.pending, key: elsewhere, leaseUntil: Date.now() + 60_000 } });

    await processConfigurationItem(box(LATER, true, 'a'), CHANGE, w.deps);

    expect(checked).toBe(1);
    expect(w.findings()).toHaveLength(4);
    expect(chainProblems(w.objects)).toEqual([]);
    expect(w.objects.size).toBe(2);
  });

  it('records two inputs about one resource in one batch without waiting on itself or staging twice', async () => {
    const w = world();
    const batch = new EvidenceBatch(w.deps);
    const deps = { ...w.deps, batch, leaseMs: 60_000 };

    await processConfigurationItem(box(AT, false, 'a'), CHANGE, { ...deps, batchTag: 'm1' });
    const again = await processConfigurationItem(box(AT, false, 'a'), CHANGE, { ...deps, batchTag: 'm2' });
    await processConfigurationItem(box(LATER, true, 'a'), CHANGE, { ...deps, batchTag: 'm3' });
    expect(w.objects.size).toBe(0);
    const report = await batch.flush();

    expect(again.recorded.map((entry) => entry.transition)).toEqual(['DUPLICATE', 'DUPLICATE']);
    expect(report.failures).toEqual([]);
    expect(report.written).toHaveLength(1);
    expect(w.objects.size).toBe(1);
    expect(w.findings().map((finding) => [finding.ruleId, finding.sequence])).toEqual([
      ['box-locked', 1],
      ['box-labelled', 1],
      ['box-locked', 2],
      ['box-labelled', 2],
    ]);
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE', 'RESOLVED']);
    // The row keeps all of this batch's evidence until it is stored, not only the last claim's.
    const kept = decodePending(w.row()?.pending?.body ?? new Uint8Array());
    expect(kept.lines).toHaveLength(4);
    expect(kept.alerts).toHaveLength(2);
  });

  it('fails a duplicate with the input whose claim it rests on when their shared object is not stored', async () => {
    const w = world({
      evidence: (inner) => ({
        ...inner,
        putBatch: async () => {
          throw new Error('S3 unavailable');
        },
      }),
    });
    const batch = new EvidenceBatch(w.deps);
    const deps = { ...w.deps, batch, leaseMs: 60_000 };
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, { ...deps, batchTag: 'm1' });
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, { ...deps, batchTag: 'm2' });

    const report = await batch.flush();

    expect(report.failures.map((failure) => [...failure.tags].sort())).toEqual([['m1', 'm2']]);
  });

  it('withholds a batch object a claim named but answered with an error, so neither input takes it as stored', async () => {
    let failNext = false;
    const w = world({
      state: (inner) => ({
        get: (ref) => inner.get(ref),
        async claim(state, expected) {
          const result = await inner.claim(state, expected);
          if (!failNext) return result;
          failNext = false;
          // DynamoDB wrote the row; the response was lost and every SDK retry timed out.
          throw new Error('socket timeout');
        },
      }),
    });
    const other: ConfigurationItem = { ...box(AT, false, 'a'), resourceId: 'box-2' };
    const batch = new EvidenceBatch(w.deps);
    const deps = { ...w.deps, batch, leaseMs: 0 };
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, { ...deps, batchTag: 'm1' });
    failNext = true;
    await expect(processConfigurationItem(other, CHANGE, { ...deps, batchTag: 'm2' })).rejects.toThrow(
      'socket timeout',
    );

    const report = await batch.flush();

    // Written, the object would hold box-1's evidence only, and box-2's row names it as if it held box-2's.
    expect(report.written).toEqual([]);
    expect(report.failures.map((failure) => [...failure.tags])).toEqual([['m1']]);
    expect(w.objects.size).toBe(0);
    // The retries recover both resources' evidence from their rows.
    await processConfigurationItem(box(AT, false, 'a'), CHANGE, w.deps);
    await processConfigurationItem(other, CHANGE, w.deps);
    expect(
      w.findings().map((finding) => [finding.resource.resourceId, finding.ruleId, finding.sequence]),
    ).toEqual([
      ['box-1', 'box-locked', 1],
      ['box-1', 'box-labelled', 1],
      ['box-2', 'box-locked', 1],
      ['box-2', 'box-labelled', 1],
    ]);
    expect(chainProblems(w.objects)).toEqual([]);
  });

  it('refuses unreadable pending evidence rather than dropping it', async () => {
    const w = await crashedAfterClaim(0);
    const row = w.row();
    if (row?.pending === undefined) throw new Error('no pending batch');
    w.setRow({
      ...row,
      pending: { ...row.pending, body: encodePending({ lines: [], alerts: [] }).slice(0, 5) },
    });
    await expect(processConfigurationItem(box(LATER, true), CHANGE, w.deps)).rejects.toThrow(
      'pending evidence in a state row is unreadable',
    );
    expect(w.row()?.version).toBe(1);
  });
});
