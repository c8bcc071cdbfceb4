import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { EvidenceIntegrityError } from './errors';

/** Version of the finding JSON schema; bump on any change a verifier must know about. */
export const FINDING_SCHEMA_VERSION = 1;

/** Prefix of every finding key in the evidence bucket. */
export const FINDINGS_PREFIX = 'findings/';

/** Prefix of the remediation records, which the same hourly digests list. */
export const REMEDIATIONS_PREFIX = 'remediations/';

/** Prefix of raw inputs the pipeline could not read, kept as evidence that nothing was dropped. */
export const REJECTED_PREFIX = 'rejected/';

/** What made Vigil evaluate a resource. */
export const TRIGGERS = ['config-change', 'config-oversized', 'config-rule', 'cloudtrail', 'sweep'] as const;

/** One of the pipeline's triggers. */
export type Trigger = (typeof TRIGGERS)[number];

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** The JSON document stored for every evaluation (see docs/evidence.md). */
export const FindingSchema = z.object({
  schemaVersion: z.literal(FINDING_SCHEMA_VERSION),
  findingId: z.string().regex(/^[0-9a-f]{32}$/),
  evaluatedAt: z.iso.datetime(),
  ruleId: z.string().min(1),
  ruleTitle: z.string(),
  severity: z.string(),
  soc2: z.array(z.string()),
  compliance: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'ERROR']),
  annotation: z.string(),
  resource: z.object({
    accountId: z.string().min(1),
    region: z.string().min(1),
    resourceType: z.string().min(1),
    resourceId: z.string().min(1),
    resourceName: z.string().optional(),
    arn: z.string().optional(),
  }),
  configurationItem: z.object({ captureTime: z.iso.datetime(), status: z.string() }),
  source: z.object({ trigger: z.enum(TRIGGERS), eventId: z.string().optional() }),
  sequence: z.number().int().min(1),
  previousHash: sha256HexSchema.nullable(),
  previousKey: z.string().nullable(),
  /** Present when the resource is tagged `vigil:exempt` for the rule: evaluated and recorded, never remediated. */
  exemption: z.object({ tag: z.string(), reason: z.string() }).optional(),
  hash: sha256HexSchema,
});

/** A stored finding: one rule's verdict on one configuration item, chained to the previous one. */
export type Finding = z.infer<typeof FindingSchema>;

/** A finding before its hash is computed. */
export type UnsealedFinding = Omit<Finding, 'hash'>;

/** Hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The chain hash of a finding: SHA-256 over the canonical JSON of every field except `hash`. */
export function hashFinding(finding: UnsealedFinding | Finding): string {
  const { hash: _ignored, ...rest } = finding as Finding;
  return sha256Hex(canonicalJson(rest));
}

/** Adds the hash to a finding. */
export function sealFinding(finding: UnsealedFinding): Finding {
  return { ...finding, hash: hashFinding(finding) };
}

/** The exact bytes stored for a finding: canonical JSON plus a final newline. */
export function serializeFinding(finding: Finding): string {
  return `${canonicalJson(finding)}\n`;
}

/**
 * Parses stored finding bytes and checks the hash.
 * @throws EvidenceIntegrityError when the document is not a finding or its hash does not match.
 */
export function parseFinding(text: string): Finding {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EvidenceIntegrityError('stored finding is not JSON', { cause: error });
  }
  const parsed = FindingSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EvidenceIntegrityError('stored document is not a finding', { cause: parsed.error });
  }
  const expected = hashFinding(parsed.data);
  if (expected !== parsed.data.hash) {
    throw new EvidenceIntegrityError(`finding ${parsed.data.findingId} hash mismatch`, {
      context: { findingId: parsed.data.findingId, stored: parsed.data.hash, expected },
    });
  }
  return parsed.data;
}

/** What identifies one finding: the judged item's identity and capture time, the rule and its verdict. */
export interface FindingIdentity {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly ruleId: string;
  readonly captureTime: string;
  readonly compliance: string;
  readonly annotation: string;
}

/** `AWS::S3::Bucket` → `aws-s3-bucket`, `AWS::::Account` → `aws-account`. */
export function resourceTypeSegment(resourceType: string): string {
  return resourceType
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `2026-11-23T10:44:18.279Z` → `20261123T104418.279Z` (sorts like the time, no colons). */
function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '');
}

/** Short digest of a verdict, so a re-evaluation with a different result gets its own key. */
function verdictDigest(identity: FindingIdentity): string {
  return sha256Hex(`${identity.compliance}\n${identity.annotation}`).slice(0, 12);
}

/**
 * Deterministic object key of a finding:
 * `findings/<account>/<region>/<yyyy>/<mm>/<dd>/<type>/<resourceId>/<ruleId>/<captureTime>_<verdict>.json`,
 * the date being the UTC date of the capture time. A redelivered event maps to the same key.
 */
export function findingKey(identity: FindingIdentity): string {
  const date = new Date(identity.captureTime);
  const iso = date.toISOString();
  const [yyyy, mm, dd] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  return [
    'findings',
    encodeURIComponent(identity.accountId),
    encodeURIComponent(identity.region),
    yyyy,
    mm,
    dd,
    resourceTypeSegment(identity.resourceType),
    encodeURIComponent(identity.resourceId),
    encodeURIComponent(identity.ruleId),
    `${compactTime(iso)}_${verdictDigest(identity)}.json`,
  ].join('/');
}

/** Deterministic finding id: the first 128 bits of the SHA-256 of its key. */
export function findingIdOf(key: string): string {
  return sha256Hex(key).slice(0, 32);
}

/**
 * Checks that findings of one resource and rule, in sequence order, form an unbroken chain.
 * @returns the problems found (empty when the chain is intact).
 */
export function verifyChain(findings: readonly Finding[], keys: readonly string[]): string[] {
  const problems: string[] = [];
  findings.forEach((finding, index) => {
    if (hashFinding(finding) !== finding.hash) problems.push(`#${finding.sequence}: hash mismatch`);
    const previous = findings[index - 1];
    if (previous === undefined) return;
    if (finding.sequence !== previous.sequence + 1) {
      problems.push(`#${finding.sequence}: gap after #${previous.sequence}`);
    }
    if (finding.previousHash !== previous.hash) problems.push(`#${finding.sequence}: previousHash mismatch`);
    if (finding.previousKey !== keys[index - 1]) problems.push(`#${finding.sequence}: previousKey mismatch`);
  });
  const first = findings[0];
  if (first && first.sequence === 1 && first.previousHash !== null) {
    problems.push('#1: first finding must have previousHash null');
  }
  return problems;
}
