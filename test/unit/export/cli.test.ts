import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressReporter, runExport } from '#cli/commands/export';
import { main } from '#cli/vigil';
import { publicKeyPem } from '#shared/evidence/digest';
import { captureIo } from '#test/support/cli-io';
import { checkBundle } from './check-bundle';
import { buildFindings, IN_PERIOD, PERIOD_DIGESTS, SCENARIO, writeEvidenceDir } from './scenario';

describe('vigil export (local evidence copy)', () => {
  let root = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-export-cli-'));
    await writeEvidenceDir(join(root, 'evidence'), buildFindings(SCENARIO));
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes an --unsigned bundle, prints what it holds and that it is not signed, exits 0', async () => {
    const io = captureIo();
    const out = join(root, 'bundle');
    const code = await main(
      [
        'export',
        '--from',
        '2026-10-01',
        '--to',
        '2026-10-03',
        '--source',
        join(root, 'evidence'),
        '--out',
        out,
        '--unsigned',
      ],
      io,
    );
    expect(io.err()).toContain(`export: ${IN_PERIOD} findings`);
    expect(code).toBe(0);
    expect(io.out()).toContain(
      `Exported ${IN_PERIOD} findings (2 accounts, ${PERIOD_DIGESTS} digests) to ${out}`,
    );
    expect(io.out()).toContain(
      'Pass rate 50.0%; 4 failures opened, 3 remediated, 1 open at the end of the period.',
    );
    expect(io.out()).toContain('Manifest NOT signed (--unsigned): vigil verify does not pass this bundle.');
    const bundle = await checkBundle(out);
    expect(bundle.manifest.signature).toBeUndefined();
    expect(bundle.manifest.generator.name).toBe('vigil');
    expect(bundle.manifest.source).toBe(join(root, 'evidence'));
  });

  const exportOneDayWithKey = (out: string, keyFile: string, io: ReturnType<typeof captureIo>) =>
    runExport(
      [
        '--from',
        '2026-10-01',
        '--to',
        '2026-10-01',
        '--source',
        join(root, 'evidence'),
        '-o',
        out,
        '-q',
        '--public-key',
        keyFile,
        '--unsigned',
      ],
      io,
    );

  it.each([
    ['a public key', 'public'],
    ['a private key (only its public half is copied)', 'private'],
  ] as const)('copies %s into the manifest as a PEM public key', async (_label, kind) => {
    const io = captureIo();
    const out = join(root, `bundle-key-${kind}`);
    const keyFile = join(root, `key-${kind}.pem`);
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem =
      kind === 'public'
        ? publicKeyPem(pair.publicKey)
        : pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
    await writeFile(keyFile, String(pem));
    const code = await exportOneDayWithKey(out, keyFile, io);
    expect(code).toBe(0);
    expect(io.err()).toBe('');
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.publicKeyPem).toBe(publicKeyPem(pair.publicKey));
    expect(manifest.publicKeyPem).not.toContain('PRIVATE');
  });

  it('exits 2 when --public-key is not a PEM key, before writing anything', async () => {
    const io = captureIo();
    const out = join(root, 'bundle-bad-key');
    const keyFile = join(root, 'not-a-key.pem');
    await writeFile(keyFile, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    const code = await exportOneDayWithKey(out, keyFile, io);
    expect(code).toBe(2);
    expect(io.err()).toContain(`--public-key ${keyFile} is not a PEM public key`);
    await expect(readFile(join(out, 'manifest.json'), 'utf8')).rejects.toThrow();
  });

  it('exits 2 when no --signing-key is given and no bundled digest names one', async () => {
    const io = captureIo();
    const out = join(root, 'bundle-no-signing-key');
    const code = await runExport(
      // Nothing was sealed on October 10, so no digest names a key.
      ['--from', '2026-10-10', '--to', '2026-10-10', '--source', join(root, 'evidence'), '-o', out, '-q'],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toMatch(/no bundled digest names a key to sign the manifest with/);
    await expect(readFile(join(out, 'manifest.json'), 'utf8')).rejects.toThrow();
  });

  it.each([
    [
      ['--from', '2026-10-01', '--to', '2026-10-03', '--source', 'x', '--unsigned', '--signing-key', 'k'],
      'give --signing-key KEY or --unsigned, not both',
    ],
    [['--to', '2026-10-03', '--source', 'x'], '--from and --to are required'],
    [['--from', '2026-10-01', '--to', '2026-10-03'], 'exactly one of --bucket'],
    [
      ['--from', '2026-10-01', '--to', '2026-10-03', '--bucket', 'b', '--source', 'x'],
      'exactly one of --bucket',
    ],
    [
      ['--from', '2026-13-01', '--to', '2026-10-03', '--source', 'x'],
      "--from '2026-13-01' is not a calendar date",
    ],
    [['--from', '2026-10-01', '--to', '2026-10-03', '--source', 'x', '--concurrency', '0'], '--concurrency'],
    [
      ['--from', '2026-10-01', '--to', '2026-10-03', '--source', 'x', '--lookback-days', '-1'],
      '--lookback-days',
    ],
    [
      ['--from', '2026-10-01', '--to', '2026-10-03', '--source', 'x', '--out', 's3://'],
      'is not s3://BUCKET/PREFIX',
    ],
    [
      ['--from', '2026-10-01', '--to', '2026-10-03', '--source', 'x', '--colour'],
      "unknown option '--colour'",
    ],
  ])('refuses %j with exit 2', async (argv, message) => {
    const io = captureIo();
    expect(await runExport(argv, io)).toBe(2);
    expect(io.err()).toContain(message);
  });

  it('--lookback-days reads days before the period to count failures already open', async () => {
    const io = captureIo();
    const out = join(root, 'bundle-lookback');
    const argv = [
      '--from',
      '2026-10-03',
      '--to',
      '2026-10-03',
      '--source',
      join(root, 'evidence'),
      '-o',
      out,
      '-q',
      '--unsigned',
    ];
    expect(await runExport([...argv, '--lookback-days', '2'], io)).toBe(0);
    expect(io.out()).toContain('0 failures opened, 1 remediated, 1 open at the end of the period.');
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.lookbackDays).toBe(2);
  });

  it('exits 2 when the destination directory is not empty', async () => {
    const io = captureIo();
    const code = await runExport(
      [
        '--from',
        '2026-10-01',
        '--to',
        '2026-10-03',
        '--source',
        join(root, 'evidence'),
        '--out',
        join(root, 'evidence'),
        '-q',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^vigil: .* is not empty/);
  });

  it('reports progress on a terminal by rewriting one line, elsewhere every 10,000 findings', () => {
    const terminal = captureIo({ isTTY: true });
    const onTerminal = progressReporter(terminal);
    onTerminal({ phase: 'findings', findings: 1, read: 1, day: '2026-10-01' });
    onTerminal({ phase: 'done', findings: 2, read: 2 });
    const clear = '\r\u001b[2K';
    const [first, second, rest] = terminal.err().split(clear).slice(1).concat(['']);
    expect(terminal.err().startsWith(clear)).toBe(true);
    expect(first).toMatch(/^export: 1 findings .*at 2026-10-01$/);
    expect(second).toMatch(/^export: 2 findings .*done\n$/);
    expect(rest).toBe('');

    const log = captureIo();
    const inLog = progressReporter(log);
    for (const findings of [1000, 9000, 10_000, 15_000, 20_000])
      inLog({ phase: 'findings', findings, read: findings });
    inLog({ phase: 'done', findings: 20_500, read: 20_500 });
    expect(log.err().trim().split('\n')).toHaveLength(3);
  });
});
