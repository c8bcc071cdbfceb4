import type { Alert, Notifier } from '#shared/alerts/alert';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import type { ResourceDescriber } from '#shared/describe/describer';
import { VigilError } from '#shared/errors';
import type { EvidenceStore } from '#shared/evidence/evidence-store';
import {
  type Attestation,
  ChainChecker,
  type ChainProblem,
  type Finding,
  parseBatch,
  REJECTED_PREFIX,
  sha256Hex,
} from '#shared/evidence/finding';
import type { Runtime } from '#shared/pipeline/runtime';
import { RuleEngine } from '#shared/rules/engine';
import type { Rule } from '#shared/rules/rule';
import { partitionKeyOf, type ResourceState, type ResourceStateStore } from '#shared/state/compliance-state';

/** A failure a fault plan injected into a port call (what a throttled or failing AWS call becomes). */
export class InjectedFaultError extends VigilError {
  override readonly name: string = 'InjectedFaultError';
}

/** Decides, call by call, whether a port call fails; `share` 0 never fails. */
export interface FaultPlan {
  share: number;
  /** Port calls that never fail (e.g. `notify`). */
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
  /** Evidence batch objects by key, as stored (write-once). */
  readonly objects: Map<string, string>;
  readonly rejected: Map<string, string>;
  /** State rows by partition key. */
  readonly rows: Map<string, ResourceState>;
  readonly alerts: Alert[];
  readonly plan: FaultPlan;
}

/** Every finding and attestation in the stored batch objects, with the key each was read from. */
export function storedRecords(objects: ReadonlyMap<string, string>): {
  readonly findings: { readonly key: string; readonly record: Finding }[];
  readonly attestations: { readonly key: string; readonly record: Attestation }[];
} {
  const findings: { key: string; record: Finding }[] = [];
  const attestations: { key: string; record: Attestation }[] = [];
  for (const [key, body] of objects) {
    const parsed = parseBatch(body);
    if (parsed.problem !== undefined) throw new Error(`${key}: ${parsed.problem}`);
    for (const line of parsed.lines) {
      if (!('record' in line)) throw new Error(`${key}:${line.line}: ${line.problem}`);
      if (line.record.kind === 'finding') findings.push({ key, record: line.record });
      else attestations.push({ key, record: line.record });
    }
  }
  return { findings, attestations };
}

/** Problems of every resource–rule chain in the stored batch objects (none when every chain is whole). */
export function chainProblems(objects: ReadonlyMap<string, string>): ChainProblem[] {
  const checker = new ChainChecker();
  const { findings, attestations } = storedRecords(objects);
  for (const { key, record } of findings) checker.addFinding(record, key);
  for (const { key, record } of attestations) checker.addAttestation(record, key);
  return checker.problems();
}

/** A write-once in-memory evidence store; `fail` (when given) decides per call whether `putBatch` throws. */
export function memoryEvidence(
  objects: Map<string, string>,
  rejected: Map<string, string>,
  fault: (what: string) => void = () => {},
): EvidenceStore {
  return {
    async putBatch(key, body) {
      fault('putBatch');
      if (objects.has(key)) return { status: 'exists', key };
      objects.set(key, body);
      return { status: 'created', key };
    },
    async exists(key) {
      fault('exists');
      return objects.has(key);
    },
    async putRejectedInput(raw) {
      fault('putRejectedInput');
      const key = `${REJECTED_PREFIX}${sha256Hex(raw)}.json`;
      const status = rejected.has(key) ? 'exists' : 'created';
      rejected.set(key, raw);
      return { key, status };
    },
  };
}

/** An in-memory state store with the DynamoDB store's optimistic concurrency on `version`. */
export function memoryState(
  rows: Map<string, ResourceState>,
  fault: (what: string) => void = () => {},
): ResourceStateStore {
  return {
    async get(ref) {
      fault('state.get');
      return rows.get(partitionKeyOf(ref));
    },
    async claim(state, expected) {
      fault('state.claim');
      if ((rows.get(partitionKeyOf(state))?.version ?? 0) !== expected) return 'conflict';
      rows.set(partitionKeyOf(state), state);
      return 'claimed';
    },
  };
}

/** Builds the in-memory runtime: write-once evidence, conditional state, a recording notifier. */
export function memoryRuntime(options: {
  readonly rules: readonly Rule[];
  readonly accountId?: string;
  readonly plan: FaultPlan;
  readonly now?: Date;
}): MemoryRuntime {
  const { plan } = options;
  const objects = new Map<string, string>();
  const rejected = new Map<string, string>();
  const rows = new Map<string, ResourceState>();
  const alerts: Alert[] = [];
  const fault = (what: string): void => maybeFail(plan, what);
  const evidence = memoryEvidence(objects, rejected, fault);
  const state = memoryState(rows, fault);
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
    listResourcesPage: async () => ({ keys: [] }),
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
    objects,
    rejected,
    rows,
    alerts,
    plan,
  };
}
