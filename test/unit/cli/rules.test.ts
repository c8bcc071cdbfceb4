import { describe, expect, it } from 'vitest';
import { runRules } from '#cli/commands/rules';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { RULES } from '#shared/rules/registry';
import { compliant, type Rule } from '#shared/rules/rule';
import { captureIo } from '#test/support/cli-io';

const sample: Rule = {
  id: 'sample-rule',
  title: 'Sample resources are in the compliant state',
  resourceTypes: ['AWS::KMS::Key'],
  reads: ['AWS::Logs::LogGroup'],
  severity: 'high',
  parameters: {
    trafficType: { type: 'string', default: 'REJECT', description: 'traffic type' },
    exemptIds: { type: 'string-list', default: ['a', 'b'], description: 'exempt' },
  },
  rationale: 'because',
  remediationAdvice: 'do it',
  managedRule: true,
  evaluate: () => compliant('ok'),
};

/** The shipped packs, with entries for the sample rule in the SOC 2 and CIS packs. */
const packs = {
  ...FRAMEWORK_PACKS,
  soc2: { ...FRAMEWORK_PACKS.soc2, mapping: { 'sample-rule': ['CC6.1', 'CC6.6'] } },
  cis: { ...FRAMEWORK_PACKS.cis, mapping: { 'sample-rule': ['3.6', '2.1.1'] } },
};

describe('vigil rules', () => {
  it('lists the catalog as JSON with criteria, parameters and defaults', async () => {
    const io = captureIo();
    expect(await runRules(['--format', 'json'], io, { catalog: [sample], packs })).toBe(0);
    expect(JSON.parse(io.out())).toEqual({
      rules: [
        {
          id: 'sample-rule',
          title: 'Sample resources are in the compliant state',
          soc2: ['CC6.1', 'CC6.6'],
          severity: 'high',
          resourceTypes: ['AWS::KMS::Key'],
          reads: ['AWS::Logs::LogGroup'],
          parameters: {
            trafficType: { type: 'string', default: 'REJECT', description: 'traffic type' },
            exemptIds: { type: 'string-list', default: ['a', 'b'], description: 'exempt' },
          },
          managedRule: true,
          remediation: false,
          paths: { config: true, cloudTrailCalls: 10, sweep: true },
        },
      ],
    });
  });

  it('reports remediation availability through the injected lookup', async () => {
    const io = captureIo();
    await runRules(['--format', 'json'], io, {
      catalog: [sample],
      hasRemediation: (id) => id === 'sample-rule',
    });
    expect(JSON.parse(io.out()).rules[0].remediation).toBe(true);
  });

  it.each([
    [['AWS::::Account'], [], { config: false, sweep: true }],
    [['AWS::Example::Thing'], [], { config: true, cloudTrailCalls: 0, sweep: false }],
    [['AWS::KMS::Key'], ['AWS::Example::Thing'], { config: true, sweep: false }],
  ])('says which paths reach a rule of %j reading %j', async (resourceTypes, reads, paths) => {
    const io = captureIo();
    await runRules(['--format', 'json'], io, { catalog: [{ ...sample, resourceTypes, reads }] });
    expect(JSON.parse(io.out()).rules[0].paths).toMatchObject(paths);
  });

  it('lists every registered rule in the table', async () => {
    const io = captureIo();
    expect(await runRules([], io)).toBe(0);
    for (const rule of RULES) expect(io.out()).toContain(rule.id);
    expect(io.out()).toContain(`${RULES.length} rules.`);
  });

  it('shows parameter defaults in the table', async () => {
    const io = captureIo();
    await runRules([], io, { catalog: [sample], packs });
    const row = io.out().split('\n')[1] ?? '';
    expect(row).toMatch(
      /^sample-rule\s+high\s+CC6\.1 CC6\.6\s+AWS::KMS::Key\s+trafficType=REJECT exemptIds=a,b\s+yes\s+no\s+config cloudtrail sweep\s+Sample/,
    );
  });

  it("shows the controls of each framework asked for, and each framework's coverage, as JSON", async () => {
    const io = captureIo();
    expect(
      await runRules(['--format', 'json', '--framework', 'cis,iso27001-2022'], io, {
        catalog: [sample],
        packs,
      }),
    ).toBe(0);
    const document = JSON.parse(io.out());
    expect(document.rules[0].soc2).toEqual(['CC6.1', 'CC6.6']);
    expect(document.rules[0].controls).toEqual({ cis: ['3.6', '2.1.1'], iso27001: [] });
    expect(document.coverage.map((entry: { framework: string }) => entry.framework)).toEqual([
      'cis',
      'iso27001',
    ]);
    const [cis, iso] = document.coverage;
    expect(cis).toMatchObject({ versionedId: 'cis-aws-5.0.0', automated: 2, manual: 61, total: 63 });
    expect(cis.controls.find((control: { id: string }) => control.id === '3.6')).toEqual({
      id: '3.6',
      title: 'Rotation is enabled for customer-created symmetric KMS keys',
      evidence: 'automated',
      rules: ['sample-rule'],
    });
    expect(cis.controls.find((control: { id: string }) => control.id === '1.1').evidence).toBe('manual');
    expect(iso).toMatchObject({ versionedId: 'iso27001-2022', automated: 0, manual: 93, total: 93 });
  });

  it('replaces the SOC 2 column by one column per framework and prints each coverage summary', async () => {
    const io = captureIo();
    expect(
      await runRules(['--framework', 'pci', '--framework', 'cis'], io, { catalog: [sample], packs }),
    ).toBe(0);
    const [header, row] = io.out().split('\n');
    expect(header).toMatch(/^RULE\s+SEVERITY\s+PCI\s+CIS\s+RESOURCE TYPES/);
    expect(row).toMatch(/^sample-rule\s+high\s+-\s+3\.6 2\.1\.1\s+AWS::KMS::Key/);
    expect(io.out()).toContain(
      'CIS Amazon Web Services Foundations Benchmark 5.0.0 (cis-aws-5.0.0): 2 of 63 controls have automated rules, 61 are left to manual evidence.',
    );
    expect(io.out()).toContain(
      'PCI DSS 4.0 (pci-dss-4.0): 0 of 100 controls have automated rules, 100 are left to manual evidence.',
    );
    expect(io.out()).toMatch(/Manual evidence: 1\.1 1\.2 1\.3 /);
  });

  it('counts the shipped catalog against the shipped packs', async () => {
    const io = captureIo();
    expect(await runRules(['--format', 'json', '--framework', 'soc2,cis,iso27001,pci'], io)).toBe(0);
    const { coverage } = JSON.parse(io.out());
    for (const entry of coverage) {
      expect(entry.automated + entry.manual).toBe(entry.total);
      expect(entry.automated, entry.framework).toBeGreaterThan(0);
      expect(entry.manual, entry.framework).toBeGreaterThan(0);
    }
  });

  it.each([
    [
      ['--framework', 'hipaa'],
      /^vigil: unknown framework "hipaa": use one of soc2 \(soc2-2017\), cis \(cis-aws-5\.0\.0\), iso27001 \(iso27001-2022\), pci \(pci-dss-4\.0\)\n$/,
    ],
    [['--framework', 'cis,nist'], /^vigil: unknown framework "nist": /],
    [['--framework', ','], /^vigil: unknown framework ",": /],
  ])('exits 2 on %j naming the unknown framework and the known ids', async (argv, message) => {
    const io = captureIo();
    expect(await runRules(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it.each([
    [['--format', 'yaml'], "vigil: rules: unknown format 'yaml' (use table, json)\n"],
    [['--verbose'], "vigil: rules: unknown option '--verbose' (see vigil rules --help)\n"],
  ])('exits 2 on %j with one line on stderr', async (argv, message) => {
    const io = captureIo();
    expect(await runRules(argv, io)).toBe(2);
    expect(io.err()).toBe(message);
    expect(io.out()).toBe('');
  });
});
