import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import { checkFindingAcceptance, checkRegisterChain } from '#shared/acceptances/verify-register';
import { BUNDLE_FILES, type BundleManifest, BundleManifestSchema } from '#shared/export/manifest';
import { DIGESTS_PREFIX, type Digest, digestChainPrefix, sha256OfBytes } from './digest';
import { ChainChecker, parseBatch, parseRecordLine, REMEDIATIONS_PREFIX } from './finding';
import { chainLabel, checkAskedPeriod, checkAskedScope, checkCoverage } from './verify-bundle-coverage';
import {
  chainOfKey,
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
  /**
   * The accounts and regions the auditor asked for: the signed scope must cover them, and the bundle must hold
   * a chain of each (of each account in each region when both are given).
   */
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
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

  state.scope = manifest.scope;
  for (const chain of manifest.chains) state.chain(chain.accountId, chain.region);
  const vanished = await checkFiles(dir, manifest, state);

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
  // The digests of a chain removed from the bundle were reported once, by checkFiles.
  const inVanished = (key: string): boolean => {
    const chain = chainOfKey(key);
    return chain !== undefined && vanished.has(chainLabel(chain));
  };
  const digestKeys = [
    ...new Set([
      ...manifest.digests.map((digest) => digest.key).filter((key) => !inVanished(key)),
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
  checkCoverage(manifest, loaded, vanished, state);
  checkAskedPeriod(manifest, loaded, options, state);
  checkAskedScope(manifest, options, state);
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
  await checkBundledRegister(dir, manifest, contents.findings, state);
  if (!manifestTrusted) reportContradictions(manifest, digestKeys, state);
  return state.report(findings, records, attestations);
}

/**
 * Checks the register chain the bundle holds under `acceptances/` (its files are in the signed manifest, so
 * checkFiles already caught a removed or altered one) and every bundled finding's claim of an acceptance
 * against it.
 */
async function checkBundledRegister(
  dir: string,
  manifest: BundleManifest,
  findings: ReadonlyMap<string, string>,
  state: VerificationState,
): Promise<void> {
  const objects: { key: string; bytes: Uint8Array }[] = [];
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const key of await listFiles(dir, join(dir, ACCEPTANCES_PREFIX))) {
    // A change slipped into the bundle after it was signed is no part of the register.
    if (!listed.has(key)) {
      state.add('unlisted', key, 'register change in the bundle but not in the manifest');
      continue;
    }
    const bytes = await readIfExists(join(dir, key));
    if (bytes !== undefined) objects.push({ key, bytes });
  }
  const register = checkRegisterChain(objects);
  for (const problem of register.problems) state.add(problem.kind, problem.where, problem.detail);
  for (const line of findings.values()) {
    let finding: ReturnType<typeof parseRecordLine>;
    try {
      finding = parseRecordLine(line);
    } catch {
      continue; // reported by checkObjects
    }
    if (finding.kind !== 'finding') continue;
    const problem = checkFindingAcceptance(
      finding,
      register,
      `${BUNDLE_FILES.findings}#${finding.hash.slice(0, 16)}`,
    );
    if (problem !== undefined) state.add(problem.kind, problem.where, problem.detail);
  }
}

/**
 * Every file the manifest lists exists with its SHA-256. A chain the manifest names whose every listed file
 * is gone (its digests and evidence objects removed from the bundle) is reported once, by name, rather than
 * file by file and hour by hour; returns the names of those chains.
 */
async function checkFiles(
  dir: string,
  manifest: BundleManifest,
  state: VerificationState,
): Promise<Set<string>> {
  const byChain = new Map<string, { listed: number; missing: string[]; digests: number; objects: number }>();
  for (const file of manifest.files) {
    const actual = await hashFile(join(dir, file.path));
    const chain = chainOfKey(file.path);
    const group =
      chain === undefined
        ? undefined
        : (byChain.get(chainLabel(chain)) ?? { listed: 0, missing: [], digests: 0, objects: 0 });
    if (chain !== undefined && group !== undefined) {
      byChain.set(chainLabel(chain), group);
      group.listed++;
      if (file.path.startsWith(DIGESTS_PREFIX)) group.digests++;
      else group.objects++;
    }
    if (actual === undefined) {
      if (group === undefined) state.add('missing', file.path, 'in the manifest but not in the bundle');
      else group.missing.push(file.path);
    } else if (actual.sha256 !== file.sha256) {
      state.add('altered', file.path, `SHA-256 ${actual.sha256}, manifest lists ${file.sha256}`);
    }
  }
  const vanished = new Set<string>();
  for (const chain of manifest.chains) {
    const name = chainLabel(chain);
    const group = byChain.get(name);
    if (group === undefined || group.digests === 0 || group.missing.length < group.listed) continue;
    vanished.add(name);
    state.add(
      'missing',
      digestChainPrefix(chain.accountId, chain.region),
      `chain ${name} is in the signed manifest (hours ${chain.from} to ${chain.to}) but none of its files is in the bundle: ${group.digests} digests and ${group.objects} evidence objects removed`,
    );
  }
  for (const [name, group] of byChain) {
    if (vanished.has(name)) continue;
    for (const path of group.missing) state.add('missing', path, 'in the manifest but not in the bundle');
  }
  return vanished;
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
      const id = sha256OfBytes(text);
      if (!contents.records.has(id)) state.noteRecord(entry.key, 'remediation');
      contents.records.set(id, text.endsWith('\n') ? text.slice(0, -1) : text);
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
      const records = line.record.kind === 'finding' ? contents.findings : contents.attestations;
      if (!records.has(line.record.hash)) state.noteRecord(entry.key, line.record.kind);
      records.set(line.record.hash, line.text);
      if (line.record.kind === 'finding') chains.addFinding(line.record, where);
      else chains.addAttestation(line.record, where);
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
