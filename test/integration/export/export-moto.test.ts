import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '#cli/vigil';
import { runExportFunction } from '#functions/export';
import { publicKeyFingerprint, readPublicKey } from '#shared/evidence/digest';
import { KmsDigestSigner } from '#shared/evidence/digest-signer';
import { S3EvidenceObjects } from '#shared/evidence/s3-evidence-objects';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import { S3EvidenceSource } from '#shared/export/evidence-source';
import { verifyManifestSignature } from '#shared/export/manifest';
import { parseExportSettings } from '#shared/export/settings';
import { captureIo } from '#test/support/cli-io';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import { checkBundle } from '#test/unit/export/check-bundle';
import { batchBodyOf, buildFindings, IN_PERIOD, SCENARIO, storeAndSeal } from '#test/unit/export/scenario';

const BASE = Date.parse('2026-10-01T00:00:00Z');

/**
 * The hand-computed scenario with time squeezed twelvefold around October 1 00:00 (3 days → 6 hours), so
 * sealing it takes a dozen hourly digests: times to remediate become 30 min, 2 h and 10 min.
 */
const COMPACT = SCENARIO.map((step) => ({
  ...step,
  captureTime: new Date(BASE + (Date.parse(step.captureTime) - BASE) / 12).toISOString(),
}));

async function download(s3: S3Client, bucket: string, prefix: string, dir: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
  for (const key of keys) {
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body?.transformToByteArray();
    const file = join(dir, ...key.slice(prefix.length).split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body ?? new Uint8Array());
  }
  return keys;
}

describe('evidence export against moto: batches stored through S3EvidenceStore, sealed, exported', () => {
  const endpoint = inject('motoEndpoint');
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const kms = new KMSClient(awsClientConfig(endpoint));
  const bucket = uniqueName('vigil-export');
  const findings = buildFindings(COMPACT);
  let keyArn = '';
  let root = '';
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
    });
    root = await mkdtemp(join(tmpdir(), 'vigil-export-moto-'));
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
        },
      }),
    );
    const key = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    keyArn = key.KeyMetadata?.Arn ?? '';

    // Write every finding as the pipeline does (a conditional, locked put of its batch object), then seal
    // both chains with the real sealer from their first write's hour to 2026-10-01 06:00.
    const store = new S3EvidenceStore({ client: s3, bucket, retentionDays: 1 });
    await storeAndSeal(
      new S3EvidenceObjects({ client: s3, bucket }),
      findings,
      async (key, body, writtenAt) => {
        expect((await store.putBatch(key, body, writtenAt)).status).toBe('created');
      },
      {
        signer: new KmsDigestSigner({ client: kms, keyId: keyArn }),
        sealUntil: new Date('2026-10-01T08:00:00Z'),
      },
    );
  });

  afterAll(async () => {
    process.env = saved;
    s3.destroy();
    kms.destroy();
    await rm(root, { recursive: true, force: true });
  });

  it('vigil export --bucket writes the period’s findings byte for byte, their digests and the signing key', async () => {
    const io = captureIo();
    const out = join(root, 'cli-bundle');
    const code = await main(
      [
        'export',
        '--bucket',
        bucket,
        '--endpoint-url',
        endpoint,
        '--region',
        'us-east-1',
        '--from',
        '2026-10-01T00:00:00Z',
        '--to',
        '2026-10-01T06:00:00Z',
        '--out',
        out,
        '--concurrency',
        '4',
      ],
      io,
    );
    expect(io.err()).toContain(`export: ${IN_PERIOD} findings`);
    expect(code).toBe(0);
    const bundle = await checkBundle(out);
    expect(bundle.manifest.source).toBe(`s3://${bucket}`);
    expect(bundle.manifest.counts).toEqual({
      findings: IN_PERIOD,
      attestations: 0,
      objects: IN_PERIOD,
      remediationRecords: 0,
      digests: 12,
      problems: 0,
    });

    // findings.jsonl holds each stored line once; every object is copied with the bytes S3 returns.
    const stored = new Set(findings.map((stored) => batchBodyOf(stored)));
    expect(bundle.lines.every((line) => stored.has(`${line}\n`))).toBe(true);
    for (const object of bundle.manifest.objects) {
      const got = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: object.key, VersionId: object.versionId }),
      );
      expect(await readFile(join(out, object.path))).toEqual(
        Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array()),
      );
    }

    // Digests: every hour of the period, per chain, no gaps (both chains are sealed hour by hour).
    const chains = new Map<string, { key: string }[]>();
    for (const digest of bundle.manifest.digests) {
      const chain = digest.key.split('/').slice(1, 3).join('/');
      chains.set(chain, [...(chains.get(chain) ?? []), digest]);
    }
    expect([...chains.keys()].sort()).toEqual(['111111111111/us-east-1', '222222222222/eu-west-1']);
    expect(chains.get('111111111111/us-east-1')?.map((digest) => digest.key.slice(-18))).toEqual([
      '2026/10/01/00.json',
      '2026/10/01/01.json',
      '2026/10/01/02.json',
      '2026/10/01/03.json',
      '2026/10/01/04.json',
      '2026/10/01/05.json',
    ]);
    expect(chains.get('222222222222/eu-west-1')?.map((digest) => digest.key.slice(-18))).toEqual(
      chains.get('111111111111/us-east-1')?.map((digest) => digest.key.slice(-18)),
    );
    expect(bundle.manifest.chains).toEqual([
      {
        accountId: '111111111111',
        region: 'us-east-1',
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-01T06:00:00.000Z',
      },
      {
        accountId: '222222222222',
        region: 'eu-west-1',
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-01T06:00:00.000Z',
      },
    ]);

    // The manifest is signed, by default with the key the digests name, whose public key it carries.
    const pem = bundle.manifest.publicKeyPem ?? '';
    const digest = JSON.parse(
      await readFile(join(out, bundle.manifest.digests[0]?.path ?? 'missing'), 'utf8'),
    );
    const fingerprint = publicKeyFingerprint(readPublicKey(pem));
    expect(fingerprint).toBe(digest.signing.publicKeyFingerprint);
    expect(bundle.manifest.signing).toEqual({
      keyId: digest.signing.keyId,
      algorithm: 'RSASSA_PSS_SHA_256',
      publicKeyFingerprint: fingerprint,
    });
    expect(verifyManifestSignature(bundle.manifest, readPublicKey(pem))).toBe(true);
    expect(io.out()).toContain(`Manifest signed by ${digest.signing.keyId}, key sha256:${fingerprint}`);
    expect(bundle.html).toContain(`sha256:${fingerprint}`);

    const cc61 = bundle.summary.criteria.find((criterion) => criterion.criterion === 'CC6.1');
    expect(cc61).toMatchObject({
      evaluations: 9,
      passRate: 0.5,
      failures: 4,
      remediated: 3,
      openFailuresAtEnd: 1,
    });
    expect(cc61?.timeToRemediate).toEqual({ count: 3, medianSeconds: 1800, maxSeconds: 7200 });
    expect(bundle.ocsf).toHaveLength(IN_PERIOD);
    expect(bundle.csv).toHaveLength(1 + IN_PERIOD);

    // The bundle verifies clean with the key pinned from KMS (the auditor's own GetPublicKey) or from a file.
    const byKms = captureIo();
    expect(
      await main(['verify', '--bundle', out, '--kms-key', keyArn, '--endpoint-url', endpoint], byKms),
    ).toBe(0);
    expect(byKms.out()).toMatch(new RegExp(`^PASS .*\\(pinned key sha256:${fingerprint}\\)`));
    const keyFile = join(root, 'digest-key.pem');
    await writeFile(keyFile, pem);
    expect(await main(['verify', '--bundle', out, '--public-key', keyFile], captureIo())).toBe(0);
    // Unpinned, the same bundle is only UNPINNED, naming the fingerprint to confirm.
    const unpinned = captureIo();
    expect(await main(['verify', '--bundle', out], unpinned)).toBe(4);
    expect(unpinned.out()).toContain(`confirm fingerprint sha256:${fingerprint}`);
  });

  it('vigil export --signing-key signs with the key named, and exits 2 writing nothing for a key KMS does not know', async () => {
    const run = (out: string, key: string, io = captureIo()) =>
      main(
        [
          'export',
          '--bucket',
          bucket,
          '--endpoint-url',
          endpoint,
          '--region',
          'us-east-1',
          '--from',
          '2026-10-01',
          '--to',
          '2026-10-01',
          '--out',
          out,
          '--signing-key',
          key,
          '-q',
        ],
        io,
      );
    const named = join(root, 'cli-named-key');
    expect(await run(named, keyArn)).toBe(0);
    const verifyIo = captureIo();
    expect(
      await main(['verify', '--bundle', named, '--kms-key', keyArn, '--endpoint-url', endpoint], verifyIo),
    ).toBe(0);

    const io = captureIo();
    const unknown = join(root, 'cli-unknown-key');
    expect(await run(unknown, 'alias/vigil-no-such-key', io)).toBe(2);
    expect(io.err()).toMatch(
      /^vigil: cannot read the manifest signing key: cannot read the public key of alias\/vigil-no-such-key/,
    );
    await expect(readFile(join(unknown, 'manifest.json'))).rejects.toThrow();
  });

  it('vigil export --out s3://… uploads the bundle and reports done only after the upload', async () => {
    const io = captureIo({ isTTY: true });
    const code = await main(
      [
        'export',
        '--bucket',
        bucket,
        '--endpoint-url',
        endpoint,
        '--from',
        '2026-10-01',
        '--to',
        '2026-10-01',
        '--out',
        `s3://${bucket}/audits/october`,
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toContain(`to s3://${bucket}/audits/october/`);
    expect(io.err()).toMatch(/· done\n$/);
    const dir = join(root, 'cli-s3-bundle');
    await download(s3, bucket, 'audits/october/', dir);
    const bundle = await checkBundle(dir);
    expect(bundle.manifest.counts.findings).toBe(IN_PERIOD + 1);
  });

  it('the export function writes an on-demand bundle under exports/ in the locked bucket', async () => {
    const settings = parseExportSettings({
      EVIDENCE_BUCKET: bucket,
      EXPORT_CONCURRENCY: '4',
      DIGEST_SIGNING_KEY_ID: keyArn,
    });
    const response = await runExportFunction(
      { from: '2026-10-01', to: '2026-10-01', accounts: ['222222222222'] },
      {
        settings,
        source: new S3EvidenceSource({ client: s3, bucket }),
        destination: (prefix) => ({ kind: 's3', client: s3, bucket, prefix }),
        signer: new KmsDigestSigner({ client: kms, keyId: keyArn }),
        clock: () => new Date('2026-11-02T03:04:05.678Z'),
      },
    );
    expect(response).toEqual({
      location: `s3://${bucket}/exports/2026-10-01_2026-10-01/20261102T030405Z/`,
      period: { from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' },
      findings: 2,
      digests: 7,
      problems: 0,
    });
    const dir = join(root, 'lambda-bundle');
    const keys = await download(s3, bucket, 'exports/2026-10-01_2026-10-01/20261102T030405Z/', dir);
    const bundle = await checkBundle(dir);
    expect(bundle.manifest.accounts).toEqual(['222222222222']);
    const verifyIo = captureIo();
    expect(
      await main(['verify', '--bundle', dir, '--kms-key', keyArn, '--endpoint-url', endpoint], verifyIo),
    ).toBe(0);
    expect(verifyIo.out()).toMatch(/^PASS/);
    // Signed with DIGEST_SIGNING_KEY_ID (moto's GetPublicKey names the bare key id, AWS the ARN).
    expect(keyArn.endsWith(`/${bundle.manifest.signing?.keyId}`)).toBe(true);
    expect(keys).toHaveLength(bundle.manifest.files.length + 1);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: keys[0] }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
  });

  it('the export function writes each bundle file once: a second run into the same prefix fails', async () => {
    const deps = {
      settings: parseExportSettings({
        EVIDENCE_BUCKET: bucket,
        EXPORT_PREFIX: 'once',
        DIGEST_SIGNING_KEY_ID: keyArn,
      }),
      source: new S3EvidenceSource({ client: s3, bucket }),
      destination: (prefix: string) => ({ kind: 's3' as const, client: s3, bucket, prefix }),
      signer: new KmsDigestSigner({ client: kms, keyId: keyArn }),
      clock: () => new Date('2026-11-03T04:05:06Z'),
    };
    const request = { from: '2026-10-01', to: '2026-10-01', accounts: ['222222222222'] };
    const first = await runExportFunction(request, deps);
    await expect(runExportFunction(request, deps)).rejects.toThrow(/already exists/);
    const keys = await download(
      s3,
      bucket,
      first.location.replace(`s3://${bucket}/`, ''),
      join(root, 'once'),
    );
    const bundle = await checkBundle(join(root, 'once'));
    expect(keys).toHaveLength(bundle.manifest.files.length + 1);
  });

  it('a scheduled run exports the previous calendar month', async () => {
    const response = await runExportFunction(
      { source: 'aws.scheduler', 'detail-type': 'Scheduled Event', account: '111111111111' },
      {
        settings: parseExportSettings({
          EVIDENCE_BUCKET: bucket,
          EXPORT_PREFIX: 'monthly',
          DIGEST_SIGNING_KEY_ID: keyArn,
        }),
        source: new S3EvidenceSource({ client: s3, bucket }),
        destination: (prefix) => ({ kind: 's3', client: s3, bucket, prefix }),
        signer: new KmsDigestSigner({ client: kms, keyId: keyArn }),
        clock: () => new Date('2026-11-01T02:00:00Z'),
      },
    );
    expect(response.location).toBe(`s3://${bucket}/monthly/2026-10-01_2026-10-31/20261101T020000Z/`);
    expect(response.period).toEqual({ from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' });
    expect(response.findings).toBe(IN_PERIOD + 1);
  });
});
