import { describe, expect, it } from 'vitest';
import { chainsToSeal, sealAllChains } from '#shared/evidence/chain-sealer';
import { digestKey, parseDigest } from '#shared/evidence/digest';
import { EvidenceError } from '#shared/evidence/errors';
import { chainName, discoverEvidenceChains } from '#shared/evidence/evidence-chains';
import { batchKey, sealFinding } from '#shared/evidence/finding';
import { type VerifyBucketOptions, verifyBucket } from '#shared/evidence/verify-bucket';
import { verdictOf } from '#shared/evidence/verify-evidence';
import { batchBody, LocalSigner, MemoryDigestHeads, MemoryObjects, makeFinding } from './fakes';

const signer = new LocalSigner();
const OWN = { accountId: '999999999999', region: 'us-east-1' };

function setup(now: string) {
  let clock = new Date(now);
  const objects = new MemoryObjects(() => clock);
  return {
    heads: new MemoryDigestHeads(),
    objects,
    signer,
    clock: () => clock,
    setNow: (time: string) => {
      clock = new Date(time);
    },
  };
}

function write(objects: MemoryObjects, account: string, region: string, time: string): void {
  objects.write(batchKey(account, region, new Date(time), `${account}-${region}-${time}`), 'x\n');
}

describe('discoverEvidenceChains', () => {
  it('lists accounts once per evidence prefix and regions once per account, versions and delete markers alike', async () => {
    const { objects } = setup('2026-11-23T11:15:00Z');
    for (const account of ['111111111111', '222222222222', '333333333333']) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        for (const hour of ['08', '09', '10']) write(objects, account, region, `2026-11-23T${hour}:05:00Z`);
      }
    }
    objects.write('remediations/111111111111/ap-south-1/2026/11/23/10/aws-s3-bucket/r.json', '{}\n');
    const hidden = batchKey('444444444444', 'us-east-1', new Date('2026-11-23T10:05:00Z'), 'gone');
    objects.write(hidden, 'x\n');
    objects.deleteObject(hidden);
    const found = await discoverEvidenceChains(objects);
    expect(found.chains.map(chainName)).toEqual([
      '111111111111/ap-south-1',
      '111111111111/eu-west-1',
      '111111111111/us-east-1',
      '222222222222/eu-west-1',
      '222222222222/us-east-1',
      '333333333333/eu-west-1',
      '333333333333/us-east-1',
      '444444444444/us-east-1',
    ]);
    // 2 listings of the evidence prefixes, 4 accounts under findings/, 1 under remediations/: not per object.
    expect(found.listings).toBe(7);
    expect(objects.prefixListings).toEqual([
      'findings/',
      'findings/111111111111/',
      'findings/222222222222/',
      'findings/333333333333/',
      'findings/444444444444/',
      'remediations/',
      'remediations/111111111111/',
    ]);
  });

  it('skips prefixes that are not how the pipeline encodes an account or region', async () => {
    const { objects } = setup('2026-11-23T11:15:00Z');
    write(objects, '111111111111', 'eu-west-1', '2026-11-23T10:05:00Z');
    objects.write('findings/%E0%A4%A/eu-west-1/x.jsonl', 'x\n');
    objects.write('findings/111111111111/eu%2dwest-1/x.jsonl', 'x\n');
    const found = await discoverEvidenceChains(objects);
    expect(found.chains.map(chainName)).toEqual(['111111111111/eu-west-1']);
    expect(found.skipped).toEqual(['findings/%E0%A4%A/', 'findings/111111111111/eu%2dwest-1/']);
  });
});

describe('chainsToSeal', () => {
  const found = [
    { accountId: '111111111111', region: 'eu-west-1' },
    { accountId: '333333333333', region: 'eu-west-1' },
  ];

  it('is the own chain and the chains with evidence in single-account mode', () => {
    expect(chainsToSeal(found, { own: OWN }).map((entry) => chainName(entry.chain))).toEqual([
      '111111111111/eu-west-1',
      '333333333333/eu-west-1',
      '999999999999/us-east-1',
    ]);
  });

  it('adds every member account in every member region', () => {
    const chains = chainsToSeal(found, {
      own: OWN,
      memberAccounts: ['111111111111', '222222222222'],
      memberRegions: ['eu-west-1', 'us-east-1'],
    });
    expect(chains.map((entry) => [chainName(entry.chain), entry.origins.join('+')])).toEqual([
      ['111111111111/eu-west-1', 'evidence+member'],
      ['111111111111/us-east-1', 'member'],
      ['222222222222/eu-west-1', 'member'],
      ['222222222222/us-east-1', 'member'],
      ['333333333333/eu-west-1', 'evidence'],
      ['999999999999/us-east-1', 'own'],
    ]);
  });

  it('without member accounts, expects every known account in every member region', () => {
    const chains = chainsToSeal(found, { own: OWN, memberRegions: ['eu-west-1', 'us-east-1'] });
    expect(chains.map((entry) => chainName(entry.chain))).toEqual([
      '111111111111/eu-west-1',
      '111111111111/us-east-1',
      '333333333333/eu-west-1',
      '333333333333/us-east-1',
      '999999999999/eu-west-1',
      '999999999999/us-east-1',
    ]);
  });
});

describe('sealAllChains', () => {
  const options = { own: OWN, retentionDays: 400 };

  it('chains each account and region on its own, every hour listing only its own prefixes', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    write(deps.objects, '111111111111', 'eu-west-1', '2026-11-23T10:05:00Z');
    write(deps.objects, '111111111111', 'us-east-1', '2026-11-23T10:06:00Z');
    write(deps.objects, '111111111111', 'us-east-1', '2026-11-23T10:07:00Z');
    const report = await sealAllChains(deps, options);
    expect(report.chains.map((chain) => [chainName(chain), chain.sealed.map((p) => p.objectCount)])).toEqual([
      ['111111111111/eu-west-1', [1]],
      ['111111111111/us-east-1', [2]],
      ['999999999999/us-east-1', [0]],
    ]);
    const digest = parseDigest(
      deps.objects.text(digestKey('111111111111', 'us-east-1', new Date('2026-11-23T10:00:00Z'))),
    );
    expect(digest.objects.every((entry) => entry.key.startsWith('findings/111111111111/us-east-1/'))).toBe(
      true,
    );
    expect(await deps.heads.getHead('111111111111', 'eu-west-1')).toMatchObject({
      periodStart: '2026-11-23T10:00:00.000Z',
    });
  });

  it('under the per-run budget seals in rounds, the chain furthest behind first, so none starves', async () => {
    const deps = setup('2026-11-23T06:15:00Z');
    for (const account of ['111111111111', '222222222222'])
      write(deps.objects, account, 'eu-west-1', '2026-11-23T05:05:00Z');
    await sealAllChains(deps, options);
    // A third chain appears later; the first two are then 5 hours behind, the new one starts at the newest hour.
    write(deps.objects, '333333333333', 'eu-west-1', '2026-11-23T10:05:00Z');
    deps.setNow('2026-11-23T11:15:00Z');
    const sealedBy = (report: Awaited<ReturnType<typeof sealAllChains>>) =>
      report.chains.map((chain) => [chainName(chain), chain.sealed.length, chain.remaining]);
    const first = await sealAllChains(deps, { ...options, maxHoursPerRun: 2 });
    expect(first.stoppedBy).toBe('hours-per-run');
    expect(sealedBy(first)).toEqual([
      ['111111111111/eu-west-1', 1, 4],
      ['222222222222/eu-west-1', 1, 4],
      ['333333333333/eu-west-1', 0, 1],
      ['999999999999/us-east-1', 0, 5],
    ]);
    expect(first.remaining).toBe(5);
    // The next run starts with the chain the budget left furthest behind.
    const next = await sealAllChains(deps, { ...options, maxHoursPerRun: 2 });
    expect(sealedBy(next)).toEqual([
      ['111111111111/eu-west-1', 1, 3],
      ['222222222222/eu-west-1', 0, 4],
      ['333333333333/eu-west-1', 0, 1],
      ['999999999999/us-east-1', 1, 4],
    ]);
    const second = await sealAllChains(deps, { ...options, maxHoursPerRun: 100 });
    expect(second.stoppedBy).toBeUndefined();
    expect(second.remaining).toBe(0);
    expect(second.chains.map((chain) => chain.head?.periodStart)).toEqual(
      Array(4).fill('2026-11-23T10:00:00.000Z'),
    );
  });

  it('seals at most maxPeriods hours of one chain per run', async () => {
    const deps = setup('2026-11-23T01:15:00Z');
    await sealAllChains(deps, options);
    deps.setNow('2026-11-23T11:15:00Z');
    const report = await sealAllChains(deps, { ...options, maxPeriods: 4 });
    expect(report.chains[0]?.sealed).toHaveLength(4);
    expect(report.remaining).toBe(6);
    expect(report.stoppedBy).toBeUndefined();
  });

  it('reports a chain whose head cannot be read as failed, and seals the others', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    write(deps.objects, '111111111111', 'eu-west-1', '2026-11-23T10:05:00Z');
    const getHead = deps.heads.getHead.bind(deps.heads);
    deps.heads.getHead = async (accountId, region) => {
      if (accountId === '111111111111') throw new EvidenceError('cannot read the digest chain head');
      return getHead(accountId, region);
    };
    const report = await sealAllChains(deps, options);
    expect(report.failed).toEqual(['111111111111/eu-west-1']);
    expect(report.chains[0]?.error).toBe('cannot read the digest chain head');
    expect(report.chains[1]?.sealed).toHaveLength(1);
  });

  it('stops starting hours when the time is up and says so', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    write(deps.objects, '111111111111', 'eu-west-1', '2026-11-23T10:05:00Z');
    // Time runs out once the first digest is written.
    const report = await sealAllChains(deps, {
      ...options,
      chainConcurrency: 1,
      timeLeft: () => (deps.objects.puts === 0 ? 60_000 : 0),
    });
    expect(report.created).toBe(1);
    expect(report.stoppedBy).toBe('time');
    expect(report.chains.map((chain) => chain.remaining)).toEqual([0, 1]);
  });
});

describe('vigil verify --bucket over the chains of an organization', () => {
  async function orgBucket() {
    const deps = setup('2026-11-23T11:15:00Z');
    for (const accountId of ['111111111111', '222222222222']) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        const { hash: _hash, ...unsealed } = makeFinding({ evaluatedAt: '2026-11-23T10:05:00.000Z' });
        const finding = sealFinding({ ...unsealed, resource: { ...unsealed.resource, accountId, region } });
        const key = batchKey(accountId, region, new Date(finding.evaluatedAt), 'batch');
        deps.objects.write(key, batchBody([finding]));
      }
    }
    await sealAllChains(deps, {
      own: { accountId: '111111111111', region: 'eu-west-1' },
      retentionDays: 400,
    });
    return deps.objects;
  }
  const verify = (objects: MemoryObjects, more: Partial<VerifyBucketOptions> = {}) =>
    verifyBucket({
      reader: objects,
      publicKeys: signer.resolver(),
      pin: { kind: 'key', key: signer.public },
      now: new Date('2026-11-23T12:15:00Z'),
      skipRetention: true,
      ...more,
    });

  it('reports each chain with its digests and findings, and the whole bucket as its scope', async () => {
    const report = await verify(await orgBucket());
    expect(verdictOf(report)).toBe('PASS');
    expect(report.scope).toEqual({ accounts: 'all', regions: 'all' });
    expect(
      report.chains.map((chain) => [`${chain.accountId}/${chain.region}`, chain.digests, chain.findings]),
    ).toEqual([
      ['111111111111/eu-west-1', 1, 1],
      ['111111111111/us-east-1', 1, 1],
      ['222222222222/eu-west-1', 1, 1],
      ['222222222222/us-east-1', 1, 1],
    ]);
  });

  it('verifies only the accounts and regions asked for, and names one that has no chain', async () => {
    const objects = await orgBucket();
    const one = await verify(objects, { accounts: ['222222222222'], regions: ['us-east-1'] });
    expect(one.problems).toEqual([]);
    expect(one.scope).toEqual({ accounts: ['222222222222'], regions: ['us-east-1'] });
    expect(one.chains.map((chain) => `${chain.accountId}/${chain.region}`)).toEqual([
      '222222222222/us-east-1',
    ]);
    const absent = await verify(objects, { accounts: ['333333333333', '111111111111'] });
    expect(absent.problems.map((problem) => [problem.kind, problem.key, problem.detail])).toEqual([
      ['missing', 'digests/333333333333/', 'no digest of account 333333333333 for the period'],
    ]);
    expect(absent.chains).toHaveLength(2);
  });

  it('names the chain of a deleted digest in its per-chain problems', async () => {
    const objects = await orgBucket();
    objects.removeVersion('digests/222222222222/eu-west-1/2026/11/23/10.json');
    const report = await verify(objects);
    expect(
      report.chains.find((chain) => chain.accountId === '222222222222' && chain.region === 'eu-west-1'),
    ).toMatchObject({
      digests: 0,
      problems: { missing: 1 },
    });
  });
});
