import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ResourceIdentitySchema } from '#shared/config-item/configuration-item';
import { canonicalJson } from './canonical-json';
import { EvidenceIntegrityError } from './errors';

/** Version of the evidence record schema; bump on any change a verifier must know about. */
export const EVIDENCE_SCHEMA_VERSION = 2;

/** Prefix of every evidence batch object (findings and attestations) in the evidence bucket. */
export const FINDINGS_PREFIX = 'findings/';

/** Prefix of the remediation records, which the same hourly digests list. */
export const REMEDIATIONS_PREFIX = 'remediations/';

/** Prefix of raw inputs the pipeline could not read, kept as evidence that nothing was dropped. */
export const REJECTED_PREFIX = 'rejected/';

/** What made Vigil evaluate a resource. */
export const TRIGGERS = ['config-change', 'config-oversized', 'config-rule', 'cloudtrail', 'sweep'] as const;

/** One of the pipeline's triggers. */
export type Trigger = (typeof TRIGGERS)[number];

/** What a rule concluded; ERROR when the rule itself failed. */
export const OUTCOMES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'ERROR'] as const;

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

const SourceSchema = z.object({ trigger: z.enum(TRIGGERS), eventId: z.string().optional() });

/**
 * One rule's verdict on one configuration item, chained to the previous verdict of the same resource and
 * rule by `sequence` and `previousHash` (see docs/evidence.md). Written whenever the item or the verdict
 * changed; unchanged re-evaluations are attested instead.
 */
export const FindingSchema = z.object({
  kind: z.literal('finding'),
  schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
  evaluatedAt: z.iso.datetime(),
  ruleId: z.string().min(1),
  severity: z.string(),
  soc2: z.array(z.string()),
  compliance: z.enum(OUTCOMES),
  annotation: z.string(),
  resource: ResourceIdentitySchema,
  /** The judged item: capture time, status, and the SHA-256 of its canonical content ({@link itemSha256}). */
  configurationItem: z.object({ captureTime: z.iso.datetime(), status: z.string(), sha256: sha256HexSchema }),
  source: SourceSchema,
  sequence: z.number().int().min(1),
  previousHash: sha256HexSchema.nullable(),
  /**
   * Present when the resource is tagged `vigil:exempt` for the rule and (since risk acceptances) an acceptance
   * in the register allows that tag: evaluated and recorded, never remediated.
   */
  exemption: z.object({ tag: z.string(), reason: z.string() }).optional(),
  /**
   * The risk acceptance in force that covered this resource–rule when evaluated (see docs/acceptances.md):
   * alerts and remediation were muted. `changeHash` names its `accepted` change in the locked register chain.
   */
  acceptance: z
    .object({ id: z.string(), changeHash: sha256HexSchema, owner: z.string(), expiresAt: z.iso.datetime() })
    .optional(),
  /** A `vigil:exempt` tag for the rule that no acceptance allows: reported, and the resource was NOT exempt. */
  exemptionTag: z.object({ tag: z.string(), reason: z.string() }).optional(),
  hash: sha256HexSchema,
});

/** A stored finding. */
export type Finding = z.infer<typeof FindingSchema>;

/** A finding before its hash is computed. */
export type UnsealedFinding = Omit<Finding, 'hash'>;

/** One rule's unchanged verdict in an attestation, naming the head of its chain. */
export const AttestedRuleSchema = z.object({
  ruleId: z.string().min(1),
  /** The rule's severity and SOC 2 criteria when judged, so a period with only attestations keeps them. */
  severity: z.string(),
  soc2: z.array(z.string()),
  compliance: z.enum(OUTCOMES),
  sequence: z.number().int().min(1),
  headHash: sha256HexSchema,
});

/** One attested rule. */
export type AttestedRule = z.infer<typeof AttestedRuleSchema>;

/**
 * Evidence that a resource was judged again and nothing changed: the same item content and every rule's
 * verdict equal to its chain head. One line per resource instead of one finding per rule.
 */
export const AttestationSchema = z.object({
  kind: z.literal('attestation'),
  schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
  attestedAt: z.iso.datetime(),
  resource: ResourceIdentitySchema,
  configurationItem: z.object({ captureTime: z.iso.datetime(), sha256: sha256HexSchema }),
  source: SourceSchema,
  rules: z.array(AttestedRuleSchema).min(1),
  hash: sha256HexSchema,
});

/** A stored attestation. */
export type Attestation = z.infer<typeof AttestationSchema>;

/** An attestation before its hash is computed. */
export type UnsealedAttestation = Omit<Attestation, 'hash'>;

/** One line of an evidence batch object. */
export const EvidenceRecordSchema = z.discriminatedUnion('kind', [FindingSchema, AttestationSchema]);

/** One line of an evidence batch object. */
export type EvidenceRecord = Finding | Attestation;

/** Hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of a record: SHA-256 over the canonical JSON of every field except `hash`. */
export function hashRecord(record: EvidenceRecord | UnsealedFinding | UnsealedAttestation): string {
  const { hash: _ignored, ...rest } = record as EvidenceRecord;
  return sha256Hex(canonicalJson(rest));
}

/** Adds the hash to a finding. */
export function sealFinding(finding: UnsealedFinding): Finding {
  return { ...finding, hash: hashRecord(finding) };
}

/** Adds the hash to an attestation. */
export function sealAttestation(attestation: UnsealedAttestation): Attestation {
  return { ...attestation, hash: hashRecord(attestation) };
}

/** The exact line stored for a record: its canonical JSON (without the newline that ends it in a batch). */
export function recordLine(record: EvidenceRecord): string {
  return canonicalJson(record);
}

/**
 * Parses one stored line and checks its hash.
 * @throws EvidenceIntegrityError when the line is not a record or its hash does not match.
 */
export function parseRecordLine(line: string): EvidenceRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    throw new EvidenceIntegrityError('line is not JSON', { cause: error });
  }
  const parsed = EvidenceRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EvidenceIntegrityError(
      `line is not a finding or attestation (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
      { cause: parsed.error },
    );
  }
  const expected = hashRecord(parsed.data);
  if (expected !== parsed.data.hash) {
    throw new EvidenceIntegrityError(`${parsed.data.kind} hash mismatch`, {
      context: { stored: parsed.data.hash, expected },
    });
  }
  if (canonicalJson(parsed.data) !== line) {
    throw new EvidenceIntegrityError(`${parsed.data.kind} is not stored as canonical JSON`);
  }
  return parsed.data;
}

/** The SHA-256 that names the content of a configuration item (what decides whether it changed). */
export function itemSha256(content: unknown): string {
  return sha256Hex(canonicalJson(content));
}

/** What identifies one resource–rule chain. */
export interface ChainRef {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly ruleId: string;
}

/** A stable text id of one resource–rule chain (`<account>/<region>/<type>/<resourceId>/<ruleId>`). */
export function chainIdOf(ref: ChainRef): string {
  return [ref.accountId, ref.region, ref.resourceType, ref.resourceId, ref.ruleId]
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/** `AWS::S3::Bucket` → `aws-s3-bucket`, `AWS::::Account` → `aws-account`. */
export function resourceTypeSegment(resourceType: string): string {
  return resourceType
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `2026-11-23T10:44:18.279Z` → `20261123T104418.279Z` (sorts like the time, no colons). */
export function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '');
}

/** `<account>/<region>/<yyyy>/<mm>/<dd>/<hh>/` of the UTC hour holding `time`. */
export function hourPath(accountId: string, region: string, time: Date): string {
  const iso = time.toISOString();
  return [
    encodeURIComponent(accountId),
    encodeURIComponent(region),
    iso.slice(0, 4),
    iso.slice(5, 7),
    iso.slice(8, 10),
    iso.slice(11, 13),
    '',
  ].join('/');
}

/**
 * Object key of an evidence batch written at `writtenAt`:
 * `findings/<account>/<region>/<yyyy>/<mm>/<dd>/<hh>/<writtenAt>_<id>.jsonl`. The hour is the write's, so
 * the sealer finds everything written in an hour under one prefix.
 */
export function batchKey(accountId: string, region: string, writtenAt: Date, id: string): string {
  return `${FINDINGS_PREFIX}${hourPath(accountId, region, writtenAt)}${compactTime(writtenAt.toISOString())}_${id}.jsonl`;
}

/** Account, region and write hour of an evidence object key dated by write hour, or `undefined`. */
export function parseHourKey(
  key: string,
): { prefix: string; accountId: string; region: string; hourStart: Date } | undefined {
  const match = /^([a-z]+\/)([^/]+)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\//.exec(key);
  if (match === null) return undefined;
  const [, prefix, account, region, yyyy, mm, dd, hh] = match;
  if (prefix === undefined || account === undefined || region === undefined) return undefined;
  const hourStart = new Date(`${yyyy}-${mm}-${dd}T${hh}:00:00.000Z`);
  if (Number.isNaN(hourStart.getTime())) return undefined;
  try {
    return {
      prefix,
      accountId: decodeURIComponent(account),
      region: decodeURIComponent(region),
      hourStart,
    };
  } catch {
    return undefined;
  }
}

/** The exact bytes of a batch object: one canonical JSON line per record, each ending with a newline. */
export function serializeBatch(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** One line of a batch object: its text, and the record or what is wrong with it. */
export type BatchLine =
  | { readonly line: number; readonly text: string; readonly record: EvidenceRecord }
  | { readonly line: number; readonly text: string; readonly problem: string };

/** Splits a batch object into lines and parses each; a batch must end with a newline. */
export function parseBatch(bytes: Uint8Array | string): { lines: BatchLine[]; problem?: string } {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  const parts = text.split('\n');
  const last = parts.pop();
  const lines: BatchLine[] = parts.map((part, index) => {
    try {
      return { line: index + 1, text: part, record: parseRecordLine(part) };
    } catch (error) {
      return { line: index + 1, text: part, problem: error instanceof Error ? error.message : String(error) };
    }
  });
  if (last !== '') return { lines, problem: 'does not end with a newline' };
  if (lines.length === 0) return { lines, problem: 'holds no records' };
  return { lines };
}

/** What a chain checker knows of one finding: where it was read, and its links. */
interface ChainLink {
  readonly sequence: number;
  readonly hash: string;
  readonly previousHash: string | null;
  readonly where: string;
}

/** A problem with one resource–rule chain. */
export interface ChainProblem {
  readonly chainId: string;
  readonly where: string;
  readonly detail: string;
}

/**
 * Checks resource–rule chains from findings seen in any order: per chain, sequences without gaps or forks,
 * each `previousHash` equal to the hash of the finding before it, finding 1 without a predecessor. A chain
 * may start after sequence 1 (a bundle or a verified period that starts mid-chain). Identical copies of one
 * finding (same hash) count once. Attested heads must be findings of their chain when the chain was seen.
 */
export class ChainChecker {
  readonly #chains = new Map<string, Map<number, ChainLink[]>>();
  readonly #attested: { chainId: string; sequence: number; hash: string; where: string }[] = [];

  /** Adds one finding read at `where` (a key and line, for messages). */
  addFinding(finding: Finding, where: string): void {
    const chainId = chainIdOf({ ...finding.resource, ruleId: finding.ruleId });
    const bySequence = this.#chains.get(chainId) ?? new Map<number, ChainLink[]>();
    this.#chains.set(chainId, bySequence);
    const links = bySequence.get(finding.sequence) ?? [];
    if (links.some((link) => link.hash === finding.hash)) return;
    links.push({ sequence: finding.sequence, hash: finding.hash, previousHash: finding.previousHash, where });
    bySequence.set(finding.sequence, links);
  }

  /** Adds the heads an attestation names. */
  addAttestation(attestation: Attestation, where: string): void {
    for (const rule of attestation.rules) {
      this.#attested.push({
        chainId: chainIdOf({ ...attestation.resource, ruleId: rule.ruleId }),
        sequence: rule.sequence,
        hash: rule.headHash,
        where,
      });
    }
  }

  /** Number of distinct chains seen. */
  get chains(): number {
    return this.#chains.size;
  }

  /** Every problem found, in chain order. */
  problems(): ChainProblem[] {
    const problems: ChainProblem[] = [];
    for (const [chainId, bySequence] of [...this.#chains].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const sequences = [...bySequence.keys()].sort((a, b) => a - b);
      // Every finding of the sequence before, forks included: the next one may link to any of them (a fork
      // is reported once, where it happens, whichever version the reader met first).
      let previousLinks: readonly ChainLink[] = [];
      let previousSequence: number | undefined;
      for (const sequence of sequences) {
        const links = [...(bySequence.get(sequence) ?? [])].sort((x, y) =>
          x.where < y.where ? -1 : x.where > y.where ? 1 : 0,
        );
        const linked = links.find((link) =>
          previousLinks.some((before) => before.hash === link.previousHash),
        );
        const main = linked ?? links[0];
        if (main === undefined) continue;
        for (const fork of links) {
          if (fork === main) continue;
          problems.push({
            chainId,
            where: fork.where,
            detail: `two findings claim #${sequence} (also ${main.where})`,
          });
        }
        if (sequence === 1 && main.previousHash !== null) {
          problems.push({ chainId, where: main.where, detail: '#1 must have previousHash null' });
        }
        if (previousSequence !== undefined) {
          if (sequence !== previousSequence + 1) {
            problems.push({
              chainId,
              where: main.where,
              detail: `#${sequence} follows #${previousSequence}: findings #${previousSequence + 1}–#${sequence - 1} are missing`,
            });
          } else if (linked === undefined) {
            problems.push({
              chainId,
              where: main.where,
              detail: `#${sequence} previousHash ${String(main.previousHash)} is not the hash of #${previousSequence} (${previousLinks.map((link) => link.hash).join(' or ')})`,
            });
          }
        }
        previousLinks = links;
        previousSequence = sequence;
      }
    }
    for (const attested of this.#attested) {
      const chain = this.#chains.get(attested.chainId);
      if (chain === undefined) continue;
      const links = chain.get(attested.sequence);
      if (links === undefined) {
        const newest = Math.max(...chain.keys());
        if (attested.sequence > newest) {
          problems.push({
            chainId: attested.chainId,
            where: attested.where,
            detail: `attests head #${attested.sequence}, but the newest finding of the chain is #${newest}`,
          });
        }
        continue;
      }
      if (!links.some((link) => link.hash === attested.hash)) {
        problems.push({
          chainId: attested.chainId,
          where: attested.where,
          detail: `attests head #${attested.sequence} ${attested.hash}, but that finding hashes to ${links[0]?.hash}`,
        });
      }
    }
    return problems;
  }
}
