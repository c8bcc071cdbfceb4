import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { publicKeyFingerprint } from '#shared/evidence/digest';
import type { DigestChainHead, DigestHeadStore } from '#shared/evidence/digest-heads';
import { sealDigests } from '#shared/evidence/digest-sealer';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import type {
  EvidenceObjectReader,
  EvidenceObjectWriter,
  EvidencePrefixLister,
  ListedObject,
  ListedVersion,
  PutOnceResult,
  StoredObject,
} from '#shared/evidence/evidence-objects';
import {
  type Attestation,
  batchKey,
  EVIDENCE_SCHEMA_VERSION,
  type EvidenceRecord,
  type Finding,
  itemSha256,
  recordLine,
  sealAttestation,
  sealFinding,
  serializeBatch,
} from '#shared/evidence/finding';
import type { PublicKeyResolver } from '#shared/evidence/verify-evidence';
import { type RemediationRecord, remediationKey, sealRecord } from '#shared/remediations/record';

/** An RSA key pair signing like KMS does (RSASSA-PSS SHA-256, 32-byte salt), for tests. */
export class LocalSigner implements DigestSigner {
  readonly privateKey: KeyObject;
  readonly public: KeyObject;
  signatures = 0;

  constructor(readonly id = 'arn:aws:kms:us-east-1:111122223333:key/local-test') {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.public = pair.publicKey;
  }

  async keyId(): Promise<string> {
    return this.id;
  }

  async publicKey(): Promise<KeyObject> {
    return this.public;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    this.signatures++;
    return sign('sha256', message, {
      key: this.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
  }

  /** A resolver that knows only this signer's key. */
  resolver(): PublicKeyResolver {
    const fingerprint = publicKeyFingerprint(this.public);
    return async (signing) => (signing.publicKeyFingerprint === fingerprint ? this.public : undefined);
  }
}

/** Digest chain heads in memory. */
export class MemoryDigestHeads implements DigestHeadStore {
  readonly heads = new Map<string, DigestChainHead>();

  async getHead(accountId: string, region: string): Promise<DigestChainHead | undefined> {
    return this.heads.get(`${accountId}#${region}`);
  }

  async advanceHead(accountId: string, region: string, head: DigestChainHead): Promise<void> {
    const current = this.heads.get(`${accountId}#${region}`);
    if (current === undefined || current.periodStart < head.periodStart) {
      this.heads.set(`${accountId}#${region}`, head);
    }
  }
}

/** One stored version (or delete marker) of a key in {@link MemoryObjects}. */
export interface MemoryVersion extends StoredObject {
  readonly versionId: string;
  readonly deleteMarker: boolean;
}

/**
 * A bucket in memory with S3's versioning: a put adds a version, a delete adds a marker, `putLocked` is
 * write-once like a conditional put (If-None-Match: * looks at the current version only). Unversioned
 * (`versioned: false`, like a plain copy of the evidence), a put replaces the key's one `null` version.
 */
export class MemoryObjects implements EvidenceObjectReader, EvidenceObjectWriter, EvidencePrefixLister {
  /** Versions of each key, oldest first. */
  readonly versions = new Map<string, MemoryVersion[]>();
  readonly versioned: boolean;
  puts = 0;
  /** Prefixes listed with {@link listPrefixes}, in call order. */
  readonly prefixListings: string[] = [];
  #nextVersion = 0;

  constructor(
    readonly clock: () => Date = () => new Date(),
    options: { readonly versioned?: boolean } = {},
  ) {
    this.versioned = options.versioned ?? true;
  }

  /** The current version of every key that has one (not a delete marker), by key. */
  get objects(): Map<string, StoredObject> {
    const current = new Map<string, StoredObject>();
    for (const key of [...this.versions.keys()].sort()) {
      const latest = this.#current(key);
      if (latest !== undefined) current.set(key, latest);
    }
    return current;
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    for (const [key, object] of this.objects) {
      if (!key.startsWith(prefix)) continue;
      yield { key, ...(object.lastModified === undefined ? {} : { lastModified: object.lastModified }) };
    }
  }

  async *listVersions(prefix: string): AsyncIterable<ListedVersion> {
    for (const key of [...this.versions.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      for (const version of [...(this.versions.get(key) ?? [])].reverse()) {
        yield {
          key,
          versionId: version.versionId,
          deleteMarker: version.deleteMarker,
          ...(version.lastModified === undefined ? {} : { lastModified: version.lastModified }),
        };
      }
    }
  }

  async *listPrefixes(prefix: string): AsyncIterable<string> {
    this.prefixListings.push(prefix);
    const found = new Set<string>();
    for (const key of this.versions.keys()) {
      if (!key.startsWith(prefix)) continue;
      const slash = key.indexOf('/', prefix.length);
      if (slash >= 0) found.add(key.slice(0, slash + 1));
    }
    yield* [...found].sort();
  }

  async get(key: string, versionId?: string): Promise<StoredObject | undefined> {
    if (versionId === undefined) return this.#current(key);
    const version = this.versions.get(key)?.find((v) => v.versionId === versionId);
    return version === undefined || version.deleteMarker ? undefined : version;
  }

  async putLocked(key: string, body: string, retainUntil: Date): Promise<PutOnceResult> {
    if (this.#current(key) !== undefined) return 'exists';
    this.puts++;
    this.write(key, body, { lockMode: 'COMPLIANCE', retainUntil });
    return 'created';
  }

  /** A plain put (no If-None-Match): a new version, or the replaced `null` version when unversioned. */
  write(
    key: string,
    body: string | Uint8Array,
    lock: { lockMode?: string; retainUntil?: Date } = {},
    lastModified: Date = this.clock(),
  ): MemoryVersion {
    const version: MemoryVersion = {
      key,
      bytes: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      versionId: this.versioned ? `v${String(++this.#nextVersion).padStart(6, '0')}` : 'null',
      deleteMarker: false,
      lastModified,
      ...lock,
    };
    this.versions.set(key, this.versioned ? [...(this.versions.get(key) ?? []), version] : [version]);
    return { ...version };
  }

  /** A DeleteObject without a version id: a delete marker (versioned), or the key gone (unversioned). */
  deleteObject(key: string, lastModified: Date = this.clock()): void {
    if (!this.versioned) {
      this.versions.delete(key);
      return;
    }
    const marker: MemoryVersion = {
      key,
      bytes: new Uint8Array(),
      versionId: `v${String(++this.#nextVersion).padStart(6, '0')}`,
      deleteMarker: true,
      lastModified,
    };
    this.versions.set(key, [...(this.versions.get(key) ?? []), marker]);
  }

  /** Removes one version outright (what Object Lock forbids; for tests of a store that lost it). */
  removeVersion(key: string, versionId?: string): void {
    const versions = this.versions.get(key) ?? [];
    const id = versionId ?? versions.at(-1)?.versionId;
    const rest = versions.filter((v) => v.versionId !== id);
    if (rest.length === 0) this.versions.delete(key);
    else this.versions.set(key, rest);
  }

  /** Changes the bytes of the current version in place, keeping its id and lock (bit rot, or a forged copy). */
  tamper(key: string, body: string): void {
    const versions = this.versions.get(key) ?? [];
    const latest = versions.at(-1);
    if (latest === undefined) throw new Error(`no object ${key}`);
    versions[versions.length - 1] = { ...latest, bytes: Buffer.from(body, 'utf8') };
  }

  /** Sets the lock of the current version (to test retention checks). */
  relock(key: string, lock: { lockMode?: string; retainUntil?: Date }): void {
    const versions = this.versions.get(key) ?? [];
    const latest = versions.at(-1);
    if (latest === undefined) throw new Error(`no object ${key}`);
    const { lockMode: _mode, retainUntil: _until, ...rest } = latest;
    versions[versions.length - 1] = { ...rest, ...lock };
  }

  /** The stored text of the current version of `key`. */
  text(key: string): string {
    const object = this.#current(key);
    if (object === undefined) throw new Error(`no object ${key}`);
    return Buffer.from(object.bytes).toString('utf8');
  }

  #current(key: string): MemoryVersion | undefined {
    const latest = this.versions.get(key)?.at(-1);
    return latest === undefined || latest.deleteMarker ? undefined : latest;
  }
}

/**
 * A byte-for-byte copy of the current version of every object into an unversioned store (version id
 * `null`, locks kept), as an auditor's plain copy of the evidence would be; tampering tests change it freely.
 */
export function unversionedCopy(source: MemoryObjects): MemoryObjects {
  const copy = new MemoryObjects(source.clock, { versioned: false });
  for (const [key, object] of source.objects) {
    copy.write(
      key,
      object.bytes,
      {
        ...(object.lockMode === undefined ? {} : { lockMode: object.lockMode }),
        ...(object.retainUntil === undefined ? {} : { retainUntil: object.retainUntil }),
      },
      object.lastModified,
    );
  }
  return copy;
}

/** Account and region of the test estate. */
export const ESTATE_ACCOUNT = '111122223333';
export const ESTATE_REGION = 'us-east-1';
const ESTATE_RULE = 's3-bucket-versioning-enabled';

function bucketResource(resourceId: string): Finding['resource'] {
  return {
    accountId: ESTATE_ACCOUNT,
    region: ESTATE_REGION,
    resourceType: 'AWS::S3::Bucket',
    resourceId,
  };
}

/** A real, sealed finding of one bucket and rule, chained to `previous` when given (else #1). */
export function makeFinding(
  options: {
    resourceId?: string;
    ruleId?: string;
    captureTime?: string;
    evaluatedAt?: string;
    compliance?: Finding['compliance'];
    previous?: Finding;
  } = {},
): Finding {
  const compliance = options.compliance ?? 'COMPLIANT';
  const evaluatedAt = options.evaluatedAt ?? '2026-11-23T10:20:00.000Z';
  return sealFinding({
    kind: 'finding',
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    evaluatedAt,
    ruleId: options.ruleId ?? options.previous?.ruleId ?? ESTATE_RULE,
    severity: 'MEDIUM',
    soc2: ['CC6.1'],
    compliance,
    annotation: compliance === 'COMPLIANT' ? 'Versioning is enabled.' : 'Versioning is off.',
    resource: options.previous?.resource ?? bucketResource(options.resourceId ?? 'audit-logs'),
    configurationItem: {
      captureTime: options.captureTime ?? evaluatedAt,
      status: 'OK',
      sha256: itemSha256({ versioning: compliance === 'COMPLIANT' }),
    },
    source: { trigger: 'config-change' },
    sequence: (options.previous?.sequence ?? 0) + 1,
    previousHash: options.previous?.hash ?? null,
  });
}

/** An attestation that every given chain head (findings of one resource) was judged again, unchanged. */
export function makeAttestation(heads: readonly Finding[], attestedAt: string): Attestation {
  const [first] = heads;
  if (first === undefined) throw new Error('an attestation names at least one head');
  return sealAttestation({
    kind: 'attestation',
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    attestedAt,
    resource: first.resource,
    configurationItem: {
      captureTime: first.configurationItem.captureTime,
      sha256: first.configurationItem.sha256,
    },
    source: { trigger: 'sweep' },
    rules: heads.map((head) => ({
      ruleId: head.ruleId,
      severity: head.severity,
      soc2: [...head.soc2],
      compliance: head.compliance,
      sequence: head.sequence,
      headHash: head.hash,
    })),
  });
}

/** The stored bytes of a batch holding `records`, one canonical line each. */
export function batchBody(records: readonly EvidenceRecord[]): string {
  return serializeBatch(records.map((record) => recordLine(record)));
}

/** Writes a batch of `records` locked, as the pipeline does at `writtenAt`; returns its key. */
export async function writeBatch(
  objects: MemoryObjects,
  writtenAt: string,
  records: readonly EvidenceRecord[],
  id = `batch-${writtenAt}`,
): Promise<string> {
  const key = batchKey(ESTATE_ACCOUNT, ESTATE_REGION, new Date(writtenAt), id);
  await objects.putLocked(key, batchBody(records), new Date(Date.parse(writtenAt) + 400 * 86_400_000));
  return key;
}

/** What {@link sealedEstate} wrote. */
export interface SealedEstate {
  readonly objects: MemoryObjects;
  readonly heads: MemoryDigestHeads;
  /** Keys of the six batch objects, in write order (two per hour, 09, 10 and 11). */
  readonly batches: readonly string[];
  /** Every finding written, by name: `<bucket>#<sequence>`. */
  readonly findings: ReadonlyMap<string, Finding>;
  readonly remediationRecord: string;
}

/**
 * Three sealed hours (09, 10, 11) of evidence as the pipeline writes it: six batch objects holding seven
 * findings (bucket-0 and bucket-2 with a chain of two) and two attestations, plus a remediation record in
 * hour 10; sealed by two sealer runs.
 */
export async function sealedEstate(signer: DigestSigner): Promise<SealedEstate> {
  let now = new Date('2026-11-23T09:00:00Z');
  const objects = new MemoryObjects(() => now);
  const findings = new Map<string, Finding>();
  const finding = (name: string, options: Parameters<typeof makeFinding>[0]): Finding => {
    const made = makeFinding(options);
    findings.set(name, made);
    return made;
  };
  const at = (time: string): string => {
    now = new Date(`2026-11-23T${time}:00.000Z`);
    return now.toISOString();
  };
  const batches: string[] = [];
  let written = at('09:05');
  batches.push(
    await writeBatch(objects, written, [
      finding('bucket-0#1', { resourceId: 'bucket-0', evaluatedAt: written, compliance: 'NON_COMPLIANT' }),
      finding('bucket-1#1', { resourceId: 'bucket-1', evaluatedAt: written }),
    ]),
  );
  written = at('09:40');
  batches.push(
    await writeBatch(objects, written, [
      finding('bucket-2#1', { resourceId: 'bucket-2', evaluatedAt: written }),
    ]),
  );
  written = at('10:10');
  batches.push(
    await writeBatch(objects, written, [
      finding('bucket-0#2', { evaluatedAt: written, previous: findings.get('bucket-0#1') }),
      makeAttestation([findings.get('bucket-1#1') as Finding], written),
    ]),
  );
  written = at('10:50');
  batches.push(
    await writeBatch(objects, written, [
      finding('bucket-3#1', { resourceId: 'bucket-3', evaluatedAt: written, compliance: 'NON_COMPLIANT' }),
    ]),
  );
  written = at('11:20');
  batches.push(
    await writeBatch(objects, written, [
      makeAttestation([findings.get('bucket-0#2') as Finding], written),
      finding('bucket-2#2', {
        evaluatedAt: written,
        compliance: 'NON_COMPLIANT',
        previous: findings.get('bucket-2#1'),
      }),
    ]),
  );
  written = at('11:59');
  batches.push(
    await writeBatch(objects, written, [
      finding('bucket-4#1', { resourceId: 'bucket-4', evaluatedAt: written }),
    ]),
  );
  // A remediation record finished (and written) in hour 10: digests list those too.
  now = new Date('2026-11-23T10:20:00.000Z');
  const record = remediationRecordAt('2026-11-23T10:19:58.000Z', '2026-11-23T10:20:00.000Z');
  const recordKey = remediationKey(record);
  await objects.putLocked(
    recordKey,
    `${canonicalJson(record)}\n`,
    new Date(now.getTime() + 400 * 86_400_000),
  );
  const heads = new MemoryDigestHeads();
  const deps = { heads, objects, signer, clock: () => now };
  now = new Date('2026-11-23T10:15:00Z');
  await sealDigests(deps, { accountId: ESTATE_ACCOUNT, region: ESTATE_REGION, retentionDays: 400 });
  now = new Date('2026-11-23T12:15:00Z');
  await sealDigests(deps, { accountId: ESTATE_ACCOUNT, region: ESTATE_REGION, retentionDays: 400 });
  return { objects, heads, batches, findings, remediationRecord: recordKey };
}

/** A sealed remediation record of bucket-1 in the estate's account and region. */
export function remediationRecordAt(startedAt: string, finishedAt: string): RemediationRecord {
  return sealRecord({
    schemaVersion: 1,
    recordId: `record-${startedAt}`,
    ruleId: 's3-bucket-versioning-enabled',
    remediationTitle: 'Enable versioning',
    mode: 'on',
    outcome: 'remediated',
    reason: 'made 1 call(s)',
    startedAt,
    finishedAt,
    resource: {
      accountId: '111122223333',
      region: 'us-east-1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'bucket-1',
    },
    trigger: { requestId: `request-${startedAt}`, source: 'config-change', requestedAt: startedAt },
    actor: { function: 'vigil-remediate' },
    before: {
      captureTime: '2026-11-23T09:40:00.000Z',
      status: 'OK',
      configuration: {},
      supplementaryConfiguration: {},
      tags: {},
      compliance: 'NON_COMPLIANT',
      annotation: 'Versioning is off.',
    },
    planned: [],
    made: [],
    verification: 'immediate',
  });
}
