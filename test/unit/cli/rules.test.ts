import { describe, expect, it } from 'vitest';
import { runRules } from '#cli/commands/rules';
import { RULES } from '#shared/rules/registry';
import { compliant, type Rule } from '#shared/rules/rule';
import { captureIo } from '#test/support/cli-io';

const sample: Rule = {
  id: 'sample-rule',
  title: 'Sample resources are in the compliant state',
  soc2: ['CC6.1', 'CC6.6'],
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

describe('vigil rules', () => {
  it('lists the catalog as JSON with criteria, parameters and defaults', async () => {
    const io = captureIo();
    expect(await runRules(['--format', 'json'], io, { catalog: [sample] })).toBe(0);
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
    await runRules([], io, { catalog: [sample] });
    const row = io.out().split('\n')[1] ?? '';
    expect(row).toMatch(
      /^sample-rule\s+high\s+CC6\.1 CC6\.6\s+AWS::KMS::Key\s+trafficType=REJECT exemptIds=a,b\s+yes\s+no\s+config cloudtrail sweep\s+Sample/,
    );
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
