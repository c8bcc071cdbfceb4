import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { publicKeyFingerprint } from '#shared/evidence/digest';
import { sealDigests } from '#shared/evidence/digest-sealer';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import type {
  EvidenceObjectReader,
  EvidenceObjectWriter,
  ListedObject,
  PutOnceResult,
  StoredObject,
} from '#shared/evidence/evidence-objects';
import {
  FINDING_SCHEMA_VERSION,
  type Finding,
  findingIdOf,
  findingKey,
  sealFinding,
  serializeFinding,
  sha256Hex,
} from '#shared/evidence/finding';
import type { DigestChainHead, DigestHeadStore, EvidenceLedger, LedgerEntry } from '#shared/evidence/ledger';
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

/** Ledger and chain heads in memory. */
export class MemoryLedger implements EvidenceLedger, DigestHeadStore {
  readonly entries: LedgerEntry[] = [];
  readonly heads = new Map<string, DigestChainHead>();

  async record(entry: LedgerEntry): Promise<void> {
    this.entries.push(entry);
  }

  async listPeriod(periodStart: Date): Promise<LedgerEntry[]> {
    const start = periodStart.getTime();
    return this.entries.filter((entry) => {
      const time = Date.parse(entry.writtenAt);
      return time >= start && time < start + 3_600_000;
    });
  }

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

/** A bucket in memory: write-once locked puts, and plain writes for tampering in tests. */
export class MemoryObjects implements EvidenceObjectReader, EvidenceObjectWriter {
  readonly objects = new Map<string, StoredObject>();
  puts = 0;

  constructor(readonly clock: () => Date = () => new Date()) {}

  async *list(prefix: string): AsyncIterable<ListedObject> {
    for (const key of [...this.objects.keys()].sort()) {
      const object = this.objects.get(key);
      if (object === undefined || !key.startsWith(prefix)) continue;
      yield { key, ...(object.lastModified === undefined ? {} : { lastModified: object.lastModified }) };
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    return this.objects.get(key);
  }

  async putLocked(key: string, body: string, retainUntil: Date): Promise<PutOnceResult> {
    if (this.objects.has(key)) return 'exists';
    this.puts++;
    this.write(key, body, { lockMode: 'COMPLIANCE', retainUntil });
    return 'created';
  }

  /** Stores bytes under `key` (overwriting), as a test-only unlocked copy allows. */
  write(
    key: string,
    body: string | Uint8Array,
    lock: { lockMode?: string; retainUntil?: Date } = {},
    lastModified: Date = this.clock(),
  ): void {
    this.objects.set(key, {
      key,
      bytes: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      lastModified,
      ...lock,
    });
  }

  /** The stored text under `key`. */
  text(key: string): string {
    const object = this.objects.get(key);
    if (object === undefined) throw new Error(`no object ${key}`);
    return Buffer.from(object.bytes).toString('utf8');
  }
}

/** A real, sealed finding of one bucket and rule, with its key and stored bytes. */
export function makeFinding(
  options: {
    resourceId?: string;
    ruleId?: string;
    captureTime?: string;
    evaluatedAt?: string;
    compliance?: Finding['compliance'];
  } = {},
): { key: string; finding: Finding; body: string } {
  const resource = {
    accountId: '111122223333',
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: options.resourceId ?? 'audit-logs',
  };
  const ruleId = options.ruleId ?? 's3-bucket-versioning-enabled';
  const captureTime = options.captureTime ?? '2026-11-23T09:15:00.000Z';
  const compliance = options.compliance ?? 'COMPLIANT';
  const annotation = compliance === 'COMPLIANT' ? 'Versioning is enabled.' : 'Versioning is off.';
  const key = findingKey({ ...resource, ruleId, captureTime, compliance, annotation });
  const finding = sealFinding({
    schemaVersion: FINDING_SCHEMA_VERSION,
    findingId: findingIdOf(key),
    evaluatedAt: options.evaluatedAt ?? '2026-11-23T10:20:00.000Z',
    ruleId,
    ruleTitle: 'S3 buckets keep versions',
    severity: 'MEDIUM',
    soc2: ['CC6.1'],
    compliance,
    annotation,
    resource,
    configurationItem: { captureTime, status: 'OK' },
    source: { trigger: 'sweep' },
    sequence: 1,
    previousHash: null,
    previousKey: null,
  });
  return { key, finding, body: serializeFinding(finding) };
}

/** Three sealed hours (09, 10, 11) with two findings each, written through the ledger as the pipeline does. */
export async function sealedEstate(
  signer: DigestSigner,
): Promise<{ objects: MemoryObjects; findings: string[]; remediationRecord: string }> {
  const ledger = new MemoryLedger();
  let now = new Date('2026-11-23T09:00:00Z');
  const objects = new MemoryObjects(() => now);
  const findings: string[] = [];
  for (const [index, time] of ['09:05', '09:40', '10:10', '10:50', '11:20', '11:59'].entries()) {
    const writtenAt = `2026-11-23T${time}:00.000Z`;
    now = new Date(writtenAt);
    const { key, body } = makeFinding({ resourceId: `bucket-${index}`, evaluatedAt: writtenAt });
    await objects.putLocked(key, body, new Date(Date.parse(writtenAt) + 400 * 86_400_000));
    await ledger.record({ key, sha256: sha256Hex(body), writtenAt });
    findings.push(key);
  }
  // A remediation record in the sealed hours: digests list those too.
  now = new Date('2026-11-23T10:20:00.000Z');
  const record = remediationRecordAt('2026-11-23T10:19:58.000Z', '2026-11-23T10:20:00.000Z');
  const recordKey = remediationKey(record);
  const recordBody = `${canonicalJson(record)}\n`;
  await objects.putLocked(recordKey, recordBody, new Date(now.getTime() + 400 * 86_400_000));
  await ledger.record({ key: recordKey, sha256: sha256Hex(recordBody), writtenAt: now.toISOString() });
  const deps = { ledger, heads: ledger, objects, signer, clock: () => now };
  now = new Date('2026-11-23T10:15:00Z');
  await sealDigests(deps, { accountId: '111122223333', region: 'us-east-1', retentionDays: 400 });
  now = new Date('2026-11-23T12:15:00Z');
  await sealDigests(deps, { accountId: '111122223333', region: 'us-east-1', retentionDays: 400 });
  return { objects, findings, remediationRecord: recordKey };
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
