import { createHash, type KeyObject } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import {
  DIGEST_SIGNING_ALGORITHM,
  digestChainPrefix,
  parseDigest,
  parseDigestKey,
  publicKeyPem as pemOf,
  publicKeyFingerprint,
  readPublicKey,
} from '#shared/evidence/digest';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import { EvidenceIntegrityError } from '#shared/evidence/errors';
import {
  FINDINGS_PREFIX,
  type Finding,
  findingKey,
  parseFinding,
  REMEDIATIONS_PREFIX,
} from '#shared/evidence/finding';
import {
  type RemediationRecord,
  RemediationRecordSchema,
  remediationKey,
  verifyRecord,
} from '#shared/remediations/record';
import { SOC2_TITLES } from '#shared/rules/soc2-titles';
import { BundleFileWriter, type WrittenFile } from './bundle-file';
import { csvRow } from './csv';
import { ExportError } from './errors';
import type { EvidenceSource } from './evidence-source';
import { VIGIL_GENERATOR } from './generator';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
  type BundleSigning,
  describeError,
  type ManifestDigestSchema,
  signManifest,
} from './manifest';
import { toOcsf } from './ocsf';
import { mapOrdered } from './ordered-map';
import { inPeriod, type Period, periodDays } from './period';
import { renderReportHtml } from './report';
import { type ComplianceSummary, renderSummaryCsv, SummaryAggregator } from './summary';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_LISTED_PROBLEMS = 1000;
const PROGRESS_EVERY = 1000;

/** Where an export is, for a progress line. */
export interface ExportProgress {
  readonly phase: 'findings' | 'digests' | 'report' | 'upload' | 'done';
  /** Findings written so far. */
  readonly findings: number;
  /** Objects read so far (findings in and out of the period, and unreadable ones). */
  readonly read: number;
  /** The day prefix being listed (`YYYY-MM-DD`). */
  readonly day?: string;
}

/** Which key signs manifest.json (the digest signing key: the same RSA key and algorithm). */
export type ExportSigner =
  /** This signer (the export Lambda's DIGEST_SIGNING_KEY_ID, `vigil export --signing-key`). */
  | { readonly kind: 'key'; readonly signer: DigestSigner }
  /** A signer for the key the newest bundled digest names (`vigil export` by default). */
  | { readonly kind: 'digest-key'; readonly signerFor: (keyId: string) => DigestSigner }
  /** No signature (`vigil export --unsigned`), for local inspection: `vigil verify` never passes it. */
  | { readonly kind: 'unsigned' };

/** Settings of one export. */
export interface ExportOptions {
  readonly source: EvidenceSource;
  readonly period: Period;
  /** Local directory the bundle is written to; created when missing, refused when not empty. */
  readonly outDir: string;
  /** Only these accounts (all when absent or empty). */
  readonly accounts?: readonly string[];
  /**
   * Days before the period whose findings are read (not exported) to know the state it starts from:
   * failures already open, so their time to remediate counts from their real start (default 0).
   */
  readonly lookbackDays?: number;
  /** Objects read at once (default 16). */
  readonly concurrency?: number;
  /** Name and version written into the manifest (default: this Vigil). */
  readonly generator?: { readonly name: string; readonly version: string };
  /** SOC 2 criterion titles for the summary and report (default: Vigil's short titles). */
  readonly criterionTitles?: Readonly<Record<string, string>>;
  /** How the manifest is signed; a signer that fails fails the export. */
  readonly signer: ExportSigner;
  /**
   * PEM public key of the digest signing key, copied into the manifest. With a signer it must be the signer's
   * key (the manifest then carries the signer's key either way).
   */
  readonly publicKeyPem?: string;
  /**
   * Unsigned exports only: looks up the PEM public key of the key that signed the bundled digests (e.g. KMS
   * GetPublicKey), when `publicKeyPem` is not given; on failure the bundle carries no key and a warning.
   */
  readonly resolvePublicKey?: (keyId: string) => Promise<string>;
  readonly now?: () => Date;
  readonly onProgress?: (progress: ExportProgress) => void;
}

/** What an export wrote. */
export interface ExportResult {
  readonly outDir: string;
  readonly manifest: BundleManifest;
  readonly summary: ComplianceSummary;
  /** What the export could not add but that says nothing about the evidence (e.g. the public key). */
  readonly warnings: readonly string[];
}

/** Columns of findings.csv, one row per finding. */
export const FINDINGS_CSV_HEADER = [
  'finding_id',
  'finding_key',
  'evaluated_at',
  'capture_time',
  'account_id',
  'region',
  'resource_type',
  'resource_id',
  'resource_name',
  'arn',
  'rule_id',
  'rule_title',
  'severity',
  'soc2',
  'compliance',
  'annotation',
  'trigger',
  'event_id',
  'sequence',
  'hash',
  'previous_hash',
  'exemption_reason',
] as const;

function findingCsvRow(finding: Finding, key: string): string {
  const { resource } = finding;
  return csvRow([
    finding.findingId,
    key,
    finding.evaluatedAt,
    finding.configurationItem.captureTime,
    resource.accountId,
    resource.region,
    resource.resourceType,
    resource.resourceId,
    resource.resourceName,
    resource.arn,
    finding.ruleId,
    finding.ruleTitle,
    finding.severity,
    finding.soc2.join(' '),
    finding.compliance,
    finding.annotation,
    finding.source.trigger,
    finding.source.eventId,
    finding.sequence,
    finding.hash,
    finding.previousHash,
    finding.exemption?.reason,
  ]);
}

/**
 * Keys of the findings captured on the period's days: account by account, region by region, day by day,
 * listing only `findings/<account>/<region>/<yyyy>/<mm>/<dd>/` prefixes. Within a resource and rule the keys
 * come oldest first (the capture time leads the file name).
 */
async function* findingKeys(
  source: EvidenceSource,
  period: Period,
  accounts: readonly string[] | undefined,
  onDay: (day: string) => void,
  root: string = FINDINGS_PREFIX,
): AsyncIterable<string> {
  const days = periodDays(period);
  for await (const accountPrefix of source.listPrefixes(root)) {
    const account = decodeURIComponent(accountPrefix.slice(root.length, -1));
    if (accounts !== undefined && accounts.length > 0 && !accounts.includes(account)) continue;
    for await (const regionPrefix of source.listPrefixes(accountPrefix)) {
      for (const day of days) {
        onDay(day);
        for await (const key of source.listKeys(`${regionPrefix}${day.replaceAll('-', '/')}/`)) {
          if (key.endsWith('.json')) yield key;
        }
      }
    }
  }
}

/** An object the export could not use; `line` holds its bytes when they fit on one line of a .jsonl file. */
type ReadProblem = {
  readonly kind: 'problem';
  readonly key: string;
  readonly problem: string;
  readonly line?: string;
};

/** What a read object turned out to be. */
type ReadOutcome =
  | { readonly kind: 'finding'; readonly key: string; readonly line: string; readonly finding: Finding }
  | ReadProblem;

/** What a read remediation record turned out to be; `line` is what goes into remediations.jsonl. */
type RecordOutcome =
  | {
      readonly kind: 'record';
      readonly key: string;
      readonly line: string;
      readonly record: RemediationRecord;
    }
  | ReadProblem;

/** The stored bytes as one .jsonl line (without the final newline), or the problem with them. */
function storedLine(
  key: string,
  bytes: Uint8Array | undefined,
): { readonly line: string; readonly text: string } | ReadProblem {
  if (bytes === undefined) return { kind: 'problem', key, problem: 'listed but could not be read' };
  const text = Buffer.from(bytes).toString('utf8');
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const line = body.includes('\n') || body.includes('\r') ? undefined : body;
  if (!text.endsWith('\n') || line === undefined) {
    return {
      kind: 'problem',
      key,
      problem: 'not a single line of canonical JSON ending with a newline',
      ...(line === undefined ? {} : { line }),
    };
  }
  return { line, text };
}

function classify(key: string, bytes: Uint8Array | undefined): ReadOutcome {
  const stored = storedLine(key, bytes);
  if ('kind' in stored) return stored;
  const { line, text } = stored;
  let finding: Finding;
  try {
    finding = parseFinding(text);
  } catch (error) {
    if (!(error instanceof EvidenceIntegrityError)) throw error;
    return { kind: 'problem', key, problem: error.message, line };
  }
  return { kind: 'finding', key, line, finding };
}

function classifyRecord(key: string, bytes: Uint8Array | undefined): RecordOutcome {
  const stored = storedLine(key, bytes);
  if ('kind' in stored) return stored;
  const { line } = stored;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'problem', key, problem: 'not JSON', line };
  }
  const parsed = RemediationRecordSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'problem', key, problem: 'not a remediation record', line };
  if (!verifyRecord(parsed.data))
    return { kind: 'problem', key, problem: 'hash does not match the record', line };
  const expectedKey = remediationKey(parsed.data);
  if (expectedKey !== key) {
    return {
      kind: 'problem',
      key,
      problem: `stored under a key its content does not give (${expectedKey})`,
      line,
    };
  }
  return { kind: 'record', key, line, record: parsed.data };
}

/** Per account and region, the evaluation hours the exported findings span (to pick their digests). */
class DigestRanges {
  readonly #ranges = new Map<string, { first: number; last: number }>();

  add(accountId: string, region: string, writtenAt: string): void {
    const chain = digestChainPrefix(accountId, region);
    const hour = Math.floor(Date.parse(writtenAt) / HOUR_MS) * HOUR_MS;
    const range = this.#ranges.get(chain);
    if (range === undefined) this.#ranges.set(chain, { first: hour, last: hour });
    else {
      range.first = Math.min(range.first, hour);
      range.last = Math.max(range.last, hour);
    }
  }

  /** Chain prefixes with the first and last hour whose digests the bundle relies on. */
  *entries(): Iterable<[string, { first: number; last: number }]> {
    yield* this.#ranges;
  }
}

async function assertEmptyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new ExportError(`${dir} is not empty; export into a new or empty directory`, { context: { dir } });
  }
}

/**
 * Exports the findings captured in a period into a bundle directory: findings.jsonl (the stored bytes),
 * findings.csv, ocsf.jsonl, the digests they rely on, summary.json/.csv, report.html and manifest.json.
 * Objects are listed page by page and read `concurrency` at a time; files are written as findings arrive
 * and the summary keeps only per resource-and-rule state, so memory does not grow with the number of findings.
 */
export async function exportBundle(options: ExportOptions): Promise<ExportResult> {
  const { source, period, outDir } = options;
  const now = options.now ?? (() => new Date());
  const progress = options.onProgress ?? (() => undefined);
  // A named key that cannot be read fails the export before anything is read or written.
  let signing =
    options.signer.kind === 'key'
      ? await resolveSigner(options.signer.signer, options.publicKeyPem)
      : undefined;
  await assertEmptyDir(outDir);
  const generator = options.generator ?? VIGIL_GENERATOR;
  const { version } = generator;

  const jsonl = await BundleFileWriter.create(join(outDir, BUNDLE_FILES.findings), BUNDLE_FILES.findings);
  const csv = await BundleFileWriter.create(join(outDir, BUNDLE_FILES.findingsCsv), BUNDLE_FILES.findingsCsv);
  const ocsf = await BundleFileWriter.create(join(outDir, BUNDLE_FILES.ocsf), BUNDLE_FILES.ocsf);
  await csv.write(csvRow(FINDINGS_CSV_HEADER));

  const summary = new SummaryAggregator(period, options.criterionTitles ?? SOC2_TITLES);
  const ranges = new DigestRanges();
  const accounts = new Set<string>();
  const regions = new Set<string>();
  const rules = new Set<string>();
  const problems: { key: string; problem: string }[] = [];
  let problemCount = 0;
  let findings = 0;
  let outside = 0;
  let read = 0;
  let day: string | undefined;
  const report = (phase: ExportProgress['phase']): void =>
    progress({ phase, findings, read, ...(day === undefined ? {} : { day }) });
  const addProblem = (key: string, problem: string): void => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ key, problem });
  };

  const lookbackDays = Math.max(0, Math.floor(options.lookbackDays ?? 0));
  try {
    if (lookbackDays > 0) {
      const before = { from: new Date(period.from.getTime() - lookbackDays * DAY_MS), to: period.from };
      const prior = mapOrdered(
        findingKeys(source, before, options.accounts, () => undefined),
        options.concurrency ?? 16,
        async (key) => classify(key, await source.read(key)),
      );
      for await (const outcome of prior) {
        // Unreadable objects before the period are not part of this bundle; only sound findings set state.
        if (
          outcome.kind === 'finding' &&
          Date.parse(outcome.finding.configurationItem.captureTime) < period.from.getTime()
        ) {
          summary.addPrior(outcome.finding);
        }
      }
    }

    const keys = findingKeys(source, period, options.accounts, (current) => {
      day = current;
    });
    const outcomes = mapOrdered(keys, options.concurrency ?? 16, async (key) =>
      classify(key, await source.read(key)),
    );
    for await (const outcome of outcomes) {
      read++;
      if (outcome.kind === 'problem') {
        addProblem(outcome.key, outcome.problem);
        // The bytes still go into findings.jsonl when they fit on a line, so a verifier sees what is stored.
        if (outcome.line !== undefined) {
          await jsonl.write(`${outcome.line}\n`);
          findings++;
        }
      } else {
        const { finding, key, line } = outcome;
        if (!inPeriod(period, Date.parse(finding.configurationItem.captureTime))) {
          outside++;
          continue;
        }
        const expectedKey = findingKey({
          ...finding.resource,
          ruleId: finding.ruleId,
          captureTime: finding.configurationItem.captureTime,
          compliance: finding.compliance,
          annotation: finding.annotation,
        });
        if (expectedKey !== key)
          addProblem(key, `stored under a key its content does not give (${expectedKey})`);
        await jsonl.write(`${line}\n`);
        await csv.write(findingCsvRow(finding, key));
        await ocsf.write(`${JSON.stringify(toOcsf(finding, key, version))}\n`);
        summary.add(finding);
        ranges.add(finding.resource.accountId, finding.resource.region, finding.evaluatedAt);
        accounts.add(finding.resource.accountId);
        regions.add(finding.resource.region);
        rules.add(finding.ruleId);
        findings++;
      }
      if (read % PROGRESS_EVERY === 0) report('findings');
    }
  } catch (error) {
    await Promise.allSettled([jsonl.discard(), csv.discard(), ocsf.discard()]);
    throw error;
  }
  const files: WrittenFile[] = [await jsonl.close(), await csv.close(), await ocsf.close()];

  // Remediation records started in the period: the digests list them too, and they show what was fixed.
  const records = await BundleFileWriter.create(
    join(outDir, BUNDLE_FILES.remediations),
    BUNDLE_FILES.remediations,
  );
  let remediationRecords = 0;
  try {
    const keys = findingKeys(source, period, options.accounts, () => undefined, REMEDIATIONS_PREFIX);
    const outcomes = mapOrdered(keys, options.concurrency ?? 16, async (key) =>
      classifyRecord(key, await source.read(key)),
    );
    for await (const outcome of outcomes) {
      if (outcome.kind === 'problem') addProblem(outcome.key, outcome.problem);
      else if (!inPeriod(period, Date.parse(outcome.record.startedAt))) continue;
      else {
        const { resource, finishedAt } = outcome.record;
        ranges.add(resource.accountId, resource.region, finishedAt);
        accounts.add(resource.accountId);
        regions.add(resource.region);
      }
      if (outcome.line !== undefined) {
        await records.write(`${outcome.line}\n`);
        remediationRecords++;
      }
    }
  } catch (error) {
    await records.discard();
    throw error;
  }
  files.push(await records.close());
  report('digests');

  const digests: z.infer<typeof ManifestDigestSchema>[] = [];
  const signingKeys: string[] = [];
  const digestFingerprints = new Set<string>();
  for (const [chain, range] of ranges.entries()) {
    // The digest of the hour after the last finding too: a write late in an hour can be sealed in the next.
    const last = range.last + HOUR_MS;
    const chainDays = periodDays({ from: new Date(range.first), to: new Date(last + 1) });
    for (const chainDay of chainDays) {
      for await (const key of source.listKeys(`${chain}${chainDay.replaceAll('-', '/')}/`)) {
        const hour = parseDigestKey(key)?.periodStart.getTime();
        if (hour === undefined || hour < range.first || hour > last) continue;
        const bytes = await source.read(key);
        if (bytes === undefined) {
          addProblem(key, 'digest listed but could not be read');
          continue;
        }
        try {
          const { keyId, publicKeyFingerprint: fingerprint } = parseDigest(
            Buffer.from(bytes).toString('utf8'),
          ).signing;
          if (!signingKeys.includes(keyId)) signingKeys.push(keyId);
          digestFingerprints.add(fingerprint);
        } catch (error) {
          if (!(error instanceof EvidenceIntegrityError)) throw error;
          addProblem(key, `digest: ${error.message}`);
        }
        // Copied as stored, readable or not: the verifier reports what is wrong with it.
        const file = join(outDir, ...key.split('/'));
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, bytes);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        digests.push({ key, path: key, sha256 });
        files.push({ path: key, bytes: bytes.length, sha256 });
      }
    }
  }
  const warnings: string[] = [];
  if (options.signer.kind === 'digest-key') {
    const keyId = signingKeys[signingKeys.length - 1];
    if (keyId === undefined) {
      throw new ExportError(
        'no bundled digest names a key to sign the manifest with: name the signing key, or export unsigned',
      );
    }
    signing = await resolveSigner(options.signer.signerFor(keyId), options.publicKeyPem);
  }
  const otherKeys = [...digestFingerprints].filter(
    (fingerprint) => fingerprint !== signing?.info.publicKeyFingerprint,
  );
  if (signing !== undefined && otherKeys.length > 0) {
    warnings.push(
      `bundled digests are signed by key sha256:${otherKeys.join(', sha256:')}, not the manifest's signing key sha256:${signing.info.publicKeyFingerprint}: vigil verify reports them with that key pinned`,
    );
  }
  const publicKeyPem =
    signing?.publicKeyPem ??
    options.publicKeyPem ??
    (await resolveKey(options.resolvePublicKey, signingKeys, (warning) => warnings.push(warning)));

  report('report');
  const result: ComplianceSummary = {
    ...summary.finish(),
    ...(signing === undefined ? {} : { signing: signing.info }),
  };
  const generatedAt = now().toISOString();
  const summaryJson = `${JSON.stringify(result, null, 2)}\n`;
  files.push(await writeWhole(outDir, BUNDLE_FILES.summary, summaryJson));
  files.push(await writeWhole(outDir, BUNDLE_FILES.summaryCsv, renderSummaryCsv(result)));
  const meta = {
    generator,
    generatedAt,
    source: source.location,
    accounts: [...accounts].sort(),
    regions: [...regions].sort(),
  };
  files.push(await writeWhole(outDir, BUNDLE_FILES.report, renderReportHtml(result, meta)));

  const unsigned: BundleManifest = {
    format: 'vigil-evidence-bundle',
    formatVersion: BUNDLE_FORMAT_VERSION,
    generator: { name: generator.name, version: generator.version },
    generatedAt,
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    lookbackDays,
    source: source.location,
    accounts: meta.accounts,
    regions: meta.regions,
    rules: [...rules].sort(),
    counts: {
      findings,
      remediationRecords,
      outsidePeriod: outside,
      digests: digests.length,
      problems: problemCount,
    },
    files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    digests,
    ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
    ...(signing === undefined ? {} : { signing: signing.info }),
    problems,
  };
  const manifest = signing === undefined ? unsigned : await signManifest(unsigned, signing.signer);
  await writeFile(join(outDir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  report('done');
  return { outDir, manifest, summary: result, warnings };
}

/** A manifest signer with the key it names, read once. */
interface ResolvedSigner {
  readonly signer: DigestSigner;
  readonly info: BundleSigning;
  readonly publicKeyPem: string;
}

/**
 * Reads the signer's key id and public key.
 * @throws ExportError when the key cannot be read, or is not the key `givenPem` holds.
 */
async function resolveSigner(signer: DigestSigner, givenPem: string | undefined): Promise<ResolvedSigner> {
  let keyId: string;
  let publicKey: KeyObject;
  try {
    [keyId, publicKey] = await Promise.all([signer.keyId(), signer.publicKey()]);
  } catch (error) {
    throw new ExportError(`cannot read the manifest signing key: ${describeError(error)}`, { cause: error });
  }
  const fingerprint = publicKeyFingerprint(publicKey);
  if (givenPem !== undefined) {
    const given = publicKeyFingerprint(readPublicKey(givenPem));
    if (given !== fingerprint) {
      throw new ExportError(
        `the public key given (sha256:${given}) is not the signing key ${keyId} (sha256:${fingerprint})`,
      );
    }
  }
  return {
    signer,
    info: { keyId, algorithm: DIGEST_SIGNING_ALGORITHM, publicKeyFingerprint: fingerprint },
    publicKeyPem: pemOf(publicKey),
  };
}

/** The PEM of the newest digests' signing key (digests are read oldest first), or none. */
async function resolveKey(
  resolve: ((keyId: string) => Promise<string>) | undefined,
  keyIds: readonly string[],
  warn: (warning: string) => void,
): Promise<string | undefined> {
  const keyId = keyIds[keyIds.length - 1];
  if (resolve === undefined || keyId === undefined) return undefined;
  try {
    return await resolve(keyId);
  } catch (error) {
    warn(
      `no public key in the manifest: cannot read the key of ${keyId}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

async function writeWhole(outDir: string, path: string, text: string): Promise<WrittenFile> {
  const writer = await BundleFileWriter.create(join(outDir, path), path);
  await writer.write(text);
  return writer.close();
}
