import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { DIGEST_SCHEMA_VERSION, DIGEST_SIGNING_ALGORITHM, parseDigestKey } from '#shared/evidence/digest';
import {
  FINDING_SCHEMA_VERSION,
  type Finding,
  findingIdOf,
  findingKey,
  sealFinding,
  serializeFinding,
} from '#shared/evidence/finding';

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

/** A finding with the key the pipeline stores it under. */
export interface StoredFinding {
  readonly key: string;
  readonly finding: Finding;
}

/** Seals the steps into chained findings (per resource and rule, in the order given), as the pipeline would. */
export function buildFindings(steps: readonly ScenarioStep[]): StoredFinding[] {
  const heads = new Map<string, StoredFinding>();
  return steps.map((step) => {
    const accountId = step.accountId ?? '111111111111';
    const region = step.region ?? 'us-east-1';
    const annotation = step.annotation ?? `${step.ruleId} is ${step.compliance} on ${step.resourceId}`;
    const key = findingKey({
      accountId,
      region,
      resourceType: step.resourceType,
      resourceId: step.resourceId,
      ruleId: step.ruleId,
      captureTime: step.captureTime,
      compliance: step.compliance,
      annotation,
    });
    const pair = `${accountId}/${region}/${step.resourceId}/${step.ruleId}`;
    const previous = heads.get(pair);
    const finding = sealFinding({
      schemaVersion: FINDING_SCHEMA_VERSION,
      findingId: findingIdOf(key),
      evaluatedAt: new Date(Date.parse(step.captureTime) + 2000).toISOString(),
      ruleId: step.ruleId,
      ruleTitle: `Title of ${step.ruleId}`,
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
      configurationItem: { captureTime: step.captureTime, status: 'OK' },
      source: { trigger: 'config-change', eventId: `event-${heads.size}` },
      sequence: (previous?.finding.sequence ?? 0) + 1,
      previousHash: previous?.finding.hash ?? null,
      previousKey: previous?.key ?? null,
    });
    const stored = { key, finding };
    heads.set(pair, stored);
    return stored;
  });
}

/** Writes findings as a local copy of the evidence bucket (`<root>/<key>`). */
export async function writeEvidenceDir(root: string, findings: readonly StoredFinding[]): Promise<void> {
  for (const { key, finding } of findings) {
    const file = join(root, ...key.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, serializeFinding(finding));
  }
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

/** A digest that passes the digest schema (its signature is not a real one: exports do not check it). */
export function fakeDigest(key: string, keyId = 'arn:aws:kms:us-east-1:111111111111:key/test-key'): string {
  const parsed = parseDigestKey(key);
  if (parsed === undefined) throw new Error(`${key} is not a digest key`);
  const [, accountId = '', region = ''] = key.split('/');
  const start = parsed.periodStart.getTime();
  return `${canonicalJson({
    schemaVersion: DIGEST_SCHEMA_VERSION,
    key,
    accountId,
    region,
    periodStart: new Date(start).toISOString(),
    periodEnd: new Date(start + 3_600_000).toISOString(),
    sealedAt: new Date(start + 4_200_000).toISOString(),
    previousDigestKey: null,
    previousDigestSha256: null,
    findingCount: 0,
    findings: [],
    signing: { keyId, algorithm: DIGEST_SIGNING_ALGORITHM, publicKeyFingerprint: '0'.repeat(64) },
    signature: 'c2lnbmF0dXJl',
  })}\n`;
}
