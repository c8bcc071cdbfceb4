import type { Alert, Notifier } from '#shared/alerts/alert';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import type { ResourceDescriber } from '#shared/describe/describer';
import { VigilError } from '#shared/errors';
import type { EvidenceStore } from '#shared/evidence/evidence-store';
import { type Finding, REJECTED_PREFIX, sha256Hex } from '#shared/evidence/finding';
import type { Runtime } from '#shared/pipeline/runtime';
import { RuleEngine } from '#shared/rules/engine';
import type { Rule } from '#shared/rules/rule';
import {
  type ComplianceRecord,
  type ComplianceStateStore,
  partitionKeyOf,
  type StateRef,
} from '#shared/state/compliance-state';

/** A failure a fault plan injected into a port call (what a throttled or failing AWS call becomes). */
export class InjectedFaultError extends VigilError {
  override readonly name: string = 'InjectedFaultError';
}

/** Decides, call by call, whether a port call fails; `share` 0 never fails. */
export interface FaultPlan {
  share: number;
  /** Port calls that never fail (e.g. `state.settle`). */
  readonly spare: readonly string[];
  readonly random: () => number;
  calls: number;
  faults: number;
}

/** A fault plan with a seeded generator. */
export function faultPlan(seed: number, share: number, spare: readonly string[] = []): FaultPlan {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { share, spare, random, calls: 0, faults: 0 };
}

function maybeFail(plan: FaultPlan, what: string): void {
  plan.calls++;
  if (plan.share > 0 && !plan.spare.includes(what) && plan.random() < plan.share) {
    plan.faults++;
    throw new InjectedFaultError(`injected fault in ${what}`);
  }
}

/** In-memory ports behind a runtime the evaluator handler accepts, with a fault plan on every AWS-backed call. */
export interface MemoryRuntime extends Runtime {
  readonly findings: Map<string, Finding>;
  readonly rejected: Map<string, string>;
  readonly rows: Map<string, ComplianceRecord>;
  readonly alerts: Alert[];
  readonly plan: FaultPlan;
}

function rowKey(ref: StateRef): string {
  return `${partitionKeyOf(ref)}|${ref.ruleId}`;
}

/** Builds the in-memory runtime: write-once evidence, conditional state with leases, a recording notifier. */
export function memoryRuntime(options: {
  readonly rules: readonly Rule[];
  readonly accountId?: string;
  readonly plan: FaultPlan;
  readonly now?: Date;
}): MemoryRuntime {
  const { plan } = options;
  const findings = new Map<string, Finding>();
  const rejected = new Map<string, string>();
  const rows = new Map<string, ComplianceRecord>();
  const alerts: Alert[] = [];
  const evidence: EvidenceStore = {
    async putFinding(key, finding) {
      maybeFail(plan, 'putFinding');
      if (findings.has(key)) return { status: 'exists', key };
      findings.set(key, finding);
      return { status: 'created', key };
    },
    async exists(key) {
      maybeFail(plan, 'exists');
      return findings.has(key);
    },
    async getFinding(key) {
      maybeFail(plan, 'getFinding');
      return findings.get(key);
    },
    async putRejectedInput(raw) {
      maybeFail(plan, 'putRejectedInput');
      const key = `${REJECTED_PREFIX}${sha256Hex(raw)}.json`;
      const status = rejected.has(key) ? 'exists' : 'created';
      rejected.set(key, raw);
      return { key, status };
    },
  };
  const state: ComplianceStateStore = {
    async get(ref) {
      maybeFail(plan, 'state.get');
      return rows.get(rowKey(ref));
    },
    async claim(record, expected) {
      maybeFail(plan, 'state.claim');
      if ((rows.get(rowKey(record))?.sequence ?? 0) !== expected) return 'conflict';
      rows.set(rowKey(record), record);
      return 'claimed';
    },
    async settle(ref, sequence) {
      maybeFail(plan, 'state.settle');
      const row = rows.get(rowKey(ref));
      if (row?.sequence === sequence && row.pending !== undefined) {
        const { pending: _pending, ...rest } = row;
        rows.set(rowKey(ref), rest);
      }
    },
    async takeOver(ref, sequence, owner, leaseUntil, now) {
      maybeFail(plan, 'state.takeOver');
      const row = rows.get(rowKey(ref));
      const pending = row?.pending;
      if (row?.sequence !== sequence || pending === undefined) return false;
      if (pending.leaseUntil !== undefined && pending.leaseUntil >= now && pending.owner !== owner)
        return false;
      rows.set(rowKey(ref), { ...row, pending: { ...pending, owner, leaseUntil } });
      return true;
    },
    async release(ref, sequence, owner) {
      const row = rows.get(rowKey(ref));
      const pending = row?.pending;
      if (row?.sequence === sequence && pending?.owner === owner) {
        rows.set(rowKey(ref), { ...row, pending: { ...pending, leaseUntil: 0 } });
      }
    },
  };
  const notifier: Notifier = {
    async notify(alert) {
      maybeFail(plan, 'notify');
      alerts.push(alert);
    },
  };
  const recorder: ConfigRecorder = {
    async itemAt() {
      maybeFail(plan, 'recorder.itemAt');
      return undefined;
    },
    listResources: async () => [],
    batchGet: async () => [],
    putEvaluations: async () => [],
  };
  const describer: ResourceDescriber = {
    supportedTypes: ['AWS::S3::Bucket'],
    async describe(ref) {
      maybeFail(plan, 'describe');
      return {
        accountId: ref.accountId,
        region: ref.region,
        resourceType: ref.resourceType,
        resourceId: ref.resourceId ?? ref.lookupId,
        captureTime: ref.captureTime,
        status: 'ResourceDeleted',
        configuration: {},
        supplementaryConfiguration: {},
        tags: {},
        relationships: [],
      };
    },
    listRefs: async () => [],
  };
  const now = options.now ?? new Date('2026-11-23T12:00:00.000Z');
  return {
    config: {
      evidenceBucket: 'memory-evidence',
      stateTable: 'memory-state',
      alertTopicArn: 'arn:aws:sns:us-east-1:123456789012:memory',
      evidenceRetentionDays: 400,
      serviceName: 'vigil',
      metricsNamespace: 'Vigil',
      ruleParameters: {},
      enabledRules: undefined,
      region: 'us-east-1',
      endpointUrl: undefined,
      s3ForcePathStyle: false,
      sweepConcurrency: 1,
      inventorySource: 'config',
      accountId: options.accountId,
      retry: { maxAttempts: 1, retryMode: 'standard', connectionTimeoutMs: 1, requestTimeoutMs: 1 },
    } as Runtime['config'],
    engine: new RuleEngine(options.rules),
    evidence,
    state,
    notifier,
    clock: () => now,
    recorder,
    describer,
    region: 'us-east-1',
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    // No waiting on leases: in one process a held lease means a crashed owner from an earlier failed try.
    leaseMs: 0,
    pendingWaitMs: 0,
    destroy: () => {},
    findings,
    rejected,
    rows,
    alerts,
    plan,
  };
}
