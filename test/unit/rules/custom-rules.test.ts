import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { controls } from '#shared/frameworks/registry';
import { soc2Criteria } from '#shared/frameworks/soc2';
import { customRules, isCustomRule, unregisterCustomRules } from '#shared/rules/custom-catalog';
import {
  CustomRuleError,
  customRuleFiles,
  loadCustomRules,
  useCustomRules,
  validateCustomRule,
} from '#shared/rules/custom-rules';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory } from '#shared/rules/inventory';
import { findRule, RULES, ruleCatalog } from '#shared/rules/registry';
import { ruleTitleOf } from '#shared/rules/rule-titles';
import { defaultRulesDocSources, renderRulesDoc, withCustomRules } from '../../../scripts/rules-doc/render';

const EXAMPLE_DIR = 'examples/custom-rules';
const EXAMPLE_ID = 's3-bucket-data-classification-tagged';

const scratch = mkdtempSync(join(tmpdir(), 'vigil-custom-rules-test-'));
let folders = 0;

/** A fresh folder holding these files. */
function folder(files: Record<string, string>): string {
  folders += 1;
  const dir = join(scratch, `case-${folders}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A sound rule object; each case breaks one thing of it. */
function sound(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'ec2-instance-cost-center-tagged',
    title: 'EC2 instances carry a cost-center tag',
    resourceTypes: ['AWS::EC2::Instance'],
    severity: 'low',
    parameters: { tagKey: { type: 'string', default: 'cost-center', description: 'Tag key' } },
    rationale: 'Spend is attributed to an owner.',
    remediationAdvice: 'Tag the instance with cost-center.',
    controls: { soc2: ['CC1.3'] },
    evaluate: (item: { tags: Record<string, string> }, context: { parameters: { tagKey: string } }) =>
      item.tags[context.parameters.tagKey] === undefined
        ? { compliance: 'NON_COMPLIANT', annotation: 'no cost-center tag' }
        : { compliance: 'COMPLIANT', annotation: 'tagged' },
    examples: {
      compliant: [{ configuration: {}, tags: { 'cost-center': 'cc-1' } }],
      nonCompliant: [{ configuration: {}, tags: {} }],
    },
    ...overrides,
  };
}

const FILE = '/rules/ec2-instance-cost-center-tagged.ts';

function problemOf(exported: unknown, file = FILE): string {
  try {
    validateCustomRule(file, exported, new Set());
  } catch (error) {
    expect(error).toBeInstanceOf(CustomRuleError);
    return (error as Error).message;
  }
  throw new Error('the rule was accepted');
}

afterEach(() => unregisterCustomRules(customRules().map((rule) => rule.id)));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('validateCustomRule', () => {
  it('accepts a sound rule and returns it as exported', () => {
    const rule = sound();
    expect(validateCustomRule(FILE, rule, new Set())).toBe(rule);
  });

  it.each([
    ['no default export', undefined, 'has no default export'],
    ['an id that is no kebab-case word list', sound({ id: 'Cost_Center' }), 'id must be lower-case words'],
    [
      'a resource type Vigil does not collect',
      sound({ resourceTypes: ['AWS::Nope::Thing'] }),
      'AWS::Nope::Thing is no resource type',
    ],
    ['no resource type', sound({ resourceTypes: [] }), 'resourceTypes must name at least one'],
    ['a read of an unknown type', sound({ reads: ['AWS::Nope::Thing'] }), 'reads.0 AWS::Nope::Thing'],
    ['an unknown severity', sound({ severity: 'urgent' }), 'severity'],
    ['an empty title', sound({ title: '  ' }), 'title must not be empty'],
    [
      'a control the framework lacks',
      sound({ controls: { soc2: ['CC9.9'] } }),
      'soc2-2017 has no control CC9.9',
    ],
    ['a control named twice', sound({ controls: { cis: ['1.4', '1.4'] } }), 'controls.cis names 1.4 twice'],
    [
      'no framework at all',
      sound({ controls: {} }),
      'controls must map at least one of soc2, cis, iso27001, pci',
    ],
    ['an unknown framework', sound({ controls: { nist: ['AC-1'] } }), 'controls'],
    [
      'a parameter default of the wrong type',
      sound({ parameters: { days: { type: 'number', default: '30', description: 'd' } } }),
      'parameters.days.default',
    ],
    [
      'evaluate that is no function',
      sound({ evaluate: 'tags.owner != null' }),
      'evaluate must be a function',
    ],
    ['a key the interface does not have (a typo)', sound({ soc2: ['CC6.1'] }), 'soc2'],
    ['managedRule: true', sound({ managedRule: true }), 'a custom rule mirrors no AWS Config managed rule'],
    [
      'no compliant example',
      sound({ examples: { compliant: [], nonCompliant: [{ configuration: {} }] } }),
      'examples.compliant needs at least one',
    ],
    ['no examples', sound({ examples: undefined }), 'examples'],
  ])('refuses %s', (_case, exported, message) => {
    expect(problemOf(exported)).toContain(message);
  });

  it('names the file in every message', () => {
    expect(problemOf(sound({ severity: 'urgent' }))).toMatch(
      /^custom rule \/rules\/ec2-instance-cost-center-tagged\.ts: /,
    );
  });

  it('refuses a file not named after the rule id', () => {
    expect(problemOf(sound(), '/rules/cost-center.ts')).toContain(
      'the file name must be the rule id: rename it to ec2-instance-cost-center-tagged.ts',
    );
  });

  it('refuses the id of a rule Vigil ships', () => {
    expect(problemOf(sound({ id: 'ec2-imdsv2-check' }), '/rules/ec2-imdsv2-check.ts')).toContain(
      'id ec2-imdsv2-check is a rule Vigil ships',
    );
  });

  it('refuses an id another custom rule of the folder took', () => {
    expect(() => validateCustomRule(FILE, sound(), new Set(['ec2-instance-cost-center-tagged']))).toThrow(
      'is used by another custom rule',
    );
  });

  it('runs the examples: an example judged the other way fails with its index and the annotation', () => {
    const examples = {
      compliant: [{ configuration: {}, tags: { 'cost-center': 'cc-1' } }],
      nonCompliant: [
        { configuration: {}, tags: {} },
        { configuration: {}, tags: { 'cost-center': 'x' } },
      ],
    };
    expect(problemOf(sound({ examples }))).toContain(
      'example nonCompliant[1] should be NON_COMPLIANT but evaluate() said COMPLIANT: tagged',
    );
  });

  it('runs the examples: evaluate() throwing fails loading, not a scan in production', () => {
    const evaluate = (item: { configuration: { state: { name: string } } }) => {
      if (item.configuration.state.name === 'running') return { compliance: 'COMPLIANT', annotation: 'ok' };
      return { compliance: 'NON_COMPLIANT', annotation: 'stopped' };
    };
    expect(problemOf(sound({ evaluate }))).toMatch(
      /evaluate\(\) threw on example compliant\[0\]: .*reading 'name'/,
    );
  });

  it('runs the examples: a verdict that is no verdict fails', () => {
    expect(problemOf(sound({ evaluate: () => true }))).toContain('returned no verdict');
  });

  it('runs the examples: an example of a type the rule does not judge fails', () => {
    const examples = {
      compliant: [{ resourceType: 'AWS::S3::Bucket', configuration: {} }],
      nonCompliant: [{ configuration: {} }],
    };
    expect(problemOf(sound({ examples }))).toContain('example compliant[0] is a AWS::S3::Bucket');
  });
});

describe('loadCustomRules', () => {
  it('loads the example folder: TypeScript importing vigil/rule, with its controls', async () => {
    const [rule, ...rest] = await loadCustomRules(EXAMPLE_DIR);
    expect(rest).toEqual([]);
    expect(rule?.id).toBe(EXAMPLE_ID);
    expect(rule?.controls).toEqual({ soc2: ['C1.1', 'CC6.1'], iso27001: ['A.5.12'] });
  });

  it('loads .mjs modules next to .ts ones, in file-name order, skipping tests and declarations', async () => {
    const dir = folder({
      'b-rule.mjs': `export default ${JSON.stringify({ ...sound({ id: 'b-rule' }), evaluate: undefined }).slice(0, -1)}, evaluate: (item) => item.tags.o ? { compliance: 'COMPLIANT', annotation: 'y' } : { compliance: 'NON_COMPLIANT', annotation: 'n' }, examples: { compliant: [{ configuration: {}, tags: { o: '1' } }], nonCompliant: [{ configuration: {} }] } };`,
      'a-rule.ts': `import { compliant, nonCompliant, type CustomRule } from 'vigil/rule';
const rule: CustomRule = ${JSON.stringify({ ...sound({ id: 'a-rule' }), evaluate: undefined, examples: undefined })};
export default { ...rule, evaluate: (item) => (item.tags.o ? compliant('y') : nonCompliant('n')),
  examples: { compliant: [{ configuration: {}, tags: { o: '1' } }], nonCompliant: [{ configuration: {} }] } } satisfies CustomRule;`,
      'a-rule.test.ts': 'throw new Error("a test file is no rule");',
      'types.d.ts': 'export {};',
      'README.md': '# not a rule',
    });
    expect((await loadCustomRules(dir)).map((rule) => rule.id)).toEqual(['a-rule', 'b-rule']);
  });

  it('names the file and line of a module that does not compile', async () => {
    const dir = folder({ 'broken-rule.ts': 'export default {\n  id: "broken-rule",,\n};\n' });
    await expect(loadCustomRules(dir)).rejects.toThrow(/custom rule .*broken-rule\.ts:2: does not compile/);
  });

  it('names the file of a module that throws when imported', async () => {
    const dir = folder({ 'throws-rule.mjs': 'throw new Error("no config here");\nexport default {};\n' });
    await expect(loadCustomRules(dir)).rejects.toThrow(
      /custom rule .*throws-rule\.mjs: fails when imported: no config here/,
    );
  });

  it('refuses two modules with the same rule id', async () => {
    const body = (ext: string) =>
      `export default { ...${JSON.stringify({ ...sound({ id: 'twin-rule' }), evaluate: undefined })}, evaluate: (i) => (i.tags.o ? { compliance: 'COMPLIANT', annotation: '${ext}' } : { compliance: 'NON_COMPLIANT', annotation: '${ext}' }), examples: { compliant: [{ configuration: {}, tags: { o: '1' } }], nonCompliant: [{ configuration: {} }] } };`;
    const dir = folder({ 'twin-rule.mjs': body('mjs'), 'twin-rule.ts': body('ts') });
    await expect(loadCustomRules(dir)).rejects.toThrow(
      /twin-rule\.ts: id twin-rule is used by another custom rule/,
    );
  });

  it.each([
    ['a missing folder', () => join(scratch, 'missing'), 'is not a folder'],
    ['a file instead of a folder', () => join(folder({ 'x.ts': '' }), 'x.ts'), 'is not a folder'],
    ['a folder with no rule module', () => folder({ 'README.md': '#' }), 'holds no rule module'],
  ])('refuses %s', (_case, dir, message) => {
    expect(() => customRuleFiles(dir())).toThrow(message);
  });
});

describe('useCustomRules', () => {
  it('adds the rules to the catalog, the framework lookups and the rule titles of the process', async () => {
    expect(findRule(EXAMPLE_ID)).toBeUndefined();
    const [rule] = await useCustomRules(EXAMPLE_DIR);
    expect(rule?.managedRule).toBe(false);
    expect(ruleCatalog().map((entry) => entry.id)).toEqual([...RULES.map((entry) => entry.id), EXAMPLE_ID]);
    expect(isCustomRule(EXAMPLE_ID)).toBe(true);
    expect(soc2Criteria(EXAMPLE_ID)).toEqual(['C1.1', 'CC6.1']);
    expect(controls('iso27001', EXAMPLE_ID)).toEqual(['A.5.12']);
    expect(controls('pci', EXAMPLE_ID)).toEqual([]);
    expect(ruleTitleOf(EXAMPLE_ID)).toBe('S3 buckets carry a data-classification tag with a known level');
  });

  it('runs in the engine with overridden parameters and the SOC 2 criteria of its controls', async () => {
    const rules = await useCustomRules(EXAMPLE_DIR);
    const engine = new RuleEngine(rules, { [EXAMPLE_ID]: { allowedValues: 'public,secret' } });
    const item = {
      accountId: '123456789012',
      region: 'eu-west-1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'b',
      captureTime: '2026-01-01T00:00:00.000Z',
      status: 'OK' as const,
      configuration: {},
      supplementaryConfiguration: {},
      tags: { 'data-classification': 'secret' },
      relationships: [],
    };
    const [evaluation] = engine.evaluate(item, { now: new Date(), inventory: createInventory([]) });
    expect(evaluation).toMatchObject({
      ruleId: EXAMPLE_ID,
      compliance: 'COMPLIANT',
      soc2: ['C1.1', 'CC6.1'],
    });
  });

  it('leaves the built-in lookups untouched once unregistered', async () => {
    await useCustomRules(EXAMPLE_DIR);
    unregisterCustomRules([EXAMPLE_ID]);
    expect(ruleCatalog()).toBe(RULES);
    expect(soc2Criteria(EXAMPLE_ID)).toEqual([]);
    expect(ruleTitleOf(EXAMPLE_ID)).toBe(EXAMPLE_ID);
  });
});

describe('docs: gen-rules-doc --rules DIR', () => {
  it('documents a custom rule in its own section, with its controls in the coverage tables', async () => {
    const custom = await useCustomRules(EXAMPLE_DIR);
    const text = renderRulesDoc(withCustomRules(defaultRulesDocSources(), custom));
    expect(text).toContain('### Custom rules');
    expect(text).toContain(`| [\`${EXAMPLE_ID}\`](#${EXAMPLE_ID}) | medium | C1.1, CC6.1 | no | no |`);
    expect(text).toContain(
      `| **A.5.12** Classification of information | automated | [\`${EXAMPLE_ID}\`](#${EXAMPLE_ID}) |`,
    );
    expect(text).toContain('| Kind | custom rule (loaded with `--rules DIR`, docs/custom-rules.md) |');
    // The committed catalog stays the built-in one.
    expect(renderRulesDoc(defaultRulesDocSources())).not.toContain(EXAMPLE_ID);
  });
});
