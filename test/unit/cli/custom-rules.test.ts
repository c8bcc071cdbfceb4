import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runAccept } from '#cli/commands/accept';
import { runExport } from '#cli/commands/export';
import { runRules } from '#cli/commands/rules';
import { runScan } from '#cli/commands/scan';
import { customRules, unregisterCustomRules } from '#shared/rules/custom-catalog';
import { memoryRegister } from '#test/support/acceptances';
import { captureIo } from '#test/support/cli-io';
import { checkBundle } from '#test/unit/export/check-bundle';
import { buildFindings, type ScenarioStep, writeEvidenceDir } from '#test/unit/export/scenario';

const SNAPSHOT = 'examples/sample-account-snapshot.json';
const RULES_DIR = 'examples/custom-rules';
const RULE_ID = 's3-bucket-data-classification-tagged';
const NOW = '2026-06-01T00:00:00Z';

const scratch = mkdtempSync(join(tmpdir(), 'vigil-custom-cli-'));

afterEach(() => unregisterCustomRules(customRules().map((rule) => rule.id)));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Finding {
  readonly ruleId: string;
  readonly resourceId: string;
  readonly compliance: string;
  readonly soc2: readonly string[];
  readonly severity: string;
}

describe('vigil scan --rules DIR', () => {
  it('runs the custom rules of the folder beside the built-in ones and reports them like any rule', async () => {
    const io = captureIo();
    const code = await runScan(
      ['--snapshot', SNAPSHOT, '--rules', RULES_DIR, '--now', NOW, '--format', 'json'],
      io,
    );
    expect(code).toBe(1);
    const { findings } = JSON.parse(io.out()) as { findings: Finding[] };
    const custom = findings.filter((finding) => finding.ruleId === RULE_ID);
    expect(custom.map((finding) => `${finding.compliance} ${finding.resourceId}`).sort()).toEqual([
      'COMPLIANT acme-audit-evidence-123456789012',
      'COMPLIANT acme-audit-evidence-replica-123456789012',
      'COMPLIANT acme-invoices-archive-123456789012',
      'NON_COMPLIANT acme-access-logs-123456789012',
      'NON_COMPLIANT acme-partner-uploads',
      'NON_COMPLIANT www.acme-example.com',
    ]);
    for (const finding of custom) {
      expect(finding.soc2).toEqual(['C1.1', 'CC6.1']);
      expect(finding.severity).toBe('medium');
    }
    // The built-in catalog still ran.
    expect(findings.some((finding) => finding.ruleId === 's3-bucket-versioning-enabled')).toBe(true);
  });

  it('takes --rule and --param for a custom rule', async () => {
    const io = captureIo();
    const argv = ['--snapshot', SNAPSHOT, '--rules', RULES_DIR, '--rule', RULE_ID, '--now', NOW];
    const code = await runScan(
      [
        ...argv,
        '--param',
        `${RULE_ID}.tagKey=team`,
        '--param',
        `${RULE_ID}.allowedValues=security`,
        '--format',
        'json',
      ],
      io,
    );
    const { findings } = JSON.parse(io.out()) as { findings: Finding[] };
    expect(new Set(findings.map((finding) => finding.ruleId))).toEqual(new Set([RULE_ID]));
    expect(findings.filter((finding) => finding.compliance === 'COMPLIANT')).toHaveLength(3);
    expect(code).toBe(1);
  });

  it('with --framework, groups its findings under its own controls and counts it in the coverage', async () => {
    const io = captureIo();
    const argv = ['--snapshot', SNAPSHOT, '--rules', RULES_DIR, '--rule', RULE_ID, '--framework', 'iso27001'];
    expect(await runScan([...argv, '--now', NOW, '--format', 'json'], io)).toBe(1);
    const document = JSON.parse(io.out()) as {
      findings: (Finding & { controls: Record<string, string[]> })[];
      frameworks: { framework: string; automated: number; controls: { id: string; rules: string[] }[] }[];
    };
    expect(document.findings).toHaveLength(6);
    for (const finding of document.findings) expect(finding.controls).toEqual({ iso27001: ['A.5.12'] });
    const [iso] = document.frameworks;
    expect(iso?.automated).toBe(1);
    expect(iso?.controls.find((control) => control.id === 'A.5.12')?.rules).toEqual([RULE_ID]);
  });

  it('without --rules, a custom rule id is unknown', async () => {
    const io = captureIo();
    expect(await runScan(['--snapshot', SNAPSHOT, '--rule', RULE_ID], io)).toBe(2);
    expect(io.err()).toContain(RULE_ID);
  });

  it('fails before reading the snapshot (exit 2) when a rule is broken, naming the file and problem', async () => {
    const dir = join(scratch, 'broken');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'lambda-owner-tagged.mjs'),
      `export default { id: 'lambda-owner-tagged', title: 'Functions carry an owner tag',
        resourceTypes: ['AWS::Lambda::Function'], severity: 'low', parameters: {}, rationale: 'r',
        remediationAdvice: 'a', controls: { soc2: ['CC6.1', 'CC42.1'] }, evaluate: () => null,
        examples: { compliant: [{ configuration: {} }], nonCompliant: [{ configuration: {} }] } };`,
    );
    const io = captureIo();
    expect(await runScan(['--snapshot', 'does-not-exist.json', '--rules', dir], io)).toBe(2);
    expect(io.err()).toBe(
      `vigil: custom rule ${join(dir, 'lambda-owner-tagged.mjs')}: controls.soc2 soc2-2017 has no control CC42.1\n`,
    );
    expect(io.out()).toBe('');
  });
});

describe('vigil rules --rules DIR', () => {
  it('lists the custom rule with its controls, and counts it in framework coverage', async () => {
    const io = captureIo();
    expect(await runRules(['--rules', RULES_DIR, '--framework', 'iso27001', '--format', 'json'], io)).toBe(0);
    const document = JSON.parse(io.out()) as {
      rules: { id: string; soc2: string[]; controls: Record<string, string[]>; custom?: boolean }[];
      coverage: { controls: { id: string; evidence: string; rules: string[] }[] }[];
    };
    expect(document.rules.at(-1)).toMatchObject({
      id: RULE_ID,
      soc2: ['C1.1', 'CC6.1'],
      controls: { iso27001: ['A.5.12'] },
      managedRule: false,
      custom: true,
    });
    expect(document.rules.filter((rule) => rule.custom === true).map((rule) => rule.id)).toEqual([RULE_ID]);
    const classification = document.coverage[0]?.controls.find((control) => control.id === 'A.5.12');
    expect(classification).toEqual(expect.objectContaining({ evidence: 'automated', rules: [RULE_ID] }));
  });

  it('does not list it without --rules', async () => {
    const io = captureIo();
    expect(await runRules(['--format', 'json'], io)).toBe(0);
    expect(io.out()).not.toContain(RULE_ID);
  });

  it('exits 2 with the problem for a folder that is missing', async () => {
    const io = captureIo();
    expect(await runRules(['--rules', join(scratch, 'nope')], io)).toBe(2);
    expect(io.err()).toBe(`vigil: custom rules: ${join(scratch, 'nope')} is not a folder\n`);
  });
});

describe('vigil accept --rules DIR', () => {
  const clock = new Date('2026-11-23T12:00:00.000Z');
  const argv = [
    '--rule',
    RULE_ID,
    '--resource',
    'acme-partner-uploads',
    '--account',
    '123456789012',
    '--reason',
    'partner bucket is classified in the partner contract',
    '--owner',
    'data@example.com',
    '--approver',
    'ciso@example.com',
    '--expires',
    '2027-02-01',
    '--table',
    'vigil-state',
    '--bucket',
    'vigil-evidence',
  ];

  it.each([
    ['accepts a risk on a custom rule with the folder', ['--rules', RULES_DIR], 0],
    ['refuses its id as unknown without it', [], 2],
  ])('%s', async (_case, extra, code) => {
    const register = memoryRegister(clock);
    const io = captureIo();
    const dependencies = {
      openRegister: () => register.deps,
      identity: async () => 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
      clock: () => clock,
    };
    expect(await runAccept([...argv, ...extra], io, dependencies)).toBe(code);
    expect(register.store.advances).toBe(code === 0 ? 1 : 0);
    if (code !== 0) expect(io.err()).toContain(`unknown rule ${RULE_ID}`);
  });
});

describe('vigil export --rules DIR', () => {
  const steps: ScenarioStep[] = [
    ['acme-partner-uploads', 'NON_COMPLIANT', '2026-10-01T10:00:00.000Z'],
    ['acme-partner-uploads', 'COMPLIANT', '2026-10-02T09:00:00.000Z'],
    ['acme-audit-evidence', 'COMPLIANT', '2026-10-01T11:00:00.000Z'],
  ].map(([resourceId = '', compliance, captureTime = '']) => ({
    resourceType: 'AWS::S3::Bucket',
    resourceId,
    ruleId: RULE_ID,
    soc2: ['C1.1', 'CC6.1'],
    severity: 'medium',
    captureTime,
    compliance: compliance as ScenarioStep['compliance'],
  }));
  const argv = (evidence: string, out: string, ...extra: string[]) => [
    '--from',
    '2026-10-01',
    '--to',
    '2026-10-03',
    '--source',
    evidence,
    '--out',
    join(scratch, out),
    '--unsigned',
    '--quiet',
    '--framework',
    'iso27001',
    ...extra,
  ];

  it('names the custom rule and maps it to its own controls with the folder, and leaves them manual without', async () => {
    const evidence = join(scratch, 'export-evidence');
    await writeEvidenceDir(evidence, buildFindings(steps));
    const classification = async (out: string, ...extra: string[]) => {
      expect(await runExport(argv(evidence, out, ...extra), captureIo())).toBe(0);
      const { summary } = await checkBundle(join(scratch, out));
      const rule = summary.criteria.flatMap((criterion) => criterion.rules).find((r) => r.ruleId === RULE_ID);
      const control = summary.frameworks?.[0]?.controls.find((entry) => entry.id === 'A.5.12');
      return { title: rule?.title, control };
    };

    const withFolder = await classification('export-with-rules', '--rules', RULES_DIR);
    expect(withFolder.title).toBe('S3 buckets carry a data-classification tag with a known level');
    expect(withFolder.control).toMatchObject({
      evidence: 'automated',
      rules: [RULE_ID],
      figures: { evaluations: 3, compliant: 2, nonCompliant: 1, failures: 1, remediated: 1 },
    });

    unregisterCustomRules([RULE_ID]);
    const without = await classification('export-without-rules');
    expect(without.title).toBe(RULE_ID);
    expect(without.control).toMatchObject({ evidence: 'manual', rules: [] });
  });

  it('exits 2 naming the broken rule before reading any evidence', async () => {
    const broken = join(scratch, 'broken-export-rules');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'bad.mjs'), "export default { id: 'Not An Id' };\n");
    const io = captureIo();
    expect(
      await runExport(argv(join(scratch, 'no-such-evidence'), 'export-broken', '--rules', broken), io),
    ).toBe(2);
    expect(io.err()).toMatch(/^vigil: export: .*bad\.mjs/);
  });
});
