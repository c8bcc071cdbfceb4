import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '#cli/vigil';
import { evaluate } from '#functions/evaluator';
import { sealHourlyDigests } from '#functions/seal-digests';
import { runAcceptanceExpiry } from '#shared/acceptances/expiry';
import { changeKey, EMPTY_HEAD, sealChange } from '#shared/acceptances/register-chain';
import { DynamoDbRegisterStore } from '#shared/acceptances/register-store';
import { PERIOD_MS, periodStartOf } from '#shared/evidence/digest';
import { KmsDigestSigner } from '#shared/evidence/digest-signer';
import { DynamoDbDigestHeads } from '#shared/evidence/dynamodb-digest-heads';
import { S3EvidenceObjects } from '#shared/evidence/s3-evidence-objects';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import { S3EvidenceSource } from '#shared/export/evidence-source';
import type { ComplianceSummary } from '#shared/export/summary';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { RULES } from '#shared/rules/registry';
import { DynamoDbOpenFailureSource } from '#shared/state/open-failures';
import { captureIo } from '#test/support/cli-io';
import { awsClientConfig, s3ClientConfig } from '#test/support/moto';
import { drainAlerts } from '#test/support/pipeline-stack';
import {
  ACCOUNT,
  type LocalPipeline,
  localPipeline,
  REGION,
  securityGroupItem,
  storedEvidence,
  uniqueGroupId,
} from '../pipeline/harness';

const DAY_MS = 86_400_000;
const RULE = 'restricted-ssh';

describe('risk acceptances end to end on moto: vigil accept, evaluator, expiry job, export, verify', () => {
  const endpoint = inject('motoEndpoint');
  const config = awsClientConfig(endpoint);
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const dynamodb = new DynamoDBClient(config);
  const kms = new KMSClient(config);
  const saved = { ...process.env };
  const accepted = uniqueGroupId();
  const tagged = uniqueGroupId();
  const hour = periodStartOf(new Date());
  const expires = new Date(Date.now() + 3 * DAY_MS);
  let pipeline: LocalPipeline;
  let root = '';
  let acceptanceId = '';

  const stackFlags = () => [
    '--table',
    pipeline.stack.table,
    '--bucket',
    pipeline.stack.bucket,
    '--retention-days',
    String(pipeline.stack.retentionDays),
    '--endpoint-url',
    endpoint,
    '--region',
    REGION,
  ];

  const expiryDeps = (now: Date) => {
    const store = new S3EvidenceStore({
      client: s3,
      bucket: pipeline.stack.bucket,
      retentionDays: pipeline.stack.retentionDays,
    });
    const source = new S3EvidenceSource({ client: s3, bucket: pipeline.stack.bucket });
    return {
      store: new DynamoDbRegisterStore({ client: dynamodb, table: pipeline.stack.table }),
      evidence: {
        putLockedDocument: (key: string, body: string, from: Date) =>
          store.putLockedDocument(key, body, from),
        read: (key: string) => source.read(key),
      },
      clock: () => now,
      failures: new DynamoDbOpenFailureSource({ client: dynamodb, table: pipeline.stack.table }),
      notifier: pipeline.runtime.notifier,
      by: 'arn:aws:sts::123456789012:assumed-role/vigil-acceptance-expiry/fn',
      rules: RULES,
    };
  };

  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
    });
    root = await mkdtemp(join(tmpdir(), 'vigil-acceptances-'));
    pipeline = await localPipeline(endpoint, 'vigil-acc', { ENABLED_RULES: RULE });

    const io = captureIo();
    const code = await main(
      [
        'accept',
        '--rule',
        RULE,
        '--resource',
        accepted,
        '--account',
        ACCOUNT,
        '--reason',
        'bastion open to the world until the VPN lands',
        '--owner',
        'netops@example.com',
        '--approver',
        'ciso@example.com',
        '--ticket',
        'https://tickets.example.com/RISK-17',
        '--expires',
        expires.toISOString(),
        '--json',
        ...stackFlags(),
      ],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    acceptanceId = (JSON.parse(io.out()) as { change: { acceptanceId: string } }).change.acceptanceId;

    const captured = new Date(Date.now() - 60_000).toISOString();
    const response = await evaluate(
      sqsBatch([
        configChangeEvent(
          securityGroupItem({ groupId: accepted, captureTime: captured, sshOpenToWorld: true }),
        ),
        configChangeEvent({
          ...securityGroupItem({ groupId: tagged, captureTime: captured, sshOpenToWorld: true }),
          tags: { Name: 'bastion', 'vigil:exempt': RULE, 'vigil:exempt-reason': 'my own call' },
        }),
      ]),
      pipeline.runtime,
    );
    expect(response.batchItemFailures).toEqual([]);
  });

  afterAll(async () => {
    process.env = saved;
    for (const client of [s3, dynamodb, kms]) client.destroy();
    pipeline?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stores the register change as a locked object and lists the acceptance as active', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: pipeline.stack.bucket, Key: changeKey(1) }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    const io = captureIo();
    expect(
      await main(
        ['acceptances', '--table', pipeline.stack.table, '--endpoint-url', endpoint, '--region', REGION],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toMatch(new RegExp(`${acceptanceId} +expiring +${RULE} +${accepted}`));
    expect(io.out()).toContain('owner netops@example.com');
  });

  it('marks the accepted failure and mutes it; the bare tag exempts nothing and alerts', async () => {
    const { findings } = await storedEvidence(pipeline, `findings/${ACCOUNT}/${REGION}/`);
    const of = (groupId: string) =>
      findings.find((entry) => entry.record.resource.resourceId === groupId)?.record;
    expect(of(accepted)).toMatchObject({
      compliance: 'NON_COMPLIANT',
      acceptance: { id: acceptanceId, owner: 'netops@example.com' },
    });
    expect(of(tagged)).toMatchObject({
      compliance: 'NON_COMPLIANT',
      exemptionTag: { tag: RULE, reason: 'my own call' },
    });
    expect(of(tagged)?.exemption).toBeUndefined();
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE']);
    expect(alerts[0]?.message).toContain(tagged);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const io = captureIo();
    const code = await main(
      [
        'accept',
        '--rule',
        'no-such-rule',
        '--resource',
        'x',
        '--account',
        ACCOUNT,
        '--reason',
        'r',
        '--owner',
        'a',
        '--approver',
        'b',
        '--expires',
        '2030-01-01',
        ...stackFlags(),
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toContain('unknown rule no-such-rule');
    const past = captureIo();
    expect(
      await main(
        [
          'accept',
          '--rule',
          RULE,
          '--resource',
          'x',
          '--account',
          ACCOUNT,
          '--reason',
          'r',
          '--owner',
          'a',
          '--approver',
          'b',
          '--expires',
          '2020-01-01',
          ...stackFlags(),
        ],
        past,
      ),
    ).toBe(2);
    expect(past.err()).toContain('is not in the future');
    const listed = await new DynamoDbRegisterStore({ client: dynamodb, table: pipeline.stack.table }).read();
    expect(listed.head.sequence).toBe(1);
  });

  it('the expiry job warns the owner once before expiry, then at expiry lapses and re-alerts the still-failing resource', async () => {
    const warned = await runAcceptanceExpiry(expiryDeps(new Date()));
    expect(warned.warned).toEqual([acceptanceId]);
    expect((await runAcceptanceExpiry(expiryDeps(new Date()))).warned).toEqual([]);
    const warning = await drainAlerts(pipeline.stack);
    expect(warning.map((alert) => alert.attributes.transition)).toEqual(['ACCEPTANCE_EXPIRING']);
    expect(warning[0]?.message).toContain('netops@example.com');
    expect(warning[0]?.message).toContain('https://tickets.example.com/RISK-17');

    const lapsed = await runAcceptanceExpiry(expiryDeps(new Date(expires.getTime() + 60_000)));
    expect(lapsed.lapsed).toEqual([{ id: acceptanceId, realerted: 1 }]);
    const realerts = await drainAlerts(pipeline.stack);
    expect(realerts.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE']);
    expect(realerts[0]?.message).toContain(accepted);
    expect(realerts[0]?.message).toContain(`risk acceptance ${acceptanceId} expired`);
    for (const sequence of [2, 3]) {
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: pipeline.stack.bucket, Key: changeKey(sequence) }),
      );
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
    }
  });

  it('the export shows the accepted risk apart, with its owner and dates; verify passes, and catches an altered register change', async () => {
    const created = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    const keyId = created.KeyMetadata?.KeyId ?? '';
    const sealer = (now: Date) => ({
      config: {
        bucket: pipeline.stack.bucket,
        table: pipeline.stack.table,
        retentionDays: pipeline.stack.retentionDays,
        signingKeyId: keyId,
        graceMinutes: 10,
        maxPeriods: 48,
        maxHoursPerRun: 1000,
        chainConcurrency: 4,
        region: REGION,
        endpointUrl: endpoint,
      },
      heads: new DynamoDbDigestHeads({ client: dynamodb, table: pipeline.stack.table }),
      objects: new S3EvidenceObjects({ client: s3, bucket: pipeline.stack.bucket }),
      signer: new KmsDigestSigner({ client: kms, keyId }),
      clock: () => now,
      destroy: () => undefined,
    });
    await sealHourlyDigests({ account: ACCOUNT }, sealer(new Date(hour.getTime() + PERIOD_MS + 15 * 60_000)));

    const out = join(root, 'bundle');
    const exportIo = captureIo();
    const exported = await main(
      [
        'export',
        '--bucket',
        pipeline.stack.bucket,
        '--endpoint-url',
        endpoint,
        '--region',
        REGION,
        '--from',
        hour.toISOString(),
        '--to',
        new Date(hour.getTime() + PERIOD_MS).toISOString(),
        '--out',
        out,
      ],
      exportIo,
    );
    expect(exportIo.err()).not.toContain('problem');
    expect(exported).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ComplianceSummary;
    const risks = summary.acceptedRisks?.criteria.flatMap((criterion) => criterion.risks) ?? [];
    expect(risks.length).toBeGreaterThan(0);
    expect(new Set(risks.map((risk) => risk.resourceId))).toEqual(new Set([accepted]));
    expect(risks[0]).toMatchObject({
      acceptanceId,
      owner: 'netops@example.com',
      approver: 'ciso@example.com',
      ticket: 'https://tickets.example.com/RISK-17',
      expiresAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(summary.acceptedRisks?.unregisteredExemptionTags.map((tag) => tag.resourceId)).toEqual([tagged]);
    expect(summary.acceptedRisks?.registerChanges).toBe(3);
    expect(summary.acceptedRisks?.problems).toEqual([]);
    const report = await readFile(join(out, 'report.html'), 'utf8');
    expect(report).toContain('id="accepted-risks"');
    expect(report).toContain('netops@example.com');
    const csv = await readFile(join(out, 'findings.csv'), 'utf8');
    expect(csv).toContain(acceptanceId);

    const verifyIo = captureIo();
    expect(
      await main(
        ['verify', '--bundle', out, '--kms-key', keyId, '--endpoint-url', endpoint, '--region', REGION],
        verifyIo,
      ),
    ).toBe(0);

    const bucketIo = captureIo({ now: new Date(hour.getTime() + PERIOD_MS + 15 * 60_000) });
    const bucketCode = await main(
      [
        'verify',
        '--bucket',
        pipeline.stack.bucket,
        '--kms-key',
        keyId,
        '--endpoint-url',
        endpoint,
        '--region',
        REGION,
        '--from',
        hour.toISOString(),
        '--to',
        new Date(hour.getTime() + PERIOD_MS).toISOString(),
      ],
      bucketIo,
    );
    expect(bucketIo.out() + bucketIo.err()).not.toContain('forged-acceptance');
    expect(bucketIo.out() + bucketIo.err()).not.toMatch(/acceptances\//);
    expect(bucketCode).toBe(0);

    // Someone stretches the acceptance in the bundle: the file no longer matches the signed manifest, and
    // re-hashed it breaks the register chain.
    const file = join(out, ...changeKey(1).split('/'));
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(expires.toISOString().slice(0, 4), '2099'));
    const tamperedIo = captureIo();
    expect(
      await main(
        ['verify', '--bundle', out, '--kms-key', keyId, '--endpoint-url', endpoint, '--region', REGION],
        tamperedIo,
      ),
    ).not.toBe(0);
    expect(tamperedIo.out() + tamperedIo.err()).toContain(changeKey(1));
  });
});

describe('an attacker with the evaluator role writes a register entry straight into the state table (moto)', () => {
  const endpoint = inject('motoEndpoint');
  const config = awsClientConfig(endpoint);
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const dynamodb = new DynamoDBClient(config);
  const kms = new KMSClient(config);
  const saved = { ...process.env };
  const group = uniqueGroupId();
  const hour = periodStartOf(new Date());
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
    });
    pipeline = await localPipeline(endpoint, 'vigil-acc-forged', { ENABLED_RULES: RULE });
    // The forged entry: a well-formed change after the (empty) head, made the head in the table, but never
    // stored as a locked object under acceptances/ (the evaluator's role cannot write there).
    const store = new DynamoDbRegisterStore({ client: dynamodb, table: pipeline.stack.table });
    const acceptance = {
      id: 'acc-f0f0f0f0f0f0',
      ruleId: RULE,
      resource: group,
      accountId: ACCOUNT,
      reason: 'trust me',
      owner: 'attacker@example.com',
      approver: 'nobody@example.com',
      startsAt: new Date(Date.now() - DAY_MS).toISOString(),
      expiresAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
      allowTagExemption: false,
      createdBy: 'arn:aws:sts::123456789012:assumed-role/evaluator/x',
      createdAt: new Date().toISOString(),
    };
    const change = sealChange(
      EMPTY_HEAD,
      { change: 'accepted', acceptance },
      {
        acceptanceId: acceptance.id,
        at: new Date(),
        by: acceptance.createdBy,
      },
    );
    expect(await store.advance(change, { acceptance, changeHash: change.hash }, EMPTY_HEAD)).toBe('advanced');
    const response = await evaluate(
      sqsBatch([
        configChangeEvent(
          securityGroupItem({
            groupId: group,
            captureTime: new Date(Date.now() - 60_000).toISOString(),
            sshOpenToWorld: true,
          }),
        ),
      ]),
      pipeline.runtime,
    );
    expect(response.batchItemFailures).toEqual([]);
  });

  afterAll(() => {
    process.env = saved;
    for (const client of [s3, dynamodb, kms]) client.destroy();
    pipeline?.close();
  });

  it('mutes the failure, but vigil verify --bucket reports the finding as forged-acceptance', async () => {
    const { findings } = await storedEvidence(pipeline, `findings/${ACCOUNT}/${REGION}/`);
    expect(findings[0]?.record.acceptance?.id).toBe('acc-f0f0f0f0f0f0');
    expect(await drainAlerts(pipeline.stack)).toEqual([]);

    const created = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    const keyId = created.KeyMetadata?.KeyId ?? '';
    const now = new Date(hour.getTime() + PERIOD_MS + 15 * 60_000);
    await sealHourlyDigests(
      { account: ACCOUNT },
      {
        config: {
          bucket: pipeline.stack.bucket,
          table: pipeline.stack.table,
          retentionDays: pipeline.stack.retentionDays,
          signingKeyId: keyId,
          graceMinutes: 10,
          maxPeriods: 48,
          maxHoursPerRun: 1000,
          chainConcurrency: 4,
          region: REGION,
          endpointUrl: endpoint,
        },
        heads: new DynamoDbDigestHeads({ client: dynamodb, table: pipeline.stack.table }),
        objects: new S3EvidenceObjects({ client: s3, bucket: pipeline.stack.bucket }),
        signer: new KmsDigestSigner({ client: kms, keyId }),
        clock: () => now,
        destroy: () => undefined,
      },
    );
    const io = captureIo({ now });
    const code = await main(
      [
        'verify',
        '--bucket',
        pipeline.stack.bucket,
        '--kms-key',
        keyId,
        '--endpoint-url',
        endpoint,
        '--region',
        REGION,
        '--from',
        hour.toISOString(),
        '--to',
        new Date(hour.getTime() + PERIOD_MS).toISOString(),
      ],
      io,
    );
    expect(code).not.toBe(0);
    expect(io.out() + io.err()).toMatch(/forged-acceptance/);
    expect(io.out() + io.err()).toContain('acc-f0f0f0f0f0f0');
  });
});
