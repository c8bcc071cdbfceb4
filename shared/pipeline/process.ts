import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AcceptanceLookup } from '#shared/acceptances/lookup';
import type { Notifier } from '#shared/alerts/alert';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { EvidenceStore } from '#shared/evidence/evidence-store';
import { itemSha256, type Trigger } from '#shared/evidence/finding';
import type { RemediationRequester } from '#shared/remediations/request';
import type { Evaluation, RuleEngine } from '#shared/rules/engine';
import type { ResourceState, ResourceStateStore, Transition } from '#shared/state/compliance-state';
import { buildClaim, type MarksByRule, marksOf, relocated, resourceRefOf, unchangedRecords } from './claim';
import { PipelineError, StateContentionError } from './errors';
import { decodePending, EvidenceBatch, encodePending, type StagedEvidence } from './evidence-batch';
import { type InventoryProvider, SELF_ONLY_INVENTORY } from './inventory-provider';
import { remediateStillFailing, requestRemediation } from './remediation-requests';

/** Everything the pipeline writes to or reads from, as ports. */
export interface PipelineDeps {
  readonly engine: RuleEngine;
  readonly evidence: EvidenceStore;
  readonly state: ResourceStateStore;
  readonly notifier: Notifier;
  readonly clock: () => Date;
  readonly inventory?: InventoryProvider;
  /**
   * The invocation's evidence batch, flushed by the caller once every input is recorded; absent, each call
   * writes (and flushes) its own.
   */
  readonly batch?: EvidenceBatch;
  /** Tag of the input being recorded (the SQS message id), so a failed batch write fails exactly it. */
  readonly batchTag?: string;
  /** Human-readable location of an evidence object key (e.g. `s3://bucket/key`) for alerts. */
  readonly evidenceLocation?: (key: string) => string;
  /** How often to retry a state row another writer advanced meanwhile (default 5). */
  readonly maxAttempts?: number;
  /** Milliseconds a claimed batch belongs to its claimer alone before others may finish it (default 30 s). */
  readonly leaseMs?: number;
  /** Milliseconds to wait for another invocation's write in progress before giving up, retryably (default 3 s). */
  readonly pendingWaitMs?: number;
  /** Where to ask for auto-remediation of new failures; absent, nothing is remediated. */
  readonly remediation?: RemediationRequester;
  /** The risk-acceptance register (cached); absent, nothing is accepted and every exemption tag is reported. */
  readonly acceptances?: AcceptanceLookup;
}

/** What made the pipeline run, copied into every finding. */
export interface PipelineSource {
  readonly trigger: Trigger;
  readonly eventId?: string;
}

/** How an evaluation was kept: as a new finding, as part of an attestation, or not at all (a duplicate). */
export type Recording = 'finding' | 'attestation' | 'none';

/** One evaluation and what the pipeline did with it. */
export interface RecordedEvaluation {
  readonly evaluation: Evaluation;
  readonly transition: Transition;
  readonly recording: Recording;
  /** The evidence object the finding or attestation goes to; absent for duplicates. */
  readonly evidenceKey?: string;
  /** Hash and sequence of the chain head after this evaluation. */
  readonly findingHash?: string;
  readonly sequence?: number;
  readonly alerted: boolean;
}

/** The result of processing one configuration item. */
export interface ProcessResult {
  readonly item: ConfigurationItem;
  readonly recorded: readonly RecordedEvaluation[];
}

/** How long a claimed batch belongs to its owner alone (default of `PipelineDeps.leaseMs`). */
export const DEFAULT_LEASE_MS = 30_000;

/** How long an invocation waits for another's write in progress (default of `PipelineDeps.pendingWaitMs`). */
export const DEFAULT_PENDING_WAIT_MS = 3_000;

/**
 * The one orchestration every trigger calls: evaluate the item with every applicable rule, then record the
 * verdicts (see {@link recordEvaluations}).
 * @throws PipelineError when the evaluations could not be recorded (a retry of the same item is idempotent).
 */
export async function processConfigurationItem(
  item: ConfigurationItem,
  source: PipelineSource,
  deps: PipelineDeps,
): Promise<ProcessResult> {
  const rules = deps.engine.rulesFor(item.resourceType);
  if (rules.length === 0) return { item, recorded: [] };
  const inventory = await (deps.inventory ?? SELF_ONLY_INVENTORY).inventoryFor(
    item,
    deps.engine.inventoryReads(item),
  );
  const evaluations = deps.engine.evaluate(item, { now: deps.clock(), inventory });
  return recordEvaluations(item, evaluations, source, deps);
}

/**
 * Records the evaluations of one item with one conditional write of its state row: an item whose content
 * and verdicts are unchanged is attested (no state write); otherwise every rule gets a finding chained to its
 * previous one, the row is claimed with the new heads and the evidence kept gzipped in it, and the findings
 * join the invocation's batch object. Changes of status alert.
 */
export async function recordEvaluations(
  item: ConfigurationItem,
  evaluations: readonly Evaluation[],
  source: PipelineSource,
  deps: PipelineDeps,
): Promise<ProcessResult> {
  if (evaluations.length === 0) return { item, recorded: [] };
  const own = deps.batch === undefined;
  const batch = deps.batch ?? new EvidenceBatch(deps);
  const recorded = await recordItem(item, evaluations, source, deps, batch);
  if (own) await batch.flushOrThrow();
  return { item, recorded };
}

/** What the stored state says to do with an item. */
export type Decision = 'record' | 'attest' | 'duplicate';

function decide(
  previous: ResourceState | undefined,
  evaluations: readonly Evaluation[],
  item: ConfigurationItem,
  sha256: string,
  source: PipelineSource,
  marks: MarksByRule,
): Decision {
  if (previous === undefined || previous.itemSha256 !== sha256) return 'record';
  if (Date.parse(item.captureTime) < Date.parse(previous.captureTime)) return 'record';
  const unchanged = evaluations.every((evaluation) => {
    const rule = previous.rules[evaluation.ruleId];
    return (
      rule !== undefined &&
      rule.lastOutcome === evaluation.compliance &&
      rule.annotation === evaluation.annotation &&
      // An acceptance that began or ended is a new finding: the chain shows when the risk was accepted.
      rule.acceptanceId === marks.get(evaluation.ruleId)?.acceptance?.id
    );
  });
  if (!unchanged) return 'record';
  // A redelivered event: nothing new to keep. A sweep always leaves evidence that it looked.
  const sameCapture = Date.parse(item.captureTime) === Date.parse(previous.captureTime);
  return sameCapture && source.trigger !== 'sweep' ? 'duplicate' : 'attest';
}

/** The content of an item whose SHA-256 decides whether it changed (capture time excluded). */
function itemContent(item: ConfigurationItem): unknown {
  // Round-trip through JSON so values the describers leave as Dates hash as the strings they serialize to.
  return JSON.parse(
    JSON.stringify({
      status: item.status,
      resourceName: item.resourceName,
      arn: item.arn,
      configuration: item.configuration,
      supplementaryConfiguration: item.supplementaryConfiguration,
      tags: item.tags,
      relationships: item.relationships,
    }),
  );
}

/** 25 ms doubling up to 400 ms, with full jitter. */
function jitteredWait(attempt: number): number {
  return Math.random() * Math.min(400, 25 * 2 ** attempt);
}

async function recordItem(
  item: ConfigurationItem,
  evaluations: readonly Evaluation[],
  source: PipelineSource,
  deps: PipelineDeps,
  batch: EvidenceBatch,
): Promise<RecordedEvaluation[]> {
  const ref = resourceRefOf(item);
  const sha256 = itemSha256(itemContent(item));
  const maxAttempts = deps.maxAttempts ?? 5;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const waitUntil = Date.now() + (deps.pendingWaitMs ?? DEFAULT_PENDING_WAIT_MS);
  const owner = randomUUID();
  const register = await deps.acceptances?.current();
  let conflicts = 0;
  let waits = 0;
  while (conflicts < maxAttempts) {
    const attemptAt = deps.clock();
    const marks = marksOf(item, evaluations, register, attemptAt);
    const previous = await deps.state.get(ref);
    const pending = previous?.pending;
    // Evidence of an earlier claim that this invocation has not stored yet: `recovered` must be staged here
    // (its writer is gone); `carried` is already staged in this batch and only travels on in the row.
    let recovered: StagedEvidence | undefined;
    let carried: StagedEvidence | undefined;
    if (pending !== undefined && batch.holdsClaim(pending.key, pending.owner)) {
      carried = decodePending(pending.body);
      // This input's outcome now rests on that object too: if it is not stored, this input is retried with it.
      batch.stage(item.accountId, item.region, { lines: [], alerts: [] }, deps.batchTag);
    } else if (pending !== undefined && !batch.isConfirmed(pending.key)) {
      const stored = await batch.isStored(pending.key);
      if (!stored && pending.owner !== owner && pending.leaseUntil > Date.now()) {
        // Another invocation is writing this resource's evidence right now; recording on top of it before it
        // is stored could lose it if that invocation dies, so wait for it, then hand the input back.
        if (Date.now() >= waitUntil) {
          throw new StateContentionError(
            `state of ${item.resourceType} ${item.resourceId} has a write in progress elsewhere; retry later`,
            { context: { ...ref, pendingKey: pending.key } },
          );
        }
        await sleep(jitteredWait(waits++));
        continue;
      }
      if (!stored) recovered = decodePending(pending.body);
    }

    const decision = decide(previous, evaluations, item, sha256, source, marks);
    if (decision !== 'record' && recovered === undefined && previous !== undefined) {
      // A change event with unchanged content still moves the row's capture time, so an older item delivered
      // after it is judged stale. Sweeps do not: their items are the current state, and an unchanged
      // estate must cost no state writes.
      if (
        decision === 'attest' &&
        source.trigger !== 'sweep' &&
        Date.parse(item.captureTime) > Date.parse(previous.captureTime) &&
        (await deps.state.claim(
          { ...previous, version: previous.version + 1, captureTime: item.captureTime },
          previous.version,
        )) === 'conflict'
      ) {
        conflicts++;
        continue;
      }
      const unchanged = unchangedRecords(item, evaluations, source, deps, batch, previous, decision);
      if (unchanged.attestation !== undefined) {
        batch.stage(item.accountId, item.region, unchanged.attestation, deps.batchTag);
      }
      await remediateStillFailing(item, unchanged.recorded, source, deps, previous, marks);
      return unchanged.recorded;
    }

    const evaluatedAt = attemptAt.toISOString();
    const key = batch.keyFor(item.accountId, item.region);
    const claim =
      decision === 'record'
        ? buildClaim(item, evaluations, source, deps, key, evaluatedAt, sha256, previous, marks)
        : undefined;
    const fresh: StagedEvidence = {
      lines: [...(recovered?.lines ?? []), ...(claim?.lines ?? [])],
      alerts: [
        ...(recovered?.alerts ?? []).map((alert) => relocated(alert, key, deps)),
        ...(claim?.alerts ?? []),
      ],
    };
    // The row keeps everything of this batch not yet stored, so a failed flush loses none of it.
    const kept: StagedEvidence = {
      lines: [...(carried?.lines ?? []), ...fresh.lines],
      alerts: [...(carried?.alerts ?? []), ...fresh.alerts],
    };
    if (decision !== 'record' && previous !== undefined) {
      // Finishing another invocation's unstored batch: the row keeps its heads and names this batch instead.
      const unchanged = unchangedRecords(item, evaluations, source, deps, batch, previous, decision);
      const state: ResourceState = {
        ...previous,
        version: previous.version + 1,
        pending: { key, owner, leaseUntil: Date.now() + leaseMs, body: encodePending(kept) },
      };
      if ((await claimNaming(batch, key, deps, state, previous.version)) === 'conflict') {
        conflicts++;
        continue;
      }
      batch.stage(item.accountId, item.region, fresh, deps.batchTag, owner);
      if (unchanged.attestation !== undefined) {
        batch.stage(item.accountId, item.region, unchanged.attestation, deps.batchTag);
      }
      await remediateStillFailing(item, unchanged.recorded, source, deps, previous, marks);
      return unchanged.recorded;
    }
    if (claim === undefined) throw new PipelineError('no claim built for a recorded item');
    // Asked before the claim, so a failure to ask is retried with the event (a conflict may ask twice; the
    // remediation function re-reads the resource and plans nothing for a fixed one).
    for (const request of claim.remediations) {
      await requestRemediation(item, request.evaluation, request.reason, source, deps, request.ref, marks);
    }
    const state: ResourceState = {
      ...claim.state,
      version: (previous?.version ?? 0) + 1,
      pending: { key, owner, leaseUntil: Date.now() + leaseMs, body: encodePending(kept) },
    };
    if ((await claimNaming(batch, key, deps, state, previous?.version ?? 0)) === 'conflict') {
      conflicts++;
      continue;
    }
    batch.stage(item.accountId, item.region, fresh, deps.batchTag, owner);
    return claim.recorded;
  }
  throw new StateContentionError(
    `state of ${item.resourceType} ${item.resourceId} kept changing; gave up after ${maxAttempts} attempts`,
    { context: { ...ref } },
  );
}

/**
 * Claims a state row whose pending evidence names the batch object `key`. A claim that fails with an error
 * may still have been written (a lost response), naming `key` with evidence this batch never staged; the
 * object is then withheld, so no input can take its existence for that evidence being stored, and every input
 * staged in it is retried and recovers its evidence from its row.
 */
async function claimNaming(
  batch: EvidenceBatch,
  key: string,
  deps: PipelineDeps,
  state: ResourceState,
  expectedVersion: number,
): Promise<'claimed' | 'conflict'> {
  try {
    return await deps.state.claim(state, expectedVersion);
  } catch (error) {
    batch.withhold(key, error);
    throw error;
  }
}
