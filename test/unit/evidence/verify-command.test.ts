import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runVerify } from '#cli/commands/verify';
import { main } from '#cli/vigil';
import { publicKeyPem } from '#shared/evidence/digest';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { captureIo } from '#test/support/cli-io';
import { LocalSigner, sealedEstate } from './fakes';

const signer = new LocalSigner();
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

describe('vigil verify --bundle', () => {
  it('prints PASS with the scope and the signing key fingerprint, exit 0', async () => {
    const dir = await bundle();
    const io = captureIo();
    expect(await main(['verify', '--bundle', dir], io)).toBe(0);
    expect(io.out()).toMatch(
      /^PASS {2}3 digests \(2026-11-23T09:00:00\.000Z to 2026-11-23T12:00:00\.000Z\), 6 findings, 1 remediation records: chain unbroken, signatures valid \(key sha256:[0-9a-f]{64}\), every finding listed and intact\n$/,
    );
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
      /^MISSING {2}findings\/111122223333\/us-east-1\/.+\.json {2}captured in the period/m,
    );
    expect(io.out()).toMatch(/FAIL {2}3 digests .*: 2 problems \(1 missing, 1 altered\)\n$/);
  });

  it('prints JSON with --format json', async () => {
    const dir = await bundle();
    const io = captureIo();
    expect(await runVerify(['--bundle', dir, '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ pass: true, digests: 3, findings: 6, problems: [] });
  });

  it('checks signatures against a pinned --public-key instead of the manifest key', async () => {
    const dir = await bundle();
    const pem = join(await tempDir('vigil-key-'), 'other.pem');
    await writeFile(pem, publicKeyPem(new LocalSigner().public));
    const io = captureIo();
    expect(await runVerify(['--bundle', dir, '--public-key', pem], io)).toBe(1);
    expect(io.out()).toContain('3 bad-signature');
  });

  it.each([
    [[], /exactly one of --bucket BUCKET or --bundle DIR/],
    [['--bucket', 'b', '--bundle', 'd'], /exactly one of/],
    [['--bundle', '/nonexistent/vigil-bundle'], /is not a directory/],
    [['--bundle', '.', '--from', '2026-11-01'], /--from applies to --bucket only/],
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
