import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan, type ScanDependencies } from '#cli/commands/scan';
import { emptyOutcomeCounts, type OutcomeCounts, ScanFrameworks } from '#cli/scan-frameworks';
import { compareEvaluations, csvField, SCAN_CSV_COLUMNS, summarize, toFindingJson } from '#cli/scan-report';
import { ScanResults } from '#cli/scan-results';
import { ScratchDir } from '#cli/spill-sort';
import { readSnapshotFile } from '#shared/config-item/snapshot';
import { type Evaluation, type EvaluationOutcome, RuleEngine } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import { compliant, type Rule } from '#shared/rules/rule';
import { captureIo } from '#test/support/cli-io';

const SAMPLE = new URL('../../../examples/sample-account-snapshot.json', import.meta.url).pathname;
const NOW = '2026-11-23T12:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-scan-streaming-'));
const scratchParent = join(dir, 'scratch');
rmSync(scratchParent, { force: true, recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Small enough that the sample's kept items, report rows and resource keys all go to many scratch files. */
const SPILL_EVERYTHING = 2048;

async function scan(argv: string[], dependencies: ScanDependencies = {}, io = captureIo()) {
  const code = await runScan(['--now', NOW, ...argv], io, { scratchParent: dir, ...dependencies });
  return { code, out: io.out(), err: io.err() };
}

/** What `vigil scan` printed before it streamed: the engine's evaluations of all items, sorted in memory. */
async function previousReport() {
  const items = await readSnapshotFile(SAMPLE);
  const evaluations = new RuleEngine(RULES).scan(items, { now: new Date(NOW) });
  const sorted = [...evaluations].sort(compareEvaluations);
  const frameworks = new ScanFrameworks();
  const counts = new Map<string, OutcomeCounts>();
  for (const evaluation of evaluations) {
    const ruleCounts = counts.get(evaluation.ruleId) ?? emptyOutcomeCounts();
    ruleCounts[evaluation.compliance] += 1;
    counts.set(evaluation.ruleId, ruleCounts);
  }
  const document = {
    findings: sorted.map((evaluation) => toFindingJson(evaluation, frameworks)),
    summary: summarize(items.length, evaluations),
    frameworks: frameworks.results(
      RULES.map((rule) => rule.id),
      counts,
    ),
  };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const csv = [
    SCAN_CSV_COLUMNS.join(','),
    ...sorted.map((evaluation) =>
      [
        evaluation.ruleId,
        evaluation.resourceType,
        evaluation.resourceId,
        evaluation.resourceName ?? '',
        evaluation.accountId,
        evaluation.region,
        evaluation.compliance,
        evaluation.severity,
        evaluation.soc2.join(' '),
        evaluation.annotation,
        evaluation.captureTime,
      ]
        .map(csvField)
        .join(','),
    ),
    '',
  ].join('\r\n');
  return { json, csv };
}

describe('vigil scan streams in bounded memory', () => {
  it.each([
    ['in memory', {}],
    ['spilled to scratch files', { spillBufferBytes: SPILL_EVERYTHING }],
  ])('prints the sample as JSON and CSV exactly as before, %s', async (_label, dependencies) => {
    const previous = await previousReport();
    const json = await scan(['--snapshot', SAMPLE, '--format', 'json'], dependencies);
    expect(json.code).toBe(1);
    expect(json.out).toBe(previous.json);
    const csv = await scan(['--snapshot', SAMPLE, '--format', 'csv'], dependencies);
    expect(csv.out).toBe(previous.csv);
  });

  it.each([
    ['the table on a pipe', [], {}],
    [
      'the table on a terminal',
      ['--format', 'table'],
      { isTTY: true, columns: 120, env: { FORCE_COLOR: '1' } },
    ],
    ['the terminal report', [], { isTTY: true, columns: 120, env: { FORCE_COLOR: '1' } }],
    ['every row of the terminal report', ['--all'], { isTTY: true, columns: 120 }],
  ])('prints %s the same whether it spilled or not', async (_label, flags, ioOptions) => {
    const argv = ['--snapshot', SAMPLE, ...flags];
    const inMemory = await scan(argv, {}, captureIo(ioOptions));
    const spilled = await scan(argv, { spillBufferBytes: SPILL_EVERYTHING }, captureIo(ioOptions));
    expect(spilled.code).toBe(inMemory.code);
    expect(spilled.out).toBe(inMemory.out);
    expect(spilled.out).toContain('CC6.1');
  });

  it('leaves no scratch file behind, after a scan or after refusing a file past its first spill', async () => {
    const scratch = mkdtempSync(join(dir, 'own-scratch-'));
    await scan(['--snapshot', SAMPLE, '--format', 'json'], { scratchParent: scratch, spillBufferBytes: 1 });
    expect(readdirSync(scratch)).toEqual([]);
    const document = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    document.configurationItems.push({ resourceType: 'AWS::S3::Bucket' });
    const broken = join(dir, 'broken-last-item.json');
    writeFileSync(broken, JSON.stringify(document));
    const refused = await scan(['--snapshot', broken, '--format', 'json'], {
      scratchParent: scratch,
      spillBufferBytes: 1,
    });
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/^vigil: .+broken-last-item\.json: item \d+: invalid configuration item/);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('exits 2 with one line when it cannot create its scratch directory', async () => {
    const result = await scan(['--snapshot', SAMPLE, '--format', 'json'], {
      scratchParent: join(dir, 'no', 'such', 'dir'),
      spillBufferBytes: 1,
    });
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(
      /^vigil: cannot create scratch file .+ \(ENOENT\); point TMPDIR at a directory with room\n$/,
    );
  });

  it('names the first failed evaluation in the order the whole-file scan met it, whatever was kept for later', async () => {
    const failing = (id: string, resourceTypes: string[], reads: string[]): Rule => ({
      id,
      title: `${id} holds`,
      resourceTypes,
      reads,
      severity: 'medium',
      parameters: {},
      rationale: 'test rule',
      remediationAdvice: 'none',
      managedRule: false,
      evaluate: (item) => {
        if (item.resourceId.endsWith('-fails')) throw new Error(`${id} on ${item.resourceId}`);
        return compliant('fine');
      },
    });
    const catalog = [
      failing('bucket-reads-buckets', ['AWS::S3::Bucket'], ['AWS::S3::Bucket']),
      failing('group-alone', ['AWS::Logs::LogGroup'], []),
    ];
    const item = (accountId: string, resourceType: string, resourceId: string) => ({
      configurationItemCaptureTime: '2026-11-20T09:14:02.118Z',
      awsAccountId: accountId,
      configurationItemStatus: 'OK',
      resourceType,
      resourceId,
      awsRegion: 'us-east-1',
      configuration: {},
    });
    const path = join(dir, 'errors.json');
    writeFileSync(
      path,
      JSON.stringify([
        item('111111111111', 'AWS::S3::Bucket', 'first-bucket-fails'),
        item('222222222222', 'AWS::Logs::LogGroup', 'group-fails'),
        item('111111111111', 'AWS::Logs::LogGroup', 'later-group-fails'),
      ]),
    );
    for (const spillBufferBytes of [undefined, 1]) {
      const result = await scan(['--snapshot', path, '--format', 'json'], {
        catalog,
        ...(spillBufferBytes === undefined ? {} : { spillBufferBytes }),
      });
      expect(result.code).toBe(1);
      expect(result.err).toBe(
        'vigil: 3 evaluation(s) failed, the scan is incomplete; first: Rule bucket-reads-buckets failed: Error: bucket-reads-buckets on first-bucket-fails\n',
      );
    }
  });

  it('waits for a slow reader of its output instead of piling the report up in memory', async () => {
    const chunks: string[] = [];
    let waiting = false;
    let pending = 0;
    const stdout = Object.assign(new EventEmitter(), {
      write: (text: string) => {
        expect(waiting).toBe(false);
        chunks.push(text);
        waiting = true;
        pending += 1;
        setImmediate(() => {
          waiting = false;
          stdout.emit('drain');
        });
        return false;
      },
    });
    const io = { ...captureIo(), stdout };
    const code = await runScan(['--now', NOW, '--snapshot', SAMPLE, '--format', 'json'], io, {
      scratchParent: dir,
    });
    expect(code).toBe(1);
    expect(pending).toBeGreaterThan(1);
    expect(chunks.join('')).toBe((await previousReport()).json);
  });
});

describe('ScanResults', () => {
  const evaluation = (resourceId: string, compliance: EvaluationOutcome, annotation: string): Evaluation => ({
    ruleId: 'rule',
    resourceType: 'AWS::S3::Bucket',
    resourceId,
    accountId: '123456789012',
    region: 'us-east-1',
    captureTime: '2026-11-20T09:14:02.118Z',
    compliance,
    annotation,
    soc2: ['CC6.1'],
    severity: 'high',
  });

  it.each([
    ['in memory', 1024 * 1024],
    ['spilled', 1],
  ])('puts evaluations added after the items (failed reads) after theirs, %s', (_label, maxBufferBytes) => {
    const scratch = new ScratchDir(dir);
    try {
      const results = new ScanResults({ scratch, maxBufferBytes });
      results.add([evaluation('b', 'ERROR', 'item 7')], { account: 0, item: 7 });
      results.add([evaluation('a', 'ERROR', 'item 3')], { account: 1, item: 3 });
      results.addAfterItems([evaluation('a', 'ERROR', 'read failed')]);
      results.addAfterItems([evaluation('*', 'ERROR', 'listing failed')]);
      expect(results.firstError).toBe('item 7');
      expect(results.summary(8).resourcesEvaluated).toBe(3);
      expect([...results.evaluations()].map((row) => row.annotation)).toEqual([
        'listing failed',
        'item 3',
        'read failed',
        'item 7',
      ]);
    } finally {
      scratch.remove();
    }
  });
});
