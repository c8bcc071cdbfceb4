import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { BUNDLE_FILES, type BundleManifest, BundleManifestSchema } from '#shared/export/manifest';
import { RemediationRecordSchema, remediationKey } from '#shared/remediations/record';
import { DIGESTS_PREFIX, publicKeyFingerprint, readPublicKey, sha256OfBytes } from './digest';
import { FindingSchema, findingKey, REMEDIATIONS_PREFIX } from './finding';
import {
  groupDigestKeysByChain,
  type PublicKeyResolver,
  type VerificationReport,
  VerificationState,
  walkDigestChain,
} from './verify-evidence';

/** How to verify an exported bundle. */
export interface VerifyBundleOptions {
  /** The bundle's root directory. */
  readonly dir: string;
  /**
   * Trusted public keys (e.g. `--public-key FILE`); by default the keys the manifest carries, which prove
   * the bundle is consistent but not who made it.
   */
  readonly publicKeys?: PublicKeyResolver;
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
const FINDINGS_FILE = BUNDLE_FILES.findings;
const REMEDIATIONS_FILE = BUNDLE_FILES.remediations;

/** The public key the manifest carries, matched to digests by its SPKI fingerprint. */
function manifestKeys(manifest: BundleManifest, state: VerificationState): PublicKeyResolver {
  let key: KeyObject | undefined;
  if (manifest.publicKeyPem !== undefined) {
    try {
      key = readPublicKey(manifest.publicKeyPem);
    } catch {
      state.add('malformed', MANIFEST_FILE, 'publicKeyPem is not a PEM public key');
    }
  }
  const fingerprint = key === undefined ? undefined : publicKeyFingerprint(key);
  return async (signing) => (signing.publicKeyFingerprint === fingerprint ? key : undefined);
}

/** `findings/<acct>/<region>/…/<yyyymmddThhmmss.sssZ>_<verdict>.json` → account, region and capture time. */
function findingKeyParts(
  key: string,
): { accountId: string; region: string; captureTime: number } | undefined {
  const segments = key.split('/');
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?Z_/.exec(segments.at(-1) ?? '');
  const [accountId, region] = [segments[1], segments[2]];
  if (match === null || accountId === undefined || region === undefined) return undefined;
  const [, yyyy, mm, dd, hh, mi, ss, fraction] = match;
  const captureTime = Date.parse(`${yyyy}-${mm}-${dd}T${hh}:${mi}:${ss}${fraction ?? ''}Z`);
  if (Number.isNaN(captureTime)) return undefined;
  return { accountId: decodeURIComponent(accountId), region: decodeURIComponent(region), captureTime };
}

/** Whether the export should have included a finding a bundled digest lists (captured in the period, same scope). */
function expectedInBundle(key: string, manifest: BundleManifest, carriesRecords: boolean): boolean {
  // Digests also list remediation records, which bundles from before remediations.jsonl do not carry.
  if (key.startsWith(REMEDIATIONS_PREFIX) && !carriesRecords) return false;
  const parts = findingKeyParts(key);
  if (parts === undefined) return true;
  const from = Date.parse(manifest.period.from);
  const to = Date.parse(manifest.period.to);
  if (parts.captureTime < from || parts.captureTime >= to) return false;
  if (manifest.accounts.length > 0 && !manifest.accounts.includes(parts.accountId)) return false;
  return manifest.regions.length === 0 || manifest.regions.includes(parts.region);
}

async function readManifest(dir: string, state: VerificationState): Promise<BundleManifest | undefined> {
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
  return parsed.data;
}

/**
 * Verifies an exported bundle offline: every manifest file has its SHA-256, the bundled digests form an
 * unbroken, correctly signed chain, every line of `findings.jsonl` is listed by a bundled digest with the
 * SHA-256 of its bytes, and every listed finding captured in the bundle's period is in it.
 * Object Lock cannot be checked from a bundle.
 */
export async function verifyBundle(options: VerifyBundleOptions): Promise<VerificationReport> {
  const { dir } = options;
  const state = new VerificationState();
  const manifest = await readManifest(dir, state);
  if (manifest === undefined) return state.report(0);

  for (const file of manifest.files) {
    const actual = await hashFile(join(dir, file.path));
    if (actual === undefined) state.add('missing', file.path, 'in the manifest but not in the bundle');
    else if (actual.sha256 !== file.sha256) {
      state.add('altered', file.path, `SHA-256 ${actual.sha256}, manifest lists ${file.sha256}`);
    }
  }

  const publicKeys = options.publicKeys ?? manifestKeys(manifest, state);
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
  for (const chainKeys of groupDigestKeysByChain(digestKeys).values()) {
    await walkDigestChain(chainKeys, load, publicKeys, state, { linkBeforeFirstRequired: false });
  }

  const seen = new Set<string>();
  if ((await hashFile(join(dir, FINDINGS_FILE))) === undefined) {
    if (state.listed.size > 0) state.add('missing', FINDINGS_FILE, 'bundle has no findings file');
  } else {
    await checkLines(dir, FINDING_LINES, seen, state);
  }
  const carriesRecords = manifest.files.some((file) => file.path === REMEDIATIONS_FILE);
  const records =
    carriesRecords && (await hashFile(join(dir, REMEDIATIONS_FILE))) !== undefined
      ? await checkLines(dir, RECORD_LINES, seen, state)
      : 0;
  for (const key of state.listed.keys()) {
    if (!seen.has(key) && expectedInBundle(key, manifest, carriesRecords)) {
      const file = key.startsWith(REMEDIATIONS_PREFIX) ? REMEDIATIONS_FILE : FINDINGS_FILE;
      state.add('missing', key, `captured in the period and listed in a bundled digest, but not in ${file}`);
    }
  }
  return state.report(seen.size - records, records);
}

function checkListed(key: string, line: string, where: string, state: VerificationState): void {
  const shas = state.listed.get(key);
  if (shas === undefined) {
    state.add('unlisted', key, `${where} is in no bundled digest`);
    return;
  }
  const actual = sha256OfBytes(`${line}\n`);
  if (!shas.has(actual)) {
    state.add('altered', key, `${where} has SHA-256 ${actual}, digest lists ${[...shas].join(', ')}`);
  }
}

/** A .jsonl file of a bundle and how the key of one of its lines follows from the line's content. */
interface LineKind {
  readonly file: string;
  /** What a line must be, for messages (`a finding`). */
  readonly what: string;
  /** The object key the parsed line was stored under, or undefined when the line is not `what`. */
  keyOf(raw: unknown): string | undefined;
}

const FINDING_LINES: LineKind = {
  file: FINDINGS_FILE,
  what: 'a finding',
  keyOf: (raw) => {
    const parsed = FindingSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const finding = parsed.data;
    return findingKey({
      ...finding.resource,
      ruleId: finding.ruleId,
      captureTime: finding.configurationItem.captureTime,
      compliance: finding.compliance,
      annotation: finding.annotation,
    });
  },
};

const RECORD_LINES: LineKind = {
  file: REMEDIATIONS_FILE,
  what: 'a remediation record',
  keyOf: (raw) => {
    const parsed = RemediationRecordSchema.safeParse(raw);
    return parsed.success ? remediationKey(parsed.data) : undefined;
  },
};

/** Checks every line of one .jsonl file against the digests; returns how many lines were of its kind. */
async function checkLines(
  dir: string,
  kind: LineKind,
  seen: Set<string>,
  state: VerificationState,
): Promise<number> {
  const input = createInterface({
    input: createReadStream(join(dir, kind.file)),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  let valid = 0;
  for await (const line of input) {
    number++;
    if (line === '') continue;
    const where = `${kind.file}:${number}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      state.add('malformed', where, 'line is not JSON');
      continue;
    }
    const key = kind.keyOf(raw);
    if (key === undefined) {
      state.add('malformed', where, `line is not ${kind.what}`);
      continue;
    }
    valid++;
    seen.add(key);
    checkListed(key, line, where, state);
  }
  return valid;
}
