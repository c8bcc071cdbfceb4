import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runVerify } from '#cli/commands/verify';
import { sealHourlyDigests } from '#functions/seal-digests';
import { digestKey, PERIOD_MS, parseDigest } from '#shared/evidence/digest';
import { captureIo } from '#test/support/cli-io';
import {
  MEMBER_ACCOUNTS,
  MEMBER_REGIONS,
  ORG_CHAINS,
  type OrgEvidence,
  orgEvidence,
  SEAL_OFFSETS,
} from './org-evidence';

const CENTRAL = MEMBER_ACCOUNTS[0];
const EXPECTED_ONLY = '444444444444';

/**
 * On moto: one evidence bucket holding what the real pipeline wrote for three member accounts in two regions,
 * sealed by the real seal-digests handler: every chain, each on its own, with the calls each run makes.
 */
describe('seal-digests over an organization: three accounts, two regions, one bucket (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let org: OrgEvidence;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    org = await orgEvidence(endpoint, 'vigil-orgseal');
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    org?.close();
  });

  const digestText = async (key: string): Promise<string> => {
    const response = await org.s3.send(new GetObjectCommand({ Bucket: org.pipeline.stack.bucket, Key: key }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  };

  it('the pipeline keyed the evidence by each item’s account and region', () => {
    const chains = new Set(org.batchKeys.map((key) => key.split('/').slice(1, 3).join('/')));
    expect([...chains].sort()).toEqual(ORG_CHAINS);
  });

  it('seals all six chains and an expected member that never wrote, each listing only its own evidence; calls grow with accounts and chains, not objects', async () => {
    const env = {
      MEMBER_ACCOUNTS: [...MEMBER_ACCOUNTS, EXPECTED_ONLY].join(','),
      MEMBER_REGIONS: MEMBER_REGIONS.join(','),
    };
    const first = org.sealer(org.at(SEAL_OFFSETS[0]), env);
    const report = await sealHourlyDigests({ account: CENTRAL }, first.runtime);
    const chains = [...ORG_CHAINS, `${EXPECTED_ONLY}/eu-west-1`, `${EXPECTED_ONLY}/us-east-1`];
    expect(report.chains.map((chain) => `${chain.accountId}/${chain.region}`)).toEqual(chains);
    expect(report.failed).toEqual([]);
    expect(report.created).toBe(8);
    expect(report.remaining).toBe(0);
    expect(report.chains.find((chain) => chain.accountId === EXPECTED_ONLY)?.origins).toEqual(['member']);
    expect(report.chains[0]?.origins).toEqual(['evidence', 'member']);

    let objects = 0;
    for (const name of chains) {
      const [accountId = '', region = ''] = name.split('/');
      const digest = parseDigest(await digestText(digestKey(accountId, region, org.hour)));
      expect(digest).toMatchObject({ accountId, region, previousDigestKey: null });
      for (const entry of digest.objects)
        expect(entry.key.startsWith(`findings/${accountId}/${region}/`)).toBe(true);
      if (accountId === EXPECTED_ONLY) expect(digest.objects).toEqual([]);
      else expect(digest.objectCount).toBeGreaterThan(0);
      objects += digest.objectCount;
    }
    // Three evaluator invocations, each writing one object per account and region it touched.
    expect(objects).toBe(org.batchKeys.length);
    expect(objects).toBe(12);

    // Discovery: findings/ once for its 3 accounts + once per account, remediations/ once (empty): 5 listings.
    // Per chain: its head (GetItem); per chain-hour: the digest key (GetObject, absent), the hour's two
    // prefixes (ListObjectVersions), each object version (GetObject), Sign, the locked put, the head's put.
    // Plus the public key once.
    expect(first.calls).toEqual({
      'S3.ListObjectVersions': 5 + 8 * 2,
      'DynamoDB.GetItem': 8,
      'S3.GetObject': 8 + objects,
      'KMS.GetPublicKey': 1,
      'KMS.Sign': 8,
      'S3.PutObject': 8,
      'DynamoDB.PutItem': 8,
    });
    first.runtime.destroy();

    // Two hours later every chain catches up two hours; the run after that has nothing to seal.
    const second = org.sealer(org.at(SEAL_OFFSETS[1]), env);
    const caughtUp = await sealHourlyDigests({ account: CENTRAL }, second.runtime);
    expect(caughtUp.chains.map((chain) => chain.sealed.length)).toEqual(Array(8).fill(2));
    expect(second.calls).toEqual({
      'S3.ListObjectVersions': 5 + 16 * 2,
      'DynamoDB.GetItem': 8,
      'S3.GetObject': 16,
      'KMS.GetPublicKey': 1,
      'KMS.Sign': 16,
      'S3.PutObject': 16,
      'DynamoDB.PutItem': 16,
    });
    second.runtime.destroy();
    const idle = org.sealer(org.at(SEAL_OFFSETS[1] + 5 * 60_000), env);
    const nothing = await sealHourlyDigests({ account: CENTRAL }, idle.runtime);
    expect(nothing.created).toBe(0);
    expect(idle.calls).toEqual({ 'S3.ListObjectVersions': 5, 'DynamoDB.GetItem': 8 });
    idle.runtime.destroy();
  });

  it('vigil verify --bucket passes every chain with the key pinned, one line per chain', async () => {
    const io = captureIo({ now: org.at(SEAL_OFFSETS[1]) });
    const code = await runVerify(
      [
        '--bucket',
        org.pipeline.stack.bucket,
        '--endpoint-url',
        endpoint,
        '--region',
        MEMBER_REGIONS[0],
        '--kms-key',
        org.keyId,
        '--to',
        org.at(3 * PERIOD_MS).toISOString(),
      ],
      io,
    );
    expect(io.out()).toMatch(/^PASS {2}24 digests .*: chain unbroken, signatures valid/);
    expect(code).toBe(0);
    for (const chain of ORG_CHAINS)
      expect(io.out()).toMatch(new RegExp(`^ {2}chain ${chain} +3 digests .*: ok$`, 'm'));
    expect(io.out()).toMatch(
      new RegExp(`^ {2}chain ${EXPECTED_ONLY}/us-east-1 +3 digests .*, 0 findings: ok$`, 'm'),
    );
  });
});
