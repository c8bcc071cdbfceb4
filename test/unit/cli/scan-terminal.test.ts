import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { summarize } from '#cli/scan-report';
import {
  compareByAttention,
  DEFAULT_ROWS_PER_CRITERION,
  renderTerminalReport,
  type TerminalReportOptions,
} from '#cli/scan-terminal';
import { displayWidth } from '#cli/terminal-text';
import type { Evaluation, EvaluationOutcome } from '#shared/rules/engine';
import { SEVERITIES, type Severity, SOC2_CRITERIA, type Soc2Criterion } from '#shared/rules/rule';

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[\\d+m`, 'g');
const plain = pc.createColors(false);
const coloured = pc.createColors(true);
const OUTCOMES: readonly EvaluationOutcome[] = ['NON_COMPLIANT', 'ERROR', 'COMPLIANT', 'NOT_APPLICABLE'];

/** The longest rule id of the catalog is about this long; the layout must never cut it. */
const LONG_RULE = 's3-account-level-public-access-blocks-periodic';

function evaluation(overrides: Partial<Evaluation> & Pick<Evaluation, 'ruleId' | 'compliance'>): Evaluation {
  return {
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'acme-logs',
    accountId: '123456789012',
    region: 'us-east-1',
    captureTime: '2026-11-20T09:14:02.118Z',
    annotation: `${overrides.ruleId} says ${overrides.compliance}.`,
    soc2: ['CC6.1'],
    severity: 'medium',
    ...overrides,
  };
}

function render(evaluations: readonly Evaluation[], options: Partial<TerminalReportOptions> = {}): string[] {
  return renderTerminalReport(evaluations, summarize(evaluations.length, evaluations), {
    colors: plain,
    width: 100,
    all: false,
    source: 'snapshot.json',
    ...options,
  });
}

/** Lines that start a row: verdict, severity and rule id (one line per row, or one per rule when stacked). */
function ruleLines(lines: readonly string[]): string[][] {
  return lines
    .map((line) => line.trim().split(/\s+/))
    .filter((tokens) => OUTCOMES.includes(tokens[0] as EvaluationOutcome));
}

/** A real-shaped mix: long ARNs, a long rule id, long annotations, every outcome and severity. */
function estate(): Evaluation[] {
  const arn = (name: string) =>
    `arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/${name}/50dc6c495c0c9188f1e3c5b9d2f4e60a`;
  return [
    evaluation({
      ruleId: LONG_RULE,
      compliance: 'NON_COMPLIANT',
      severity: 'high',
      resourceType: 'AWS::S3::AccountPublicAccessBlock',
      resourceId: '123456789012',
      soc2: ['CC6.1', 'CC6.6'],
      annotation: `Account 123456789012 has required Block Public Access settings turned off: ${'BlockPublicAcls, '.repeat(8)}`,
    }),
    evaluation({
      ruleId: 'rds-instance-public-access-check',
      compliance: 'NON_COMPLIANT',
      severity: 'critical',
      resourceId: 'db-3FJX7W2QK9TDL4VZ8RB6NY1MCU',
      resourceName: 'legacy-reporting',
      soc2: ['CC6.1', 'CC6.6', 'C1.1'],
    }),
    evaluation({
      ruleId: 'elb-logging-enabled',
      compliance: 'NON_COMPLIANT',
      severity: 'medium',
      resourceId: arn('marketing-site'),
      resourceName: 'marketing-site',
      soc2: ['CC7.2'],
      annotation: 'Access logging is disabled on marketing-site.',
    }),
    evaluation({
      ruleId: 'elb-logging-enabled',
      compliance: 'NON_COMPLIANT',
      severity: 'medium',
      resourceId: arn('checkout'),
      soc2: ['CC7.2'],
      annotation: 'Access logging is disabled on checkout.',
    }),
    evaluation({ ruleId: 's3-bucket-logging-enabled', compliance: 'NON_COMPLIANT', severity: 'low' }),
    evaluation({
      ruleId: 'boom',
      compliance: 'ERROR',
      severity: 'high',
      annotation: 'Rule boom failed: Error: x',
    }),
    evaluation({ ruleId: 's3-bucket-versioning-enabled', compliance: 'COMPLIANT', soc2: ['CC6.1', 'A1.2'] }),
    evaluation({
      ruleId: 'restricted-ssh',
      compliance: 'NOT_APPLICABLE',
      resourceId: 'sg-1',
      soc2: ['CC6.6'],
    }),
    evaluation({ ruleId: 'securityhub-enabled', compliance: 'COMPLIANT', soc2: ['CC4.1'], severity: 'low' }),
  ];
}

describe('renderTerminalReport: fitting the terminal', () => {
  it.each([80, 100, 200])('keeps every line within %i columns, colour codes aside', (width) => {
    for (const colors of [plain, coloured]) {
      for (const all of [false, true]) {
        const lines = render(estate(), { width, colors, all });
        for (const line of lines) expect(displayWidth(line.replace(ANSI, ''))).toBeLessThanOrEqual(width);
      }
    }
  });

  it.each([80, 100, 200])('never cuts a verdict or a rule id at %i columns', (width) => {
    const evaluations = estate();
    const lines = render(evaluations, { width, all: true });
    const rows = ruleLines(lines);
    const ruleIds = new Set(evaluations.map((row) => row.ruleId));
    expect(rows.length).toBeGreaterThan(0);
    for (const [verdict, severity, ruleId] of rows) {
      expect(OUTCOMES).toContain(verdict);
      expect(SEVERITIES).toContain(severity);
      expect(ruleIds).toContain(ruleId);
    }
    expect(new Set(rows.map((tokens) => tokens[2]))).toEqual(ruleIds);
  });

  it('cuts a long ARN in its middle, keeping its start, its distinguishing end and the name', () => {
    const text = render(estate(), { width: 100 }).join('\n');
    expect(text).toMatch(/arn:a[^\s…]*…[^\s…]*c5b9d2f4e60a \(marketing-site\)/);
    expect(text).not.toContain('loadbalancer/app/marketing-site/');
  });

  it('puts a row on one line when it fits, and otherwise each rule on a line with its resources under it', () => {
    const wide = render(estate(), { width: 200 });
    const elb = wide.filter((line) => line.includes('elb-logging-enabled'));
    expect(elb).toHaveLength(2);
    for (const line of elb) expect(line).toMatch(/^ {2}NON_COMPLIANT +medium +elb-logging-enabled +arn:/);

    const narrow = render(estate(), { width: 80 });
    const at = narrow.findIndex((line) => line.includes('elb-logging-enabled'));
    expect(narrow.filter((line) => line.includes('elb-logging-enabled'))).toHaveLength(1);
    expect(narrow[at]?.trimEnd()).toMatch(/^ {2}NON_COMPLIANT +medium +elb-logging-enabled$/);
    expect(narrow[at + 1]).toMatch(/^ {4}arn:\S*60a +us-east-1 +Access logging is disabled on che…$/);
    expect(narrow[at + 2]).toMatch(/^ {4}arn\S*60a \(marketing-site\) +us-east-1 +Access logging/);
  });

  it('measures wide characters by the columns they take', () => {
    const names = ['東京の請求書バケット', '🔒-secure-logs', 'Büro-Ablage'];
    const evaluations = names.map((resourceName, index) =>
      evaluation({
        ruleId: LONG_RULE,
        compliance: 'NON_COMPLIANT',
        resourceId: `bucket-${index}`,
        resourceName,
      }),
    );
    for (const width of [80, 100]) {
      for (const line of render(evaluations, { width }))
        expect(displayWidth(line)).toBeLessThanOrEqual(width);
    }
  });

  it('cuts a resource id of millions of characters to the width, and a long snapshot path in its middle', () => {
    const huge = `bucket-${'x'.repeat(2_000_000)}-end`;
    const lines = render(
      [evaluation({ ruleId: 's3-bucket-versioning-enabled', compliance: 'NON_COMPLIANT', resourceId: huge })],
      {
        width: 80,
        source: `/home/auditor/${'exports/'.repeat(20)}snapshot.json.gz`,
      },
    );
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines.join('\n')).toMatch(/bucket-x+…x+-end/);
    expect(lines[0]).toMatch(/^Vigil scan of \/home\/auditor\/exp.*….*\/snapshot\.json\.gz$/);
  });

  it('prints no control character a snapshot smuggled into an id, a name or an annotation', () => {
    const hostile = evaluation({
      ruleId: 'restricted-ssh',
      compliance: 'NON_COMPLIANT',
      resourceId: `sg-1${ESC}]0;pwned\u0007`,
      resourceName: `evil\u202Ename`,
      annotation: `line one\nline two${ESC}[2J`,
    });
    const lines = render([hostile], { width: 200 });
    const text = lines.join('\n');
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u202E');
    expect(text).not.toContain('\u0007');
    expect(lines.find((line) => line.includes('restricted-ssh'))).toContain('line one line two');
  });
});

describe('renderTerminalReport: what is listed, and in which order', () => {
  it('lists failures and errors under each criterion of their rule, in catalog order', () => {
    const lines = render(estate(), { width: 200 });
    const headings = lines
      .filter((line) => /^(CC|A1|C1|PI1)\d*\.\d/.test(line))
      .map((line) => line.split(' ')[0]);
    expect(headings).toEqual(['CC6.1', 'CC6.6', 'CC7.2', 'C1.1']);
    const order = headings.map((criterion) => SOC2_CRITERIA.indexOf(criterion as Soc2Criterion));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('sorts a criterion by severity, critical first, with errors among the failures by severity', () => {
    const lines = render(estate(), { width: 200 });
    const start = lines.findIndex((line) => line.startsWith('CC6.1 '));
    const end = lines.indexOf('', start);
    const rows = ruleLines(lines.slice(start, end));
    expect(rows.map((tokens) => tokens.slice(0, 3))).toEqual([
      ['NON_COMPLIANT', 'critical', 'rds-instance-public-access-check'],
      ['NON_COMPLIANT', 'high', LONG_RULE],
      ['ERROR', 'high', 'boom'],
      ['NON_COMPLIANT', 'low', 's3-bucket-logging-enabled'],
    ]);
  });

  it('orders what needs attention before passes, by severity, then as the other formats do', () => {
    const shuffled = [...estate()].reverse();
    const sorted = [...shuffled].sort(compareByAttention);
    expect(sorted.map((row) => row.compliance)).toEqual([
      'NON_COMPLIANT',
      'NON_COMPLIANT',
      'ERROR',
      'NON_COMPLIANT',
      'NON_COMPLIANT',
      'NON_COMPLIANT',
      'COMPLIANT',
      'COMPLIANT',
      'NOT_APPLICABLE',
    ]);
    expect(sorted.slice(0, 6).map((row) => row.severity)).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
    ]);
  });

  it('counts passes and not-applicable results instead of listing them', () => {
    const lines = render(estate(), { width: 200 });
    expect(ruleLines(lines).map((tokens) => tokens[0])).not.toContain('COMPLIANT');
    expect(ruleLines(lines).map((tokens) => tokens[0])).not.toContain('NOT_APPLICABLE');
    expect(lines).toContain(
      'CC6.1  Logical access security over protected information assets · 3 non-compliant, 1 error, 1 compliant',
    );
    expect(lines).toContain(
      'CC6.6  Protection against threats from outside system boundaries · 2 non-compliant, 1 not applicable',
    );
    expect(lines).toContain('Nothing failed under CC4.1 (1 compliant) · A1.2 (1 compliant)');
    expect(lines).toContain('Summary: 5 NON_COMPLIANT · 1 ERROR · 2 COMPLIANT · 1 NOT_APPLICABLE');
    expect(lines).toContain('  non-compliant by severity: 1 critical, 1 high, 2 medium, 1 low');
    expect(lines).toContain('  Passes counted, not listed; --all lists them.');
    expect(lines).toContain('1 evaluation failed: the scan is incomplete.');
    expect(lines.at(-1)).toBe('✗ 5 non-compliant finding(s).');
  });

  it('with --all, lists every evaluation under every criterion of its rule, and no hint', () => {
    const evaluations = estate();
    const lines = render(evaluations, { width: 200, all: true });
    const listed = ruleLines(lines);
    const expected = evaluations.reduce((sum, row) => sum + row.soc2.length, 0);
    expect(listed).toHaveLength(expected);
    expect(listed.map((tokens) => tokens[0])).toContain('NOT_APPLICABLE');
    expect(lines.join('\n')).not.toMatch(/Nothing failed under|… and \d+ more|--all/);
    const a12 = lines.findIndex((line) => line.startsWith('A1.2 '));
    expect(lines[a12 + 1]).toMatch(/^ {2}COMPLIANT +medium +s3-bucket-versioning-enabled +acme-logs/);
  });

  it('says when no rule applied, and that nothing is non-compliant', () => {
    const lines = render([]);
    expect(lines).toContain('No rule applies to any of the 0 configuration items.');
    expect(lines.at(-1)).toBe('✓ No non-compliant finding.');
  });
});

describe('renderTerminalReport: a large scan stays readable', () => {
  /** `resources` buckets, each failing and passing rules of every severity under two criteria. */
  function largeScan(resources: number): Evaluation[] {
    const rows: Evaluation[] = [];
    for (let index = 0; index < resources; index += 1) {
      const severity: Severity = SEVERITIES[index % 4] ?? 'low';
      const resourceId = `arn:aws:s3:::bucket-${String(index).padStart(6, '0')}-${'x'.repeat(index % 90)}`;
      const soc2: Soc2Criterion[] = ['CC6.1', 'CC7.2'];
      rows.push(evaluation({ ruleId: 'rule-a', compliance: 'NON_COMPLIANT', severity, resourceId, soc2 }));
      rows.push(evaluation({ ruleId: 'rule-b', compliance: 'COMPLIANT', resourceId, soc2 }));
      if (index % 100 === 0)
        rows.push(evaluation({ ruleId: 'rule-c', compliance: 'ERROR', resourceId, soc2 }));
    }
    return rows;
  }

  it('lists at most the cap per criterion and counts the rest by severity', () => {
    const lines = render(largeScan(5_000), { width: 200 });
    expect(ruleLines(lines)).toHaveLength(2 * DEFAULT_ROWS_PER_CRITERION);
    // 5,000 failures (1,250 of each severity) and 50 medium errors per criterion; 10 critical ones shown.
    expect(lines.filter((line) => line.startsWith('  … and '))).toEqual([
      '  … and 5040 more: 1240 critical, 1250 high, 1300 medium, 1250 low',
      '  … and 5040 more: 1240 critical, 1250 high, 1300 medium, 1250 low',
    ]);
    expect(lines).toContain('  Passes counted, not listed; at most 10 rows per criterion; --all lists all.');
    expect(lines).toContain('Summary: 5000 NON_COMPLIANT · 50 ERROR · 5000 COMPLIANT · 0 NOT_APPLICABLE');
  });

  it('prints as many lines for 50,000 evaluations as for 5,000', () => {
    const small = render(largeScan(2_500), { width: 80 });
    const large = render(largeScan(25_000), { width: 80 });
    expect(large).toHaveLength(small.length);
    expect(large.length).toBeLessThan(60);
  });

  it('keeps to the cap it is given, down to none', () => {
    const lines = render(largeScan(200), { width: 100, rowsPerCriterion: 0 });
    expect(ruleLines(lines)).toEqual([]);
    expect(lines).toContain('  … and 202 more: 50 critical, 50 high, 52 medium, 50 low');
  });
});
