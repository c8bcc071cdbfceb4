import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runVerify } from '#cli/commands/verify';
import { main } from '#cli/vigil';
import { publicKeyFingerprint, publicKeyPem } from '#shared/evidence/digest';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { captureIo } from '#test/support/cli-io';
import { forgeBundle } from './bundle-tampering';
import { LocalSigner, sealedEstate } from './fakes';

const signer = new LocalSigner();
const FINGERPRINT = publicKeyFingerprint(signer.public);
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function bundle(): Promise<string> {
  const { objects } = await sealedEstate(signer);
  const source = await tempDir('vigil-src-');
  for (const [key, object] of objects.objects) {
    await mkdir(dirname(join(source, key)), { recursive: true });
    await writeFile(join(source, key), object.bytes);
  }
  const outDir = join(await tempDir('vigil-out-'), 'bundle');
  await exportBundle({
    source: new DirectoryEvidenceSource(source),
    period: { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') },
    outDir,
    generator: { name: 'vigil', version: 'test' },
    signer: { kind: 'key', signer },
    publicKeyPem: publicKeyPem(signer.public),
  });
  return outDir;
}

async function pemFile(key: LocalSigner): Promise<string> {
  const path = join(await tempDir('vigil-key-'), 'key.pem');
  await writeFile(path, publicKeyPem(key.public));
  return path;
}

describe('vigil verify --bundle', () => {
  it('prints PASS with the scope and the pinned key fingerprint, exit 0', async () => {
    const dir = await bundle();
    const io = captureIo();
    expect(await main(['verify', '--bundle', dir, '--key-fingerprint', `sha256:${FINGERPRINT}`], io)).toBe(0);
    expect(io.out()).toBe(
      `PASS  3 digests (2026-11-23T09:00:00.000Z to 2026-11-23T12:00:00.000Z), 7 findings, 2 attestations, 1 remediation records: chain unbroken, signatures valid (pinned key sha256:${FINGERPRINT}), every finding listed and intact\n` +
        '  scope: every account, every region\n' +
        '  chain 111122223333/us-east-1  3 digests (2026-11-23T09:00:00.000Z to 2026-11-23T12:00:00.000Z), 7 findings, 2 attestations, 1 remediation records: ok\n',
    );
  });

  it('without a pin checks everything, then prints UNPINNED with the fingerprint to confirm, exit 4', async () => {
    const dir = await bundle();
    const io = captureIo();
    expect(await main(['verify', '--bundle', dir], io)).toBe(4);
    expect(io.out()).toMatch(
      /^UNPINNED {2}3 digests .*, 7 findings, 2 attestations, 1 remediation records: chain unbroken, signatures valid/,
    );
    expect(io.out()).toContain(`confirm fingerprint sha256:${FINGERPRINT} with the key's owner`);
    expect(io.out()).toContain(`--key-fingerprint sha256:${FINGERPRINT}`);
  });

  it('passes with --public-key, fails a bundle forged with another key (exit 1), which unpinned is only UNPINNED', async () => {
    const dir = await bundle();
    const real = await pemFile(signer);
    expect(await runVerify(['--bundle', dir, '--public-key', real], captureIo())).toBe(0);

    const forger = new LocalSigner('arn:aws:kms:us-east-1:999999999999:key/forger');
    await forgeBundle(dir, forger);
    const pinned = captureIo();
    expect(await runVerify(['--bundle', dir, '--public-key', real], pinned)).toBe(1);
    expect(pinned.out()).toMatch(/^BAD-SIGNATURE {2}manifest\.json {2}manifest signed by .*forger/m);
    expect(pinned.out()).toMatch(/FAIL .*: 4 problems \(4 bad-signature\)\n$/);
    const byFingerprint = captureIo();
    expect(
      await runVerify(['--bundle', dir, '--key-fingerprint', FINGERPRINT.toUpperCase()], byFingerprint),
    ).toBe(1);

    const unpinned = captureIo();
    expect(await runVerify(['--bundle', dir], unpinned)).toBe(4);
    expect(unpinned.out()).toContain(`confirm fingerprint sha256:${publicKeyFingerprint(forger.public)}`);
  });

  it('prints each problem with its key and a FAIL summary, exit 1', async () => {
    const dir = await bundle();
    const path = join(dir, 'findings.jsonl');
    const lines = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, lines.slice(1).join('\n'));
    const io = captureIo();
    expect(await runVerify(['--bundle', dir], io)).toBe(1);
    expect(io.out()).toMatch(/^ALTERED {2}findings\.jsonl {2}SHA-256 /m);
    expect(io.out()).toMatch(
      /^MISSING {2}findings\.jsonl#[0-9a-f]{16} {2}a finding of the bundled objects is not in findings\.jsonl$/m,
    );
    expect(io.out()).toMatch(/FAIL {2}3 digests .*: 2 problems \(1 missing, 1 altered\)\n$/);
  });

  it('prints JSON with --format json: the verdict, and whether the key was pinned', async () => {
    const dir = await bundle();
    const pinned = captureIo();
    expect(
      await runVerify(['--bundle', dir, '--format', 'json', '--public-key', await pemFile(signer)], pinned),
    ).toBe(0);
    expect(JSON.parse(pinned.out())).toMatchObject({
      verdict: 'PASS',
      pass: true,
      pinned: true,
      digests: 3,
      findings: 7,
      attestations: 2,
      problems: [],
      signingKeys: [FINGERPRINT],
    });
    const unpinned = captureIo();
    expect(await runVerify(['--bundle', dir, '--format', 'json'], unpinned)).toBe(4);
    expect(JSON.parse(unpinned.out())).toMatchObject({ verdict: 'UNPINNED', pass: false, pinned: false });
  });

  it('with --from/--to passes a bundle that covers the period asked for, and reports the hours it lacks', async () => {
    const dir = await bundle();
    const pin = ['--key-fingerprint', `sha256:${FINGERPRINT}`];
    const covered = captureIo();
    expect(
      await runVerify(
        ['--bundle', dir, ...pin, '--from', '2026-11-23T09:00:00Z', '--to', '2026-11-23T12:00:00Z'],
        covered,
      ),
    ).toBe(0);
    expect(covered.out()).toMatch(/^PASS /);
    // The whole day: the bundle's signed period holds it, but its chain was sealed until 12:00 only.
    const day = captureIo();
    expect(
      await runVerify(['--bundle', dir, ...pin, '--from', '2026-11-23', '--to', '2026-11-23'], day),
    ).toBe(1);
    expect(day.out()).toMatch(
      /^MISSING {2}digests\/111122223333\/us-east-1\/ {2}digests until 2026-11-23T12:00:00\.000Z only; asked until 2026-11-24T00:00:00\.000Z$/m,
    );
    const before = captureIo();
    expect(await runVerify(['--bundle', dir, ...pin, '--from', '2026-11-22'], before)).toBe(1);
    expect(before.out()).toMatch(/^MISSING {2}manifest\.json {2}the bundle's period .* does not cover/m);
  });

  it('checks signatures against a pinned --public-key instead of the manifest key', async () => {
    const dir = await bundle();
    const io = captureIo();
    expect(await runVerify(['--bundle', dir, '--public-key', await pemFile(new LocalSigner())], io)).toBe(1);
    expect(io.out()).toContain('4 bad-signature');
  });

  it.each([
    [[], /exactly one of --bucket BUCKET or --bundle DIR/],
    [['--bucket', 'b', '--bundle', 'd'], /exactly one of/],
    [['--bundle', '/nonexistent/vigil-bundle'], /is not a directory/],
    [['--bundle', '.', '--prefix', 'digests/'], /--prefix applies to --bucket only/],
    [['--bundle', '.', '--from', '2026-11-02', '--to', '2026-11-01'], /--from must be before --to/],
    [
      ['--bundle', '.', '--endpoint-url', 'http://127.0.0.1:1'],
      /--endpoint-url applies to --bucket and --kms-key only/,
    ],
    [
      ['--bundle', '.', '--key-fingerprint', 'sha256:abc'],
      /--key-fingerprint 'sha256:abc' is not sha256: and 64 hex/,
    ],
    [
      ['--bundle', '.', '--key-fingerprint', `sha256:${'a'.repeat(64)}`, '--kms-key', 'alias/k'],
      /give one of --public-key, --kms-key or --key-fingerprint, not 2/,
    ],
    [['--bucket', 'b', '--from', '2026-13-01'], /is not a calendar date/],
    [['--bucket', 'b', '--from', '2026-11-02', '--to', '2026-11-01'], /--from must be before --to/],
    [['--bucket', 'b', '--retention-days', '0'], /whole number from 1/],
    [['--bucket', 'b', '--prefix', 'findings/'], /--prefix must start with digests\//],
    [['--bucket', 'b', '--public-key', '/nonexistent/key.pem'], /cannot read --public-key/],
    [['--bucket', 'b', '--colour'], /unknown option '--colour'/],
  ])('refuses %j with exit 2', async (argv, message) => {
    const io = captureIo();
    expect(await runVerify(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
  });
});
