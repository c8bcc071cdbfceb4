import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import { parseDigestKey } from '#shared/evidence/digest';
import { FINDINGS_PREFIX, parseBatch, REMEDIATIONS_PREFIX } from '#shared/evidence/finding';
import { DEFAULT_FRAMEWORK_ID, type FrameworkId } from '#shared/frameworks/framework';
import {
  type RemediationRecord,
  RemediationRecordSchema,
  remediationKey,
  verifyRecord,
} from '#shared/remediations/record';
import { SOC2_TITLES } from '#shared/rules/soc2-titles';
import { AcceptedRiskAggregator, copyRegister } from './accepted-risks';
import { BundleFileWriter, type WrittenFile } from './bundle-file';
import { renderControlsCsv } from './controls-csv';
import { csvRow } from './csv';
import { digestChains, digestKeysIn, listedVersions, readDigestEntry } from './digest-walk';
import { ExportError } from './errors';
import type { EvidenceSource } from './evidence-source';
import { FINDINGS_CSV_HEADER, findingCsvRow } from './findings-csv';
import { exportedFrameworks, frameworkSummaries } from './framework-summary';
import { VIGIL_GENERATOR } from './generator';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
  type BundleScope,
  type ManifestChainSchema,
  type ManifestDigestSchema,
  type ManifestObjectSchema,
} from './manifest';
import {
  type ExportSigner,
  otherKeysWarning,
  resolveDigestKeySigner,
  resolveSigner,
  signManifest,
} from './manifest-signer';
import { toOcsf } from './ocsf';
import { mapOrdered } from './ordered-map';
import type { Period } from './period';
import { renderReportHtml } from './report';
import { type ComplianceSummary, SummaryAggregator } from './summary';
import { renderSummaryCsv } from './summary-csv';

export { FINDINGS_CSV_HEADER } from './findings-csv';

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

/** Settings of one export. */
export interface ExportOptions {
  readonly source: EvidenceSource;
  readonly period: Period;
  /** Local directory the bundle is written to; created when missing, refused when not empty. */
  readonly outDir: string;
  /** Only these accounts (all when absent or empty). */
  readonly accounts?: readonly string[];
  /** Only these regions of the evidence (all when absent or empty). */
  readonly regions?: readonly string[];
  /**
   * Days before the period whose findings are read (not exported) to know the state it starts from:
   * failures already open, so their time to remediate counts from their real start (default 0).
   */
  readonly lookbackDays?: number;
  /** Objects read at once (default 16). */
  readonly concurrency?: number;
  /** Name and version written into the manifest (default: this Vigil). */
  readonly generator?: { readonly name: string; readonly version: string };
  /**
   * Frameworks whose controls summary.json and report.html show, mapped from the findings' rules with the
   * packs at export time; recorded in manifest.json (default: SOC 2).
   */
  readonly frameworks?: readonly FrameworkId[];
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

/** What an export asked for: every value of a dimension unless some were given. */
export function exportScope(options: Pick<ExportOptions, 'accounts' | 'regions'>): BundleScope {
  const values = (given: readonly string[] | undefined): BundleScope['accounts'] =>
    given === undefined || given.length === 0 ? 'all' : [...new Set(given)].sort();
  return { accounts: values(options.accounts), regions: values(options.regions) };
}

/** An object the export could not use; `line` holds its bytes when they fit on one line of a .jsonl file. */
type ReadProblem = {
  readonly kind: 'problem';
  readonly key: string;
  readonly problem: string;
  readonly line?: string;
};

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

async function assertEmptyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new ExportError(`${dir} is not empty; export into a new or empty directory`, { context: { dir } });
  }
}

/**
 * Exports the findings captured in a period into a bundle directory: findings.jsonl (the stored bytes),
 * findings.csv, ocsf.jsonl, the digests they rely on, summary.json/.csv, controls.csv, report.html and
 * manifest.json.
 * Objects are listed page by page and read `concurrency` at a time; files are written as findings arrive
 * and the summary keeps only per resource-and-rule state, so memory does not grow with the number of findings.
 */
export async function exportBundle(options: ExportOptions): Promise<ExportResult> {
  const { source, outDir } = options;
  // Evidence is sealed by the hour: a bundle holds whole hours, the one `from` falls in to the one before `to`.
  const period = {
    from: new Date(Math.floor(options.period.from.getTime() / HOUR_MS) * HOUR_MS),
    to: new Date(Math.ceil(options.period.to.getTime() / HOUR_MS) * HOUR_MS),
  };
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
  const attested = await BundleFileWriter.create(
    join(outDir, BUNDLE_FILES.attestations),
    BUNDLE_FILES.attestations,
  );
  const csv = await BundleFileWriter.create(join(outDir, BUNDLE_FILES.findingsCsv), BUNDLE_FILES.findingsCsv);
  const ocsf = await BundleFileWriter.create(join(outDir, BUNDLE_FILES.ocsf), BUNDLE_FILES.ocsf);
  const records = await BundleFileWriter.create(
    join(outDir, BUNDLE_FILES.remediations),
    BUNDLE_FILES.remediations,
  );
  const writers = [jsonl, attested, csv, ocsf, records];
  await csv.write(csvRow(FINDINGS_CSV_HEADER));

  const summary = new SummaryAggregator(period, options.criterionTitles ?? SOC2_TITLES);
  const accounts = new Set<string>();
  const regions = new Set<string>();
  const rules = new Set<string>();
  const problems: { key: string; problem: string }[] = [];
  const files: WrittenFile[] = [];
  const digests: z.infer<typeof ManifestDigestSchema>[] = [];
  const objects: z.infer<typeof ManifestObjectSchema>[] = [];
  const chains: z.infer<typeof ManifestChainSchema>[] = [];
  const signingKeys: string[] = [];
  const digestFingerprints = new Set<string>();
  let problemCount = 0;
  let findings = 0;
  let attestations = 0;
  let remediationRecords = 0;
  let read = 0;
  let day: string | undefined;
  const report = (phase: ExportProgress['phase']): void =>
    progress({ phase, findings, read, ...(day === undefined ? {} : { day }) });
  const addProblem = (key: string, problem: string): void => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ key, problem });
  };
  const copy = async (path: string, bytes: Uint8Array): Promise<string> => {
    const file = join(outDir, ...path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    files.push({ path, bytes: bytes.length, sha256 });
    return sha256;
  };

  const lookbackDays = Math.max(0, Math.floor(options.lookbackDays ?? 0));
  const scope = exportScope(options);
  const seenFindings = new Set<string>();
  const seenAttestations = new Set<string>();
  const copiedKeys = new Set<string>();
  // The register chain first: findings' claims of acceptances are checked against it as they are read.
  const accepted = new AcceptedRiskAggregator(await copyRegister(source, copy));
  try {
    for await (const chain of digestChains(source, scope)) {
      if (lookbackDays > 0) {
        // Findings before the period are read, not exported: they set the state the period starts from.
        const before = { from: new Date(period.from.getTime() - lookbackDays * DAY_MS), to: period.from };
        for await (const key of digestKeysIn(source, chain, before)) {
          const entry = await readDigestEntry(source, key);
          for (const version of listedVersions(entry?.digest)) {
            if (!version.key.startsWith(FINDINGS_PREFIX)) continue;
            const bytes = await source.readVersion(version.key, version.versionId);
            if (bytes === undefined) continue;
            for (const line of parseBatch(bytes).lines) {
              if ('record' in line && line.record.kind === 'finding') summary.addPrior(line.record);
            }
          }
        }
      }

      let first: number | undefined;
      let last: number | undefined;
      for await (const key of digestKeysIn(source, chain, period)) {
        day = key.slice(chain.prefix.length, chain.prefix.length + 10).replaceAll('/', '-');
        const entry = await readDigestEntry(source, key);
        if (entry === undefined) {
          addProblem(key, 'digest listed but could not be read');
          continue;
        }
        // Copied as stored, readable or not: the verifier reports what is wrong with it.
        digests.push({ key, path: key, sha256: await copy(key, entry.bytes) });
        const hour = parseDigestKey(key)?.periodStart.getTime() ?? 0;
        first = Math.min(first ?? hour, hour);
        last = Math.max(last ?? hour, hour);
        if (entry.problem !== undefined) addProblem(key, entry.problem);
        if (entry.digest !== undefined) {
          const { keyId, publicKeyFingerprint: fingerprint } = entry.digest.signing;
          if (!signingKeys.includes(keyId)) signingKeys.push(keyId);
          digestFingerprints.add(fingerprint);
        }
        const versions = listedVersions(entry.digest);
        const contents = await mapOrdered(
          (async function* () {
            yield* versions;
          })(),
          options.concurrency ?? 16,
          async (listed) => ({ listed, bytes: await source.readVersion(listed.key, listed.versionId) }),
        );
        for await (const { listed, bytes } of contents) {
          read++;
          if (bytes === undefined) {
            addProblem(listed.key, `listed in ${key} (version ${listed.versionId}) but could not be read`);
            continue;
          }
          // A key with a second version (an overwrite) keeps both, the later ones beside the first.
          const path = copiedKeys.has(listed.key) ? `${listed.key}.version-${listed.versionId}` : listed.key;
          copiedKeys.add(listed.key);
          objects.push({
            key: listed.key,
            versionId: listed.versionId,
            path,
            sha256: await copy(path, bytes),
          });
          if (listed.key.startsWith(REMEDIATIONS_PREFIX)) {
            const outcome = classifyRecord(listed.key, bytes);
            if (outcome.kind === 'problem') addProblem(outcome.key, outcome.problem);
            if (outcome.line !== undefined) {
              await records.write(`${outcome.line}\n`);
              remediationRecords++;
            }
            continue;
          }
          const batch = parseBatch(bytes);
          if (batch.problem !== undefined) addProblem(listed.key, batch.problem);
          for (const line of batch.lines) {
            if (!('record' in line)) {
              addProblem(`${path}:${line.line}`, line.problem);
              continue;
            }
            const record = line.record;
            if (record.kind === 'attestation') {
              if (seenAttestations.has(record.hash)) continue;
              seenAttestations.add(record.hash);
              await attested.write(`${line.text}\n`);
              summary.addAttestation(record);
              attestations++;
              continue;
            }
            // The same finding stored twice (a recovered batch) is one finding.
            if (seenFindings.has(record.hash)) continue;
            seenFindings.add(record.hash);
            await jsonl.write(`${line.text}\n`);
            await csv.write(findingCsvRow(record, path));
            await ocsf.write(`${JSON.stringify(toOcsf(record, path, version))}\n`);
            summary.add(record);
            accepted.add(record, `${path}:${line.line}`);
            accounts.add(record.resource.accountId);
            regions.add(record.resource.region);
            rules.add(record.ruleId);
            findings++;
          }
          if (read % PROGRESS_EVERY === 0) report('findings');
        }
      }
      if (first !== undefined && last !== undefined) {
        accounts.add(chain.accountId);
        regions.add(chain.region);
        summary.addCoveredChain(chain.accountId, chain.region);
        chains.push({
          accountId: chain.accountId,
          region: chain.region,
          from: new Date(first).toISOString(),
          to: new Date(last + HOUR_MS).toISOString(),
        });
      }
    }
  } catch (error) {
    await Promise.allSettled(writers.map((writer) => writer.discard()));
    throw error;
  }
  for (const writer of writers) files.push(await writer.close());
  report('digests');
  const warnings: string[] = [];
  signing ??= await resolveDigestKeySigner(options.signer, signingKeys, options.publicKeyPem);
  const otherKeys = otherKeysWarning(signing, digestFingerprints);
  if (otherKeys !== undefined) warnings.push(otherKeys);
  const publicKeyPem =
    signing?.publicKeyPem ??
    options.publicKeyPem ??
    (await resolveKey(options.resolvePublicKey, signingKeys, (warning) => warnings.push(warning)));

  report('report');
  const acceptedRisks = accepted.finish();
  for (const problem of acceptedRisks.problems) addProblem(ACCEPTANCES_PREFIX, problem);
  const finished = summary.finish();
  const frameworkIds = options.frameworks?.length ? [...new Set(options.frameworks)] : [DEFAULT_FRAMEWORK_ID];
  const result: ComplianceSummary = {
    ...finished,
    acceptedRisks,
    frameworks: frameworkSummaries({ criteria: finished.criteria, acceptedRisks }, frameworkIds),
    coverage: { scope, chains },
    ...(signing === undefined ? {} : { signing: signing.info }),
  };
  const generatedAt = now().toISOString();
  const summaryJson = `${JSON.stringify(result, null, 2)}\n`;
  files.push(await writeWhole(outDir, BUNDLE_FILES.summary, summaryJson));
  files.push(await writeWhole(outDir, BUNDLE_FILES.summaryCsv, renderSummaryCsv(result)));
  files.push(
    await writeWhole(
      outDir,
      BUNDLE_FILES.controlsCsv,
      renderControlsCsv(result.frameworks ?? [], result.signing?.publicKeyFingerprint),
    ),
  );
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
    frameworks: exportedFrameworks(frameworkIds),
    rules: [...rules].sort(),
    chains,
    scope,
    counts: {
      findings,
      attestations,
      objects: objects.length,
      remediationRecords,
      digests: digests.length,
      problems: problemCount,
    },
    files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    digests,
    objects,
    ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
    ...(signing === undefined ? {} : { signing: signing.info }),
    problems,
  };
  const manifest = signing === undefined ? unsigned : await signManifest(unsigned, signing.signer);
  await writeFile(join(outDir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  report('done');
  return { outDir, manifest, summary: result, warnings };
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
