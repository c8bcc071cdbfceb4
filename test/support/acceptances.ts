import type { Acceptance } from '#shared/acceptances/acceptance';
import type { AcceptanceLookup } from '#shared/acceptances/lookup';
import { appendChange, type RegisterDeps, type RegisterEvidence } from '#shared/acceptances/register';
import { EMPTY_HEAD, type RegisterEntry, type RegisterHead } from '#shared/acceptances/register-chain';
import type { RegisterStore } from '#shared/acceptances/register-store';

/** An acceptance with every field filled; override what a test is about. */
export function anAcceptance(overrides: Partial<Acceptance> = {}): Acceptance {
  return {
    id: 'acc-000000000001',
    ruleId: 'box-locked',
    resource: 'box-1',
    accountId: '123456789012',
    reason: 'vendor appliance cannot be changed until the Q1 migration',
    owner: 'owner@example.com',
    approver: 'ciso@example.com',
    ticket: 'https://tickets.example.com/RISK-17',
    startsAt: '2026-11-01T00:00:00.000Z',
    expiresAt: '2026-12-31T00:00:00.000Z',
    allowTagExemption: false,
    createdBy: 'arn:aws:sts::123456789012:assumed-role/VigilAcceptanceAdmin/alice',
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The register in memory, with the DynamoDB store's condition on the head; `advances` counts writes. */
export class MemoryRegisterStore implements RegisterStore {
  head: RegisterHead = EMPTY_HEAD;
  readonly entries = new Map<string, RegisterEntry>();
  reads = 0;
  advances = 0;

  async read() {
    this.reads++;
    return { head: this.head, entries: new Map(this.entries) };
  }

  async advance(
    change: Parameters<RegisterStore['advance']>[0],
    entry: RegisterEntry,
    expected: RegisterHead,
  ) {
    if (this.head.sequence !== expected.sequence || this.head.hash !== expected.hash)
      return 'conflict' as const;
    this.advances++;
    this.head = { sequence: change.sequence, hash: change.hash };
    this.entries.set(entry.acceptance.id, entry);
    return 'advanced' as const;
  }
}

/** Write-once objects in memory, as the locked evidence bucket keeps them. */
export class MemoryRegisterEvidence implements RegisterEvidence {
  readonly objects = new Map<string, string>();

  async putLockedDocument(key: string, body: string) {
    if (this.objects.has(key)) return { status: 'exists' as const, key };
    this.objects.set(key, body);
    return { status: 'created' as const, key };
  }

  async read(key: string) {
    const body = this.objects.get(key);
    return body === undefined ? undefined : new TextEncoder().encode(body);
  }
}

/** A register in memory with a settable clock. */
export function memoryRegister(now: Date = new Date('2026-11-23T12:00:00.000Z')) {
  const store = new MemoryRegisterStore();
  const evidence = new MemoryRegisterEvidence();
  const clock = { now };
  const deps: RegisterDeps = { store, evidence, clock: () => clock.now };
  const lookup: AcceptanceLookup = { current: () => store.read() };
  return {
    store,
    evidence,
    deps,
    lookup,
    clock,
    /** Records an acceptance as `vigil accept` does. */
    accept: (acceptance: Acceptance) =>
      appendChange(acceptance.id, { change: 'accepted', acceptance }, acceptance.createdBy, deps),
    /** The stored change objects, for the chain checker. */
    objects: () => [...evidence.objects].map(([key, bytes]) => ({ key, bytes })),
  };
}

/**
 * Records, in a deployed (moto) stack's register, acceptances that allow `vigil:exempt` tags for each rule on
 * resources matching `resource` in every account, as `vigil accept --allow-tag-exemption` would; tests of
 * tag exemptions call it before the first remediation or evaluation reads (and caches) the register.
 */
export async function allowTagExemptions(
  endpoint: string,
  stack: { readonly table: string; readonly bucket: string; readonly retentionDays: number },
  ruleIds: readonly string[],
  resource: string,
): Promise<void> {
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { DynamoDbRegisterStore } = await import('#shared/acceptances/register-store');
  const { S3EvidenceStore } = await import('#shared/evidence/s3-evidence-store');
  const { S3EvidenceSource } = await import('#shared/export/evidence-source');
  const { awsClientConfig, s3ClientConfig } = await import('./moto');
  const dynamodb = new DynamoDBClient(awsClientConfig(endpoint));
  const s3 = new S3Client(s3ClientConfig(endpoint));
  try {
    const store = new S3EvidenceStore({
      client: s3,
      bucket: stack.bucket,
      retentionDays: stack.retentionDays,
    });
    const source = new S3EvidenceSource({ client: s3, bucket: stack.bucket });
    const deps: RegisterDeps = {
      store: new DynamoDbRegisterStore({ client: dynamodb, table: stack.table }),
      evidence: {
        putLockedDocument: (key, body, from) => store.putLockedDocument(key, body, from),
        read: (key) => source.read(key),
      },
      clock: () => new Date(),
    };
    const now = Date.now();
    for (const [index, ruleId] of ruleIds.entries()) {
      const acceptance = anAcceptance({
        id: `acc-tags${String(index).padStart(8, '0')}`,
        ruleId,
        resource,
        accountId: '*',
        allowTagExemption: true,
        startsAt: new Date(now - 3_600_000).toISOString(),
        expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
        createdAt: new Date(now).toISOString(),
      });
      await appendChange(acceptance.id, { change: 'accepted', acceptance }, acceptance.createdBy, deps);
    }
  } finally {
    dynamodb.destroy();
    s3.destroy();
  }
}
