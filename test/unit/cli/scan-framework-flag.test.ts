import { describe, expect, it } from 'vitest';
import { runScan } from '#cli/commands/scan';
import { SCAN_CSV_COLUMNS } from '#cli/scan-report';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { captureIo } from '#test/support/cli-io';

const SAMPLE = new URL('../../../examples/sample-account-snapshot.json', import.meta.url).pathname;
const RULE = 'cw-loggroup-retention-period-check';
const BASE = ['--snapshot', SAMPLE, '--now', '2026-11-23T12:00:00Z', '--rule', RULE];

async function scan(argv: string[], io = captureIo()) {
  const code = await runScan([...BASE, ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

interface JsonReport {
  findings: { ruleId: string; compliance: string; soc2: string[]; controls: Record<string, string[]> }[];
  frameworks: {
    framework: string;
    versionedId: string;
    automated: number;
    manual: number;
    total: number;
    controls: { id: string; evidence: string; rules: string[]; counts?: Record<string, number> }[];
  }[];
}

function mapped(framework: 'soc2' | 'cis' | 'iso27001' | 'pci'): readonly string[] {
  return FRAMEWORK_PACKS[framework].mapping[RULE] ?? [];
}

describe('vigil scan --framework', () => {
  it('gives each JSON finding its controls per framework asked for and each framework its coverage', async () => {
    const { code, out } = await scan(['--framework', 'pci,iso27001', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as JsonReport;
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.controls).toEqual({ pci: mapped('pci'), iso27001: mapped('iso27001') });
      expect(finding.soc2).toEqual(mapped('soc2'));
    }
    expect(report.frameworks.map((entry) => [entry.framework, entry.versionedId])).toEqual([
      ['pci', 'pci-dss-4.0'],
      ['iso27001', 'iso27001-2022'],
    ]);
    const verdicts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, ERROR: 0 };
    for (const finding of report.findings) verdicts[finding.compliance as keyof typeof verdicts] += 1;
    expect(verdicts.NON_COMPLIANT).toBeGreaterThan(0);
    for (const entry of report.frameworks) {
      const key = entry.framework as 'pci' | 'iso27001';
      // One rule in the scan: exactly the controls its pack entry names are automated, with its verdicts.
      const automated = entry.controls.filter((control) => control.evidence === 'automated');
      expect(automated.map((control) => control.id)).toEqual([...mapped(key)]);
      for (const control of automated) {
        expect(control.rules).toEqual([RULE]);
        expect(control.counts).toEqual(verdicts);
      }
      expect(entry.automated).toBe(mapped(key).length);
      expect(entry.total).toBe(FRAMEWORK_PACKS[key].framework.controls.length);
      expect(entry.manual).toBe(entry.total - entry.automated);
      const manual = entry.controls.filter((control) => control.evidence === 'manual');
      expect(manual).toHaveLength(entry.manual);
      for (const control of manual) {
        expect(control.rules).toEqual([]);
        expect(control.counts).toBeUndefined();
      }
    }
  });

  it('defaults to SOC 2, takes versioned ids, repeats and commas, each framework once in the order given', async () => {
    const plain = JSON.parse((await scan(['--format', 'json'])).out) as JsonReport;
    expect(plain.frameworks.map((entry) => entry.framework)).toEqual(['soc2']);
    expect(plain.findings[0]?.controls).toEqual({ soc2: mapped('soc2') });
    const mixed = JSON.parse(
      (await scan(['--framework', 'CIS-AWS-5.0.0', '--framework', 'soc2,cis', '--format', 'json'])).out,
    ) as JsonReport;
    expect(mixed.frameworks.map((entry) => entry.framework)).toEqual(['cis', 'soc2']);
    // The rule serves no CIS recommendation: every CIS control is left to manual evidence.
    expect(mapped('cis')).toEqual([]);
    expect(mixed.findings[0]?.controls.cis).toEqual([]);
    expect(mixed.frameworks[0]?.automated).toBe(0);
  });

  it.each([
    ['an unknown id', ['--framework', 'hipaa']],
    ['an unknown id among known ones', ['--framework', 'soc2,nist']],
    ['an empty list', ['--framework', ',']],
  ])('exits 2 on %s, naming the valid ids on one line', async (_label, argv) => {
    const { code, out, err } = await scan(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /^vigil: scan: --framework: unknown framework ".*": use one of soc2 \(soc2-2017\), cis \(cis-aws-5\.0\.0\), iso27001 \(iso27001-2022\), pci \(pci-dss-4\.0\)\n$/,
    );
  });

  it('adds a CSV column per framework other than SOC 2, after the usual ones', async () => {
    const { out } = await scan(['--framework', 'soc2,pci,iso27001', '--format', 'csv']);
    const [header, first] = out.split('\r\n');
    expect(header).toBe([...SCAN_CSV_COLUMNS, 'pci', 'iso27001'].join(','));
    const fields = first?.split(',') ?? [];
    expect(fields.slice(-2)).toEqual([mapped('pci').join(' '), mapped('iso27001').join(' ')]);
    const plain = await scan(['--format', 'csv']);
    expect(plain.out.split('\r\n')[0]).toBe(SCAN_CSV_COLUMNS.join(','));
  });

  it('groups the piped table under each framework and lists its coverage, manual controls included', async () => {
    const { out } = await scan(['--framework', 'pci,soc2']);
    const lines = out.split('\n');
    const pci = lines.indexOf('PCI DSS 4.0 (pci-dss-4.0)');
    const soc2 = lines.indexOf(
      'SOC 2 Trust Services Criteria 2017 (revised points of focus 2022) (soc2-2017)',
    );
    expect(pci).toBeGreaterThan(0);
    expect(soc2).toBeGreaterThan(pci);
    const pciSection = lines.findIndex((line) => line.startsWith(`${mapped('pci')[0]}  `));
    expect(pciSection).toBeGreaterThan(pci);
    expect(pciSection).toBeLessThan(soc2);
    const coverage = lines.findIndex((line) => line.startsWith('Coverage of PCI DSS 4.0 (pci-dss-4.0): '));
    expect(coverage).toBeGreaterThan(soc2);
    expect(lines[coverage]).toContain(
      `${mapped('pci').length} of ${FRAMEWORK_PACKS.pci.framework.controls.length} controls have automated rules`,
    );
    const manualRow = lines
      .slice(coverage)
      .find((line) => /^ {2}12\.10\.1 +manual +- +- +- +- +- /.test(line));
    expect(manualRow).toBeDefined();
    expect(lines.findIndex((line) => line.startsWith('Summary'))).toBeGreaterThan(coverage);
  });

  it('on a terminal, names each framework and lists the controls left to manual evidence', async () => {
    const io = captureIo({ isTTY: true, columns: 100, env: { NO_COLOR: '1' } });
    const { out } = await scan(['--framework', 'pci'], io);
    expect(out).toContain('\nPCI DSS 4.0 (pci-dss-4.0)\n');
    expect(out).toMatch(
      /\n10\.5\.1 {2}Audit log history is kept 12 months, the last three immediately available/,
    );
    expect(out).toMatch(/Coverage of PCI DSS 4\.0 \(pci-dss-4\.0\): 1 of \d+ controls have automated rules/);
    expect(out).toMatch(/ {2}Automated: 10\.5\.1 \(\d+ non-compliant, \d+ compliant/);
    expect(out).toMatch(/ {2}Manual evidence: 1\.2\.1 1\.2\.5 /);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
