import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '#cli/commands/scan';
import { formatPassRate, SCAN_CSV_COLUMNS } from '#cli/scan-report';
import { displayWidth } from '#cli/terminal-text';
import { FINDINGS_CSV_HEADER } from '#shared/export/bundle';
import { type Soc2Criterion, soc2Criteria } from '#shared/frameworks/soc2';
import { RULES } from '#shared/rules/registry';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';
import { captureIo } from '#test/support/cli-io';

// The SOC 2 criteria of a rule come from the SOC 2 pack; this file's made-up rules get theirs from a
// pack entry of its own, as a real rule would from shared/frameworks/soc2.ts.
const TEST_PACK: Readonly<Record<string, readonly Soc2Criterion[]>> = {
  'retention-check': ['CC7.2', 'A1.2'],
  'bucket-check': ['CC6.1'],
  boom: ['CC7.2'],
};
const criteriaOf = (ruleId: string): readonly Soc2Criterion[] => TEST_PACK[ruleId] ?? soc2Criteria(ruleId);

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`);

function rule(overrides: Partial<Rule> & Pick<Rule, 'id' | 'evaluate'>): Rule {
  return {
    title: `${overrides.id} holds`,
    resourceTypes: ['AWS::Logs::LogGroup'],
    severity: 'medium',
    parameters: {},
    rationale: 'test rule',
    remediationAdvice: 'fix it',
    managedRule: false,
    ...overrides,
  };
}

const retention = rule({
  id: 'retention-check',
  parameters: { MinRetentionTime: { type: 'number', default: 365, description: 'days' } },
  evaluate: (item, { parameters }) => {
    const days = Number(item.configuration?.retentionInDays ?? Number.POSITIVE_INFINITY);
    return days >= Number(parameters.MinRetentionTime)
      ? compliant(`Retention is ${days} days.`)
      : nonCompliant(`Retention is ${days} days, below ${String(parameters.MinRetentionTime)}.`);
  },
});

const bucket = rule({
  id: 'bucket-check',
  severity: 'high',
  resourceTypes: ['AWS::S3::Bucket'],
  evaluate: (item) =>
    item.resourceId === 'public-assets'
      ? nonCompliant('Policy grants "s3:GetObject" to *, anyone\non the internet')
      : compliant('Bucket is private.'),
});

const boom = rule({
  id: 'boom',
  evaluate: () => {
    throw new Error('cannot read retentionInDays');
  },
});

const CATALOG = [retention, bucket, boom];

function ci(resourceType: string, resourceId: string, configuration: Record<string, unknown> | null) {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-20T09:14:02.118Z',
    awsAccountId: '123456789012',
    configurationItemStatus: configuration === null ? 'ResourceDeleted' : 'OK',
    resourceType,
    resourceId,
    resourceName: resourceId,
    awsRegion: 'us-east-1',
    tags: {},
    relationships: [],
    configuration,
    supplementaryConfiguration: {},
  };
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const snapshotDocument = {
  fileVersion: '1.0',
  configSnapshotId: '0b6e1d3e-2f4a-4c55-8a8e-3f0f4a9e7c21',
  configurationItems: [
    ci('AWS::Logs::LogGroup', '/aws/lambda/short', { retentionInDays: 30 }),
    ci('AWS::Logs::LogGroup', '/aws/lambda/long', { retentionInDays: 400 }),
    ci('AWS::Logs::LogGroup', '/aws/lambda/gone', null),
    ci('AWS::S3::Bucket', 'public-assets', {}),
    ci('AWS::S3::Bucket', 'audit-logs', {}),
    ci('AWS::KMS::Key', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', {}),
  ],
};
const SNAPSHOT = write('snapshot.json', JSON.stringify(snapshotDocument));
const COMPLIANT_SNAPSHOT = write(
  'compliant.json',
  JSON.stringify({
    ...snapshotDocument,
    configurationItems: snapshotDocument.configurationItems.slice(1, 3),
  }),
);

async function scan(argv: string[], io = captureIo()) {
  const code = await runScan(argv, io, { catalog: CATALOG, criteriaOf });
  return { code, out: io.out(), err: io.err() };
}

describe('vigil scan exit codes', () => {
  it('exits 0 when nothing is NON_COMPLIANT', async () => {
    const result = await scan(['--snapshot', COMPLIANT_SNAPSHOT, '--rule', 'retention-check,bucket-check']);
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    expect(result.out).toContain('✓ No non-compliant finding.');
  });

  it('exits 1 when a resource is NON_COMPLIANT', async () => {
    const result = await scan([
      '--snapshot',
      SNAPSHOT,
      '--rule',
      'retention-check',
      '--rule',
      'bucket-check',
    ]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('✗ 2 non-compliant finding(s).');
  });

  it('exits 1 when a rule fails, since the scan is then incomplete, and says so', async () => {
    const table = await scan(['--snapshot', COMPLIANT_SNAPSHOT]);
    expect(table.code).toBe(1);
    expect(table.out).toContain('ERROR');
    expect(table.out).toContain('Rule boom failed: Error: cannot read retentionInDays');
    expect(table.out).toContain('1 evaluation failed: the scan is incomplete.');
    const json = await scan(['--snapshot', COMPLIANT_SNAPSHOT, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(json.err).toBe(
      'vigil: 1 evaluation(s) failed, the scan is incomplete; first: Rule boom failed: Error: cannot read retentionInDays\n',
    );
  });

  it('reads a gzipped snapshot', async () => {
    const path = write('snapshot.json.gz', gzipSync(JSON.stringify(snapshotDocument)));
    const result = await scan(['--snapshot', path, '--rule', 'bucket-check', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out).summary.evaluations).toBe(2);
  });

  const notJson = write('not-json.json', '{"configurationItems": [');
  const empty = write('empty.json', JSON.stringify({ ...snapshotDocument, configurationItems: [] }));
  const missing = join(dir, 'missing.json');
  it.each([
    ['a missing file', ['--snapshot', missing], `vigil: ${missing}: cannot read file (ENOENT)`],
    ['a file that is not JSON', ['--snapshot', notJson], `vigil: ${notJson}: the JSON ends early at byte 24`],
    [
      'a snapshot without items',
      ['--snapshot', empty],
      `vigil: ${empty}: the snapshot holds no configuration items`,
    ],
    ['no --snapshot', [], 'vigil: scan: --snapshot FILE or --live is required'],
    [
      '--snapshot without a value',
      ['--snapshot'],
      "vigil: scan: option '-s, --snapshot <value>' argument missing",
    ],
    ['an unknown flag', ['--snapshot', SNAPSHOT, '--colour'], "vigil: scan: unknown option '--colour'"],
    ['a positional argument', [SNAPSHOT], `vigil: scan: unexpected argument '${SNAPSHOT}'`],
    [
      'an unknown rule',
      ['--snapshot', SNAPSHOT, '--rule', 'nope,bucket-check'],
      "vigil: scan: unknown rule 'nope'",
    ],
    [
      'an unknown format',
      ['--snapshot', SNAPSHOT, '--format', 'xml'],
      "vigil: scan: unknown format 'xml' (use table, json, csv)",
    ],
    [
      'a --param that is not RULE.NAME=VALUE',
      ['--snapshot', SNAPSHOT, '--param', 'MinRetentionTime=30'],
      "vigil: scan: --param 'MinRetentionTime=30' is not RULE_ID.NAME=VALUE",
    ],
    [
      'a --param for an unknown rule',
      ['--snapshot', SNAPSHOT, '--param', 'nope.MinRetentionTime=30'],
      "vigil: scan: --param 'nope.MinRetentionTime=30': unknown rule 'nope'",
    ],
    [
      'a --param the rule does not have',
      ['--snapshot', SNAPSHOT, '--param', 'retention-check.MaxRetentionTime=30'],
      'vigil: rule retention-check: unknown parameter MaxRetentionTime (known: MinRetentionTime)',
    ],
    [
      'a --param of the wrong type',
      ['--snapshot', SNAPSHOT, '--param', 'retention-check.MinRetentionTime=a year'],
      'vigil: rule retention-check: parameter MinRetentionTime must be a number, got "a year"',
    ],
    [
      'a bad --now',
      ['--snapshot', SNAPSHOT, '--now', 'yesterday'],
      "vigil: scan: --now 'yesterday' is not an ISO-8601 date",
    ],
  ])('exits 2 on %s with one line on stderr and nothing on stdout', async (_label, argv, message) => {
    const result = await scan(argv);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.startsWith(message)).toBe(true);
    expect(result.err.endsWith('\n')).toBe(true);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('prints its help with exit 0', async () => {
    const result = await scan(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: vigil scan --snapshot FILE');
    expect(result.out).toContain('--param RULE_ID.NAME=VALUE');
    expect(result.out).toMatch(/^ {6}--all {2,}on a terminal, list every evaluation/m);
  });
});

describe('vigil scan --format json', () => {
  it('prints {findings, summary} with the fixed finding keys first, NON_COMPLIANT first', async () => {
    const result = await scan([
      '--snapshot',
      SNAPSHOT,
      '--rule',
      'retention-check,bucket-check',
      '--format',
      'json',
    ]);
    const document = JSON.parse(result.out) as {
      findings: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    expect(Object.keys(document)).toEqual(['findings', 'summary', 'frameworks']);
    for (const finding of document.findings) {
      expect(Object.keys(finding).slice(0, 7)).toEqual([
        'ruleId',
        'resourceType',
        'resourceId',
        'compliance',
        'annotation',
        'soc2',
        'severity',
      ]);
    }
    expect(document.findings[0]).toEqual({
      ruleId: 'bucket-check',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'public-assets',
      compliance: 'NON_COMPLIANT',
      annotation: 'Policy grants "s3:GetObject" to *, anyone\non the internet',
      soc2: ['CC6.1'],
      severity: 'high',
      accountId: '123456789012',
      region: 'us-east-1',
      resourceName: 'public-assets',
      captureTime: '2026-11-20T09:14:02.118Z',
      controls: { soc2: ['CC6.1'] },
    });
    expect(document.findings.map((finding) => `${finding.compliance} ${finding.resourceId}`)).toEqual([
      'NON_COMPLIANT public-assets',
      'NON_COMPLIANT /aws/lambda/short',
      'COMPLIANT audit-logs',
      'COMPLIANT /aws/lambda/long',
      'NOT_APPLICABLE /aws/lambda/gone',
    ]);
    expect(document.summary).toEqual({
      itemsRead: 6,
      resourcesEvaluated: 5,
      rulesEvaluated: 2,
      evaluations: 5,
      byCompliance: { COMPLIANT: 2, NON_COMPLIANT: 2, NOT_APPLICABLE: 1, ERROR: 0 },
      nonCompliantBySeverity: { critical: 0, high: 1, medium: 1, low: 0, informational: 0 },
      passRate: 0.5,
    });
  });

  it('applies --param overrides, coerced from strings', async () => {
    const result = await scan([
      '--snapshot',
      SNAPSHOT,
      '--rule',
      'retention-check',
      '--format',
      'json',
      '--param',
      'retention-check.MinRetentionTime=30',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).summary.byCompliance).toEqual({
      COMPLIANT: 2,
      NON_COMPLIANT: 0,
      NOT_APPLICABLE: 1,
      ERROR: 0,
    });
  });

  it('filters by --rule', async () => {
    const result = await scan(['--snapshot', SNAPSHOT, '--rule', 'bucket-check', '--format', 'json']);
    const ids = new Set(JSON.parse(result.out).findings.map((finding: { ruleId: string }) => finding.ruleId));
    expect([...ids]).toEqual(['bucket-check']);
  });
});

describe('vigil scan --format csv', () => {
  it("names its columns as the export's findings.csv names the same fields", () => {
    for (const column of SCAN_CSV_COLUMNS) expect(FINDINGS_CSV_HEADER).toContain(column);
  });

  it('prints an RFC 4180 header and rows, quoting commas, quotes and newlines, with CRLF line ends', async () => {
    const result = await scan(['--snapshot', SNAPSHOT, '--rule', 'bucket-check', '--format', 'csv']);
    expect(result.out).toBe(
      [
        'rule_id,resource_type,resource_id,resource_name,account_id,region,compliance,severity,soc2,annotation,capture_time',
        'bucket-check,AWS::S3::Bucket,public-assets,public-assets,123456789012,us-east-1,NON_COMPLIANT,high,CC6.1,"Policy grants ""s3:GetObject"" to *, anyone\non the internet",2026-11-20T09:14:02.118Z',
        'bucket-check,AWS::S3::Bucket,audit-logs,audit-logs,123456789012,us-east-1,COMPLIANT,high,CC6.1,Bucket is private.,2026-11-20T09:14:02.118Z',
        '',
      ].join('\r\n'),
    );
  });
});

describe('vigil scan table', () => {
  it('groups by SOC 2 criterion, listing a rule under each of its criteria, NON_COMPLIANT first', async () => {
    const { out } = await scan(['--snapshot', SNAPSHOT, '--rule', 'retention-check,bucket-check']);
    const headings = out.split('\n').filter((line) => /^(CC\d|A1|C1|PI1)\.\d/.test(line));
    expect(headings.map((line) => line.split(' ')[0])).toEqual(['CC6.1', 'CC7.2', 'A1.2']);
    for (const criterion of ['CC7.2', 'A1.2']) {
      const section = out.split(`\n${criterion} `)[1]?.split('\n\n')[0] ?? '';
      const rows = section.split('\n').slice(2);
      expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual([
        'NON_COMPLIANT',
        'COMPLIANT',
        'NOT_APPLICABLE',
      ]);
    }
    expect(out).toMatch(/Resources evaluated\s+5\s+of 6 configuration items read/);
    expect(out).toMatch(/Rules evaluated\s+2/);
    expect(out).toMatch(/NON_COMPLIANT\s+2\s+1 high, 1 medium/);
    expect(out).toMatch(/Pass rate\s+50\.0%/);
  });

  it('uses no colour for a pipe and colour on a terminal', async () => {
    const argv = ['--snapshot', SNAPSHOT, '--rule', 'bucket-check'];
    expect((await scan(argv)).out).not.toMatch(ANSI);
    expect((await scan(argv, captureIo({ isTTY: true }))).out).toMatch(ANSI);
  });

  it('honours NO_COLOR on a terminal and FORCE_COLOR on a pipe', async () => {
    const argv = ['--snapshot', SNAPSHOT, '--rule', 'bucket-check'];
    expect((await scan(argv, captureIo({ isTTY: true, env: { NO_COLOR: '1' } }))).out).not.toMatch(ANSI);
    expect((await scan(argv, captureIo({ env: { FORCE_COLOR: '1' } }))).out).toMatch(ANSI);
  });

  it('with --format table, cuts annotations to the terminal width, and only on a terminal', async () => {
    const argv = ['--snapshot', SNAPSHOT, '--rule', 'retention-check', '--format', 'table'];
    const narrow = (await scan(argv, captureIo({ isTTY: true, columns: 120, env: { NO_COLOR: '1' } }))).out;
    const rows = narrow.split('\n').filter((line) => line.includes('retention-check'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(120);
    expect(narrow).toContain('…');
    expect((await scan(argv)).out).toContain('Retention is 30 days, below 365.');
  });

  it('says so when no rule applies to any item', async () => {
    const path = write('keys-only.json', JSON.stringify([snapshotDocument.configurationItems[5]]));
    const result = await scan(['--snapshot', path]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('No rule applies to any of the 1 configuration items.');
  });
});

/** `criterion verdict rule resource-id` of every row of a report, read from the lines that start a row. */
function rowsOf(out: string, columns: { rule: number; resource: number }): string[] {
  const rows: string[] = [];
  let criterion = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('Summary')) break;
    const heading = /^((?:CC|A|C|PI)\d\.\d) /.exec(line);
    if (heading?.[1]) criterion = heading[1];
    const cells = line.trim().split(/ {2,}/);
    if (/^ {2}(NON_COMPLIANT|ERROR|COMPLIANT|NOT_APPLICABLE) /.test(line)) {
      rows.push([criterion, cells[0], cells[columns.rule], cells[columns.resource]?.split(' ')[0]].join(' '));
    }
  }
  return rows.sort();
}
const PIPE_COLUMNS = { rule: 2, resource: 4 };
const TERMINAL_COLUMNS = { rule: 2, resource: 3 };

describe('vigil scan on a terminal', () => {
  const argv = ['--snapshot', SNAPSHOT];
  const terminal = (columns: number) => captureIo({ isTTY: true, columns, env: { NO_COLOR: '1' } });

  it('lists what needs attention and counts the rest, where a pipe lists every row', async () => {
    const piped = await scan(argv);
    const tty = await scan(argv, terminal(200));
    expect(tty.code).toBe(piped.code);
    expect(tty.err).toBe(piped.err);
    const attention = rowsOf(piped.out, PIPE_COLUMNS).filter((row) => / (NON_COMPLIANT|ERROR) /.test(row));
    expect(attention).toHaveLength(5);
    expect(rowsOf(tty.out, TERMINAL_COLUMNS)).toEqual(attention);
    expect(tty.out).toContain(
      'CC7.2  System components monitored for anomalies · 1 non-compliant, 2 errors, 1 compliant, 2 not applicable',
    );
    expect(tty.out).toContain('Summary: 2 NON_COMPLIANT · 2 ERROR · 2 COMPLIANT · 2 NOT_APPLICABLE');
    expect(piped.out).toMatch(
      /NON_COMPLIANT\s+2\s+1 high, 1 medium\n\s+ERROR\s+2\n\s+COMPLIANT\s+2\n\s+NOT_APPLICABLE\s+2\n/,
    );
    expect(tty.out).toContain('Policy grants "s3:GetObject" to *, anyone on the internet');
    expect(tty.out).toContain('2 evaluations failed: the scan is incomplete.');
  });

  it('with --all, lists every row a pipe lists, and a pipe ignores --all', async () => {
    const piped = await scan(argv);
    const tty = await scan([...argv, '--all'], terminal(200));
    expect(rowsOf(tty.out, TERMINAL_COLUMNS)).toEqual(rowsOf(piped.out, PIPE_COLUMNS));
    expect(rowsOf(piped.out, PIPE_COLUMNS)).toHaveLength(11);
    expect((await scan([...argv, '--all'])).out).toBe(piped.out);
  });

  it('writes --format json, csv and table exactly as to a pipe', async () => {
    for (const format of ['json', 'csv', 'table']) {
      const withFormat = [...argv, '--format', format];
      const tty = await scan(withFormat, captureIo({ isTTY: true, env: { NO_COLOR: '1' } }));
      expect(tty.out).toBe((await scan(withFormat)).out);
    }
    expect((await scan([...argv, '--format', 'table'])).out).toBe((await scan(argv)).out);
  });

  it.each([80, 100, 200])(
    'fits the sample snapshot in %i columns, verdicts and rule ids whole',
    async (columns) => {
      const sample = new URL('../../../examples/sample-account-snapshot.json', import.meta.url).pathname;
      const io = terminal(columns);
      expect(await runScan(['--snapshot', sample, '--now', '2026-11-23T12:00:00Z'], io)).toBe(1);
      const lines = io.out().split('\n');
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      const ruleIds = new Set(RULES.map((rule) => rule.id));
      const rows = lines.filter((line) => /^ {2}(NON_COMPLIANT|ERROR) /.test(line));
      expect(rows.length).toBeGreaterThan(20);
      for (const row of rows) expect(ruleIds).toContain(row.trim().split(/\s+/)[2]);
      expect(lines).toContain('Summary: 177 NON_COMPLIANT · 0 ERROR · 237 COMPLIANT · 39 NOT_APPLICABLE');
      // 237 / (237 + 177) = 57.246%.
      expect(lines.join(' ')).toMatch(/· 453 evaluations · pass rate 57\.2%/);
      // The sections (at most 10 rows each, 369 lines in all at 80 columns), then the summary: far fewer
      // than listing the 453 evaluations under each of their criteria would take.
      expect(lines.length).toBeLessThan(400);
    },
  );

  it.each([
    [{ COMPLIANT: 237, NON_COMPLIANT: 177, ERROR: 0, NOT_APPLICABLE: 39 }, '57.2%'],
    [{ COMPLIANT: 1, NON_COMPLIANT: 0, ERROR: 0, NOT_APPLICABLE: 5 }, '100.0%'],
    [{ COMPLIANT: 2, NON_COMPLIANT: 1, ERROR: 1, NOT_APPLICABLE: 0 }, '50.0%'],
    [{ COMPLIANT: 0, NON_COMPLIANT: 0, ERROR: 0, NOT_APPLICABLE: 3 }, 'n/a'],
  ])('shows the pass rate of %j rounded once: %s', (counts, shown) => {
    expect(formatPassRate(counts)).toBe(shown);
  });

  it('assumes 80 columns when the terminal does not say', async () => {
    const io = captureIo({ isTTY: true, env: { NO_COLOR: '1' } });
    await runScan(['--snapshot', SNAPSHOT], io, { catalog: CATALOG, criteriaOf });
    const widest = Math.max(...io.out().split('\n').map(displayWidth));
    expect(widest).toBeLessThanOrEqual(80);
  });
});

describe('vigil scan --live flags', () => {
  it.each([
    [['--live', '--snapshot', 'x.json'], 'vigil: scan: give --snapshot FILE or --live, not both'],
    [['--snapshot', 'x.json', '--regions', 'all'], 'vigil: scan: --regions only goes with --live'],
    [
      ['--snapshot', 'x.json', '--endpoint', 'http://127.0.0.1:1'],
      'vigil: scan: --endpoint only goes with --live',
    ],
    [
      ['--live', '--region', 'us-east-1', '--regions', 'all'],
      'vigil: scan: give --region or --regions, not both',
    ],
    [['--live', '--endpoint', 'moto'], "vigil: scan: --endpoint 'moto' is not an http(s) URL"],
    [['--live', '--types', 'AWS::Nope::Thing'], "vigil: scan: --types: cannot describe 'AWS::Nope::Thing'"],
  ])('refuses %j with exit 2 and one line naming the problem', async (argv, message) => {
    const io = captureIo();
    expect(await runScan(argv, io)).toBe(2);
    expect(io.err().startsWith(message), io.err()).toBe(true);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.out()).toBe('');
  });
});
