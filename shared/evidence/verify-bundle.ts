import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { BUNDLE_FILES, type BundleManifest, BundleManifestSchema } from '#shared/export/manifest';
import {
  DIGESTS_PREFIX,
  type Digest,
  digestChainPrefix,
  digestKey,
  PERIOD_MS,
  parseDigestKey,
  sha256OfBytes,
} from './digest';
import { ChainChecker, parseBatch, REMEDIATIONS_PREFIX } from './finding';
import {
  groupDigestKeysByChain,
  type KeyPin,
  type VerificationReport,
  VerificationState,
  walkDigestChain,
} from './verify-evidence';
import { bundleKey, checkManifestSignature, onlyKey, reportContradictions } from './verify-manifest';

/** How to verify an exported bundle. */
export interface VerifyBundleOptions {
  /** The bundle's root directory. */
  readonly dir: string;
  /**
   * The key the auditor pinned. Without it every check runs with the key the manifest carries, which proves
   * the bundle consistent but not who made it: the report is unpinned.
   */
  readonly pin?: KeyPin;
  /**
   * The period the auditor asked for: every chain of the bundle must be covered from `from` (unless it starts
   * later) to `to`, and so must the signed period.
   */
  readonly from?: Date;
  readonly to?: Date;
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw error;
  }
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number } | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      hash.update(buffer);
    }
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw error;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else if (entry.isFile()) files.push(relative(root, path).split(sep).join('/'));
  }
  return files;
}

const MANIFEST_FILE = BUNDLE_FILES.manifest;
const REMEDIATIONS_FILE = BUNDLE_FILES.remediations;

async function readManifest(
  dir: string,
  state: VerificationState,
): Promise<{ manifest: BundleManifest; raw: Readonly<Record<string, unknown>> } | undefined> {
  const bytes = await readIfExists(join(dir, MANIFEST_FILE));
  if (bytes === undefined) {
    state.add('missing', MANIFEST_FILE, 'bundle has no manifest');
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    state.add('malformed', MANIFEST_FILE, 'manifest is not JSON');
    return undefined;
  }
  const parsed = BundleManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    state.add(
      'malformed',
      MANIFEST_FILE,
      `manifest: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
    return undefined;
  }
  return { manifest: parsed.data, raw: raw as Record<string, unknown> };
}

/** What the bundled evidence objects hold: each record line by hash, and the remediation records. */
interface ObjectContents {
  readonly findings: Map<string, string>;
  readonly attestations: Map<string, string>;
  readonly records: Map<string, string>;
}

/**
 * Verifies an exported bundle offline: the manifest is signed by the bundle key (the pinned one, else the one
 * it carries) and every manifest file has its SHA-256; the bundled digests form unbroken,
 * correctly signed chains with a digest for every hour of every chain the manifest names; every object version
 * a digest lists is in the bundle with that SHA-256 (and no key has two); every finding and attestation line
 * of those objects parses and keeps its resource–rule chain; and findings.jsonl, attestations.jsonl and
 * remediations.jsonl hold exactly the records of those objects, once each. Object Lock cannot be checked from
 * a bundle.
 */
export async function verifyBundle(options: VerifyBundleOptions): Promise<VerificationReport> {
  const { dir } = options;
  const state = new VerificationState();
  state.pinned = options.pin !== undefined;
  const read = await readManifest(dir, state);
  if (read === undefined) return state.report(0);
  const { manifest, raw } = read;
  const trusted = bundleKey(manifest, options.pin, state);
  const manifestTrusted = checkManifestSignature(raw, manifest, trusted, state.pinned, state);

  for (const file of manifest.files) {
    const actual = await hashFile(join(dir, file.path));
    if (actual === undefined) state.add('missing', file.path, 'in the manifest but not in the bundle');
    else if (actual.sha256 !== file.sha256) {
      state.add('altered', file.path, `SHA-256 ${actual.sha256}, manifest lists ${file.sha256}`);
    }
  }

  const listedFiles = new Set(manifest.files.map((file) => file.path));
  for (const path of Object.values(BUNDLE_FILES)) {
    if (path === MANIFEST_FILE || listedFiles.has(path)) continue;
    if ((await hashFile(join(dir, path))) !== undefined) {
      state.add('unlisted', path, 'in the bundle but not in the manifest');
    }
  }

  const publicKeys = onlyKey(trusted.key);
  for (const digest of manifest.digests) {
    if (digest.path !== digest.key)
      state.add('broken-link', digest.key, `bundled at ${digest.path}, not at its key`);
  }
  const digestKeys = [
    ...new Set([
      ...manifest.digests.map((digest) => digest.key),
      ...(await listFiles(dir, join(dir, DIGESTS_PREFIX))),
    ]),
  ].sort();
  if (digestKeys.length === 0) state.add('missing', DIGESTS_PREFIX, 'bundle holds no digests');
  const load = async (key: string): Promise<Uint8Array | undefined> => readIfExists(join(dir, key));
  const listed: { key: string; versionId: string; sha256?: string; digest: string }[] = [];
  const loaded = new Map<string, Digest>();
  for (const chainKeys of groupDigestKeysByChain(digestKeys).values()) {
    await walkDigestChain(chainKeys, load, publicKeys, state, {
      linkBeforeFirstRequired: false,
      onDigest: (digest) => {
        if (digest.digest === undefined) return;
        loaded.set(digest.key, digest.digest);
        for (const entry of digest.digest.objects) {
          listed.push({
            key: entry.key,
            versionId: entry.versionId,
            ...('sha256' in entry && entry.sha256 !== undefined ? { sha256: entry.sha256 } : {}),
            digest: digest.key,
          });
        }
      },
    });
  }
  checkCoverage(manifest, loaded, state);
  checkAskedPeriod(manifest, loaded, options, state);
  const contents = await checkObjects(dir, manifest, listed, state);

  const findings = await checkLines(dir, BUNDLE_FILES.findings, 'finding', contents.findings, state);
  const attestations = await checkLines(
    dir,
    BUNDLE_FILES.attestations,
    'attestation',
    contents.attestations,
    state,
  );
  const records = await checkLines(dir, REMEDIATIONS_FILE, 'remediation record', contents.records, state);
  if (!manifestTrusted) reportContradictions(manifest, digestKeys, state);
  return state.report(findings, records, attestations);
}

/** The start of every hour in `[from, to)`. */
function hoursOf(from: number, to: number): number[] {
  const hours: number[] = [];
  for (let hour = from; hour < to; hour += PERIOD_MS) hours.push(hour);
  return hours;
}

/**
 * Every chain the (signed) manifest names has a digest for every hour it claims, and starts where the period
 * starts unless its first digest starts the chain; and every bundled chain is one the manifest names.
 */
function checkCoverage(
  manifest: BundleManifest,
  loaded: ReadonlyMap<string, Digest>,
  state: VerificationState,
): void {
  const periodFrom = Date.parse(manifest.period.from);
  const named = new Set<string>();
  for (const chain of manifest.chains) {
    const prefix = digestChainPrefix(chain.accountId, chain.region);
    named.add(prefix);
    const from = Date.parse(chain.from);
    const to = Date.parse(chain.to);
    for (const hour of hoursOf(from, to)) {
      const key = digestKey(chain.accountId, chain.region, new Date(hour));
      if (!loaded.has(key)) {
        state.add('missing', key, `no digest for ${new Date(hour).toISOString()}, an hour the bundle covers`);
      }
    }
    const first = loaded.get(digestKey(chain.accountId, chain.region, new Date(from)));
    if (from > periodFrom && first !== undefined && first.previousDigestKey !== null) {
      state.add(
        'missing',
        prefix,
        `the chain's first bundled digest (${chain.from}) links to ${first.previousDigestKey}: the digests from ${manifest.period.from} are missing`,
      );
    }
  }
  for (const key of loaded.keys()) {
    const parsed = parseDigestKey(key);
    if (parsed !== undefined && !named.has(parsed.chainPrefix)) {
      state.add('unlisted', key, 'digest of a chain the manifest does not name');
    }
  }
}

/** The bundle covers the period the auditor asked for: its signed period and every chain in it. */
function checkAskedPeriod(
  manifest: BundleManifest,
  loaded: ReadonlyMap<string, Digest>,
  asked: Pick<VerifyBundleOptions, 'from' | 'to'>,
  state: VerificationState,
): void {
  if (asked.from === undefined && asked.to === undefined) return;
  const from = asked.from?.getTime() ?? Date.parse(manifest.period.from);
  const to = asked.to?.getTime() ?? Date.parse(manifest.period.to);
  const period = `[${new Date(from).toISOString()}, ${new Date(to).toISOString()})`;
  if (Date.parse(manifest.period.from) > from || Date.parse(manifest.period.to) < to) {
    state.add(
      'missing',
      MANIFEST_FILE,
      `the bundle's period [${manifest.period.from}, ${manifest.period.to}) does not cover the period asked for, ${period}`,
    );
  }
  for (const chain of manifest.chains) {
    const name = digestChainPrefix(chain.accountId, chain.region);
    const first = loaded.get(digestKey(chain.accountId, chain.region, new Date(chain.from)));
    const startsLater = first !== undefined && first.previousDigestKey === null;
    if (Date.parse(chain.from) > from && !startsLater) {
      state.add(
        'missing',
        name,
        `digests from ${chain.from} only; asked from ${new Date(from).toISOString()}`,
      );
    }
    if (Date.parse(chain.to) < to) {
      state.add('missing', name, `digests until ${chain.to} only; asked until ${new Date(to).toISOString()}`);
    }
  }
}

/**
 * Every object version the digests list is bundled with its SHA-256; parses the batch objects' lines into a
 * chain checker; returns the records they hold.
 */
async function checkObjects(
  dir: string,
  manifest: BundleManifest,
  listed: readonly { key: string; versionId: string; sha256?: string; digest: string }[],
  state: VerificationState,
): Promise<ObjectContents> {
  const contents: ObjectContents = { findings: new Map(), attestations: new Map(), records: new Map() };
  const paths = new Map(
    manifest.objects.map((object) => [`${object.key}\n${object.versionId}`, object.path]),
  );
  const versions = new Map<string, number>();
  const chains = new ChainChecker();
  for (const entry of listed) {
    versions.set(entry.key, (versions.get(entry.key) ?? 0) + 1);
    if (entry.sha256 === undefined) {
      state.add('deleted', entry.key, `${entry.digest} lists a delete marker (version ${entry.versionId})`);
      continue;
    }
    const path = paths.get(`${entry.key}\n${entry.versionId}`) ?? entry.key;
    const bytes = await readIfExists(join(dir, ...path.split('/')));
    if (bytes === undefined) {
      state.add('missing', entry.key, `listed in ${entry.digest} but not in the bundle`);
      continue;
    }
    const actual = sha256OfBytes(bytes);
    if (actual !== entry.sha256) {
      state.add('altered', entry.key, `SHA-256 ${actual}, ${entry.digest} lists ${entry.sha256}`);
      continue;
    }
    if (entry.key.startsWith(REMEDIATIONS_PREFIX)) {
      const text = bytes.toString('utf8');
      contents.records.set(sha256OfBytes(text), text.endsWith('\n') ? text.slice(0, -1) : text);
      continue;
    }
    const batch = parseBatch(bytes);
    if (batch.problem !== undefined) state.add('malformed', entry.key, batch.problem);
    for (const line of batch.lines) {
      const where = `${entry.key}:${line.line}`;
      if (!('record' in line)) {
        state.add('malformed', where, line.problem);
        continue;
      }
      if (line.record.kind === 'finding') {
        chains.addFinding(line.record, where);
        contents.findings.set(line.record.hash, line.text);
      } else {
        chains.addAttestation(line.record, where);
        contents.attestations.set(line.record.hash, line.text);
      }
    }
  }
  for (const [key, count] of versions) {
    if (count > 1) state.add('overwritten', key, `the digests list ${count} versions of this key`);
  }
  for (const problem of chains.problems()) state.add('broken-chain', problem.where, problem.detail);
  return contents;
}

/**
 * Checks a .jsonl file of the bundle against the records of the bundled objects: each line must be one of
 * them, byte for byte, and appear once; each of them must have a line. Returns the lines read.
 */
async function checkLines(
  dir: string,
  file: string,
  what: string,
  expected: ReadonlyMap<string, string>,
  state: VerificationState,
): Promise<number> {
  const seen = new Map<string, number>();
  let number = 0;
  if ((await hashFile(join(dir, file))) !== undefined) {
    const input = createInterface({
      input: createReadStream(join(dir, file)),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of input) {
      number++;
      if (line === '') continue;
      const where = `${file}:${number}`;
      const id = file === REMEDIATIONS_FILE ? sha256OfBytes(`${line}\n`) : hashOfLine(line);
      const stored = id === undefined ? undefined : expected.get(id);
      if (id === undefined || stored === undefined) {
        state.add('unlisted', where, `${what} in no object a bundled digest lists`);
        continue;
      }
      if (stored !== line) {
        state.add('altered', where, `${what} differs from the one stored in the bundled objects`);
        continue;
      }
      const previous = seen.get(id);
      if (previous !== undefined) {
        state.add('duplicate', where, `the same ${what} as line ${previous}`);
        continue;
      }
      seen.set(id, number);
    }
  } else if (expected.size > 0) {
    state.add('missing', file, `bundle has no ${file}`);
  }
  for (const id of expected.keys()) {
    if (!seen.has(id))
      state.add(
        'missing',
        `${file}#${id.slice(0, 16)}`,
        `a ${what} of the bundled objects is not in ${file}`,
      );
  }
  return seen.size;
}

/** The `hash` field of a record line, without trusting the rest of it. */
function hashOfLine(line: string): string | undefined {
  try {
    const hash = (JSON.parse(line) as { hash?: unknown }).hash;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
}
