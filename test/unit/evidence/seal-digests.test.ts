import { describe, expect, it } from 'vitest';
import { SEALER_TIME_RESERVE_MS, sealHourlyDigests } from '#functions/seal-digests';
import { ConfigError } from '#shared/config';
import { DigestSealingError } from '#shared/evidence/chain-sealer';
import { parseDigest } from '#shared/evidence/digest';
import { EvidenceError } from '#shared/evidence/errors';
import { batchKey } from '#shared/evidence/finding';
import { parseSealerConfig, type SealerRuntime } from '#shared/evidence/sealer-runtime';
import { LocalSigner, MemoryDigestHeads, MemoryObjects } from './fakes';

function runtime(
  now: string,
  env: Readonly<Record<string, string>> = {},
): SealerRuntime & { objects: MemoryObjects; heads: MemoryDigestHeads } {
  return {
    config: parseSealerConfig({
      EVIDENCE_BUCKET: 'vigil-evidence',
      STATE_TABLE: 'vigil-state',
      DIGEST_SIGNING_KEY_ID: 'alias/vigil-digests',
      AWS_REGION: 'eu-west-1',
      ...env,
    }),
    heads: new MemoryDigestHeads(),
    objects: new MemoryObjects(() => new Date(now)),
    signer: new LocalSigner(),
    clock: () => new Date(now),
    destroy: () => undefined,
  };
}

describe('parseSealerConfig', () => {
  it('applies defaults', () => {
    expect(
      parseSealerConfig({ EVIDENCE_BUCKET: 'vigil-evidence', STATE_TABLE: 't', DIGEST_SIGNING_KEY_ID: 'k' }),
    ).toEqual({
      bucket: 'vigil-evidence',
      table: 't',
      retentionDays: 400,
      signingKeyId: 'k',
      graceMinutes: 10,
      maxPeriods: 48,
      maxHoursPerRun: 1000,
      chainConcurrency: 4,
      region: 'us-east-1',
      endpointUrl: undefined,
    });
  });

  it('reads the member accounts and regions of organization mode as lists', () => {
    const config = parseSealerConfig({
      EVIDENCE_BUCKET: 'vigil-evidence',
      STATE_TABLE: 't',
      DIGEST_SIGNING_KEY_ID: 'k',
      MEMBER_ACCOUNTS: ' 111111111111, 222222222222,111111111111,',
      MEMBER_REGIONS: 'eu-west-1,us-east-1',
      DIGEST_MAX_HOURS_PER_RUN: '200',
      DIGEST_CHAIN_CONCURRENCY: '8',
    });
    expect(config).toMatchObject({
      memberAccounts: ['111111111111', '222222222222'],
      memberRegions: ['eu-west-1', 'us-east-1'],
      maxHoursPerRun: 200,
      chainConcurrency: 8,
    });
    expect(
      parseSealerConfig({
        EVIDENCE_BUCKET: 'b-1',
        STATE_TABLE: 't',
        DIGEST_SIGNING_KEY_ID: 'k',
        MEMBER_REGIONS: '',
      }),
    ).not.toHaveProperty('memberRegions');
  });

  it('names malformed member accounts and regions', () => {
    expect(() =>
      parseSealerConfig({
        EVIDENCE_BUCKET: 'vigil-evidence',
        STATE_TABLE: 't',
        DIGEST_SIGNING_KEY_ID: 'k',
        MEMBER_ACCOUNTS: '1111,222222222222',
        MEMBER_REGIONS: 'Europe',
      }),
    ).toThrow(/MEMBER_ACCOUNTS: not 12-digit account ids: 1111.*MEMBER_REGIONS: not region names: Europe/);
  });

  it('names every missing or malformed variable', () => {
    expect(() =>
      parseSealerConfig({ EVIDENCE_BUCKET: 'vigil-evidence', DIGEST_GRACE_MINUTES: '90' }),
    ).toThrow(ConfigError);
    expect(() =>
      parseSealerConfig({ EVIDENCE_BUCKET: 'vigil-evidence', DIGEST_GRACE_MINUTES: '90' }),
    ).toThrow(
      /STATE_TABLE.*DIGEST_SIGNING_KEY_ID.*DIGEST_GRACE_MINUTES|STATE_TABLE.*DIGEST_GRACE_MINUTES.*DIGEST_SIGNING_KEY_ID/,
    );
  });
});

describe('seal-digests handler', () => {
  it('seals the chain of the scheduled event account in the function region', async () => {
    const deps = runtime('2026-11-23T11:12:00Z');
    const report = await sealHourlyDigests(
      { account: '111122223333', 'detail-type': 'Scheduled Event' },
      deps,
    );
    expect(report.chains.flatMap((chain) => chain.sealed.map((period) => period.key))).toEqual([
      'digests/111122223333/eu-west-1/2026/11/23/10.json',
    ]);
    expect(report.chains[0]?.origins).toEqual(['own']);
  });

  it('falls back to the account of the function ARN', async () => {
    const deps = runtime('2026-11-23T11:12:00Z');
    const report = await sealHourlyDigests({}, deps, {
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:444455556666:function:vigil-seal-digests',
    });
    expect(report.chains[0]?.sealed[0]?.key).toBe('digests/444455556666/eu-west-1/2026/11/23/10.json');
  });

  it('refuses to guess an account', async () => {
    await expect(sealHourlyDigests({}, runtime('2026-11-23T11:12:00Z'))).rejects.toBeInstanceOf(
      EvidenceError,
    );
  });

  it('seals every chain with evidence besides its own, and in organization mode every member chain', async () => {
    const deps = runtime('2026-11-23T11:12:00Z', {
      MEMBER_ACCOUNTS: '111111111111,222222222222',
      MEMBER_REGIONS: 'eu-west-1,us-east-1',
    });
    deps.objects.write(batchKey('111111111111', 'eu-west-1', new Date('2026-11-23T10:05:00Z'), 'a'), 'a\n');
    deps.objects.write(batchKey('333333333333', 'ap-south-1', new Date('2026-11-23T10:06:00Z'), 'b'), 'b\n');
    const report = await sealHourlyDigests({ account: '999999999999' }, deps);
    expect(report.chains.map((chain) => [`${chain.accountId}/${chain.region}`, chain.origins])).toEqual([
      ['111111111111/eu-west-1', ['evidence', 'member']],
      ['111111111111/us-east-1', ['member']],
      ['222222222222/eu-west-1', ['member']],
      ['222222222222/us-east-1', ['member']],
      ['333333333333/ap-south-1', ['evidence']],
      ['999999999999/eu-west-1', ['own']],
    ]);
    expect(report.created).toBe(6);
    expect(report.failed).toEqual([]);
    // A member that never wrote still gets its hour sealed, empty: a visible gap, not a missing chain.
    const empty = parseDigest(deps.objects.text('digests/222222222222/us-east-1/2026/11/23/10.json'));
    expect(empty.objects).toEqual([]);
    expect(
      parseDigest(deps.objects.text('digests/111111111111/eu-west-1/2026/11/23/10.json')).objectCount,
    ).toBe(1);
  });

  it('seals the other chains when one fails, then fails the run naming it', async () => {
    const deps = runtime('2026-11-23T11:12:00Z');
    deps.objects.write(batchKey('111111111111', 'eu-west-1', new Date('2026-11-23T10:05:00Z'), 'a'), 'a\n');
    const broken = deps.objects.write(
      batchKey('222222222222', 'eu-west-1', new Date('2026-11-23T10:05:00Z'), 'b'),
      'b\n',
    );
    const get = deps.objects.get.bind(deps.objects);
    deps.objects.get = async (key, versionId) =>
      versionId === broken.versionId ? undefined : get(key, versionId);
    const run = sealHourlyDigests({ account: '111111111111' }, deps);
    await expect(run).rejects.toBeInstanceOf(DigestSealingError);
    await expect(run).rejects.toThrow(/1 of 2 chains failed .*222222222222\/eu-west-1: version /);
    expect(deps.objects.objects.has('digests/111111111111/eu-west-1/2026/11/23/10.json')).toBe(true);
    expect(deps.objects.objects.has('digests/222222222222/eu-west-1/2026/11/23/10.json')).toBe(false);
  });

  it('fails the run, sealing nothing, when a discovery listing fails', async () => {
    const deps = runtime('2026-11-23T11:12:00Z');
    deps.objects.write(batchKey('111111111111', 'eu-west-1', new Date('2026-11-23T10:05:00Z'), 'a'), 'a\n');
    deps.objects.listPrefixes = async function* (prefix: string) {
      if (prefix === 'remediations/') throw new EvidenceError('cannot list the prefixes under remediations/');
      yield* [];
    };
    await expect(sealHourlyDigests({ account: '111111111111' }, deps)).rejects.toThrow(/remediations\//);
    expect([...deps.objects.objects.keys()].filter((key) => key.startsWith('digests/'))).toEqual([]);
  });

  it('starts no hour once less than the reserve is left before the timeout', async () => {
    const deps = runtime('2026-11-23T11:12:00Z');
    const report = await sealHourlyDigests({ account: '111111111111' }, deps, {
      getRemainingTimeInMillis: () => SEALER_TIME_RESERVE_MS - 1,
    });
    expect(report.created).toBe(0);
    expect(report.remaining).toBe(1);
    expect(report.stoppedBy).toBe('time');
  });
});
