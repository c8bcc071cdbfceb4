import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PERIOD_MS, periodStartOf } from '#shared/evidence/digest';
import { sealDigests } from '#shared/evidence/digest-sealer';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import type { EvidenceObjectReader, EvidenceObjectWriter } from '#shared/evidence/evidence-objects';
import {
  batchKey,
  EVIDENCE_SCHEMA_VERSION,
  type Finding,
  itemSha256,
  parseHourKey,
  recordLine,
  sealFinding,
  serializeBatch,
} from '#shared/evidence/finding';
import { LocalSigner, MemoryDigestHeads, MemoryObjects } from '#test/unit/evidence/fakes';

/** One verdict of the hand-computed scenario. */
export interface ScenarioStep {
  readonly accountId?: string;
  readonly region?: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly ruleId: string;
  readonly soc2: readonly string[];
  readonly severity: string;
  readonly captureTime: string;
  readonly compliance: Finding['compliance'];
  readonly annotation?: string;
}

/** A finding with the key of the batch object the pipeline stores it in (one finding per batch here). */
export interface StoredFinding {
  readonly key: string;
  readonly finding: Finding;
}

/** Seconds between a capture and its evaluation (and the write of its batch, in the same hour). */
const EVALUATION_DELAY_MS = 2000;

/** Seals the steps into chained v2 findings (per resource and rule, in the order given), as the pipeline would. */
export function buildFindings(steps: readonly ScenarioStep[]): StoredFinding[] {
  const heads = new Map<string, Finding>();
  return steps.map((step, index) => {
    const accountId = step.accountId ?? '111111111111';
    const region = step.region ?? 'us-east-1';
    const annotation = step.annotation ?? `${step.ruleId} is ${step.compliance} on ${step.resourceId}`;
    const pair = `${accountId}/${region}/${step.resourceType}/${step.resourceId}/${step.ruleId}`;
    const previous = heads.get(pair);
    const evaluatedAt = new Date(Date.parse(step.captureTime) + EVALUATION_DELAY_MS);
    const finding = sealFinding({
      kind: 'finding',
      schemaVersion: EVIDENCE_SCHEMA_VERSION,
      evaluatedAt: evaluatedAt.toISOString(),
      ruleId: step.ruleId,
      severity: step.severity,
      soc2: [...step.soc2],
      compliance: step.compliance,
      annotation,
      resource: {
        accountId,
        region,
        resourceType: step.resourceType,
        resourceId: step.resourceId,
        arn: `arn:aws:test:${region}:${accountId}:${step.resourceId}`,
      },
      configurationItem: {
        captureTime: new Date(step.captureTime).toISOString(),
        status: 'OK',
        sha256: itemSha256({ resourceId: step.resourceId, compliance: step.compliance }),
      },
      source: { trigger: 'config-change', eventId: `event-${index}` },
      sequence: (previous?.sequence ?? 0) + 1,
      previousHash: previous?.hash ?? null,
    });
    heads.set(pair, finding);
    return { key: batchKey(accountId, region, evaluatedAt, `scenario-${index}`), finding };
  });
}

/** The stored bytes of the batch object holding one finding. */
export function batchBodyOf(stored: StoredFinding): string {
  return serializeBatch([recordLine(stored.finding)]);
}

/** Where scenario evidence is written, and how it is sealed. */
export interface SealOptions {
  /** Signs the digests (default: a new local RSA key). */
  readonly signer?: DigestSigner;
  /** The sealer's clock for its last run: every hour that ends 10 min before it is sealed (default below). */
  readonly sealUntil?: Date;
  /** Other batch objects (e.g. attestations) written before sealing, in chains the findings start. */
  readonly batches?: readonly { readonly key: string; readonly body: string }[];
}

/** The default last sealing run: every hour up to 2026-10-04 01:00 (the scenario's last write) is sealed. */
export const SEAL_UNTIL = new Date('2026-10-04T03:00:00Z');

/**
 * Writes each finding as its own locked batch object with `put`, then seals every chain (account and
 * region) with the real sealer: a first run an hour after the chain's first write, then catching up to
 * `sealUntil`, so every hour in between has a signed digest listing what its prefixes hold.
 */
export async function storeAndSeal(
  objects: EvidenceObjectReader & EvidenceObjectWriter,
  findings: readonly StoredFinding[],
  put: (key: string, body: string, writtenAt: Date) => Promise<void>,
  options: SealOptions & { readonly signer: DigestSigner },
): Promise<void> {
  const firstWrite = new Map<string, number>();
  for (const stored of findings) {
    const writtenAt = new Date(stored.finding.evaluatedAt);
    await put(stored.key, batchBodyOf(stored), writtenAt);
    const { accountId, region } = stored.finding.resource;
    const chain = `${accountId}/${region}`;
    firstWrite.set(chain, Math.min(firstWrite.get(chain) ?? writtenAt.getTime(), writtenAt.getTime()));
  }
  for (const batch of options.batches ?? []) {
    await put(batch.key, batch.body, parseHourKey(batch.key)?.hourStart ?? new Date());
  }
  const heads = new MemoryDigestHeads();
  const until = options.sealUntil ?? SEAL_UNTIL;
  for (const [chain, first] of [...firstWrite].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [accountId = '', region = ''] = chain.split('/');
    const seal = (now: Date) =>
      sealDigests(
        { heads, objects, signer: options.signer, clock: () => now },
        { accountId, region, retentionDays: 400, maxPeriods: 1000 },
      );
    // A chain starts with the newest complete hour when the sealer first runs, then catches up hourly.
    await seal(new Date(periodStartOf(new Date(first)).getTime() + PERIOD_MS + 15 * 60_000));
    await seal(until);
  }
}

/**
 * Writes findings and their sealed digests as a local copy of the evidence bucket (`<root>/<key>`, the
 * current version of every object); returns the signer of the digests.
 */
export async function writeEvidenceDir(
  root: string,
  findings: readonly StoredFinding[],
  options: SealOptions = {},
): Promise<DigestSigner> {
  const signer = options.signer ?? new LocalSigner();
  const objects = new MemoryObjects();
  await storeAndSeal(
    objects,
    findings,
    async (key, body, writtenAt) => {
      await objects.putLocked(key, body, new Date(writtenAt.getTime() + 400 * 86_400_000));
    },
    { ...options, signer },
  );
  for (const [key, object] of objects.objects) {
    const file = join(root, ...key.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, object.bytes);
  }
  return signer;
}

const BUCKET = 'AWS::S3::Bucket';
const KEY = 'AWS::KMS::Key';
const SSL = { ruleId: 's3-bucket-ssl-requests-only', soc2: ['CC6.1', 'CC6.7'], severity: 'high' } as const;
const ROTATION = { ruleId: 'cmk-backing-key-rotation-enabled', soc2: ['CC6.1'], severity: 'medium' } as const;

/**
 * October 1–3 2026, two rules, five resources in two accounts (plus one finding on each side of the period).
 * By hand: rule SSL 6 evaluations (3 C, 3 NC), 3 failures, 2 remediated (TTR 6 h and 24 h), bucket-3 open at
 * the end; rule ROTATION 3 evaluations (1 C, 1 NC, 1 N/A), TTR 2 h. CC6.1: 9 evaluations, pass rate 4/8,
 * TTR median 6 h, max 24 h, end-of-day posture 3/0, 2/2, 3/1. Failures opened/closed per day: 2/2, 2/0, 0/1.
 */
export const SCENARIO: readonly ScenarioStep[] = [
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-1',
    captureTime: '2026-10-01T10:00:00.000Z',
    compliance: 'NON_COMPLIANT',
  },
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-1',
    captureTime: '2026-10-01T16:00:00.000Z',
    compliance: 'COMPLIANT',
  },
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-1',
    captureTime: '2026-10-02T08:00:00.000Z',
    compliance: 'NON_COMPLIANT',
  },
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-1',
    captureTime: '2026-10-03T08:00:00.000Z',
    compliance: 'COMPLIANT',
  },
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-2',
    captureTime: '2026-09-30T23:00:00.000Z',
    compliance: 'COMPLIANT',
  },
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-2',
    captureTime: '2026-10-01T09:00:00.000Z',
    compliance: 'COMPLIANT',
  },
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-3',
    captureTime: '2026-10-02T12:00:00.000Z',
    compliance: 'NON_COMPLIANT',
    annotation: '=HYPERLINK("http://evil") <script>document.title="pwned"</script>, "quoted"\nsecond line',
  },
  {
    ...ROTATION,
    accountId: '222222222222',
    region: 'eu-west-1',
    resourceType: KEY,
    resourceId: 'key-1',
    captureTime: '2026-10-01T00:30:00.000Z',
    compliance: 'NON_COMPLIANT',
  },
  {
    ...ROTATION,
    accountId: '222222222222',
    region: 'eu-west-1',
    resourceType: KEY,
    resourceId: 'key-1',
    captureTime: '2026-10-01T02:30:00.000Z',
    compliance: 'COMPLIANT',
  },
  {
    ...ROTATION,
    resourceType: KEY,
    resourceId: 'key-2',
    captureTime: '2026-10-02T05:00:00.000Z',
    compliance: 'NOT_APPLICABLE',
  },
  {
    ...SSL,
    resourceType: BUCKET,
    resourceId: 'bucket-2',
    captureTime: '2026-10-04T01:00:00.000Z',
    compliance: 'NON_COMPLIANT',
  },
];

/** Findings of the scenario inside October 1–3 (what an export of that period must hold). */
export const IN_PERIOD = 9;

/** Hourly digests of October 1–3 of the scenario's two chains (every hour is sealed). */
export const PERIOD_DIGESTS = 2 * 72;
