import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AwsTemplateMapping,
  awsTemplateProblems,
  packSuggestions,
} from '#shared/frameworks/aws-templates';
import {
  type AwsControlsDifference,
  type AwsTemplateCheck,
  FRAMEWORK_IDS,
  type FrameworkPack,
} from '#shared/frameworks/framework';
import { PCI_321_TO_40 } from '#shared/frameworks/pci-321';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { RULES } from '#shared/rules/registry';
import { loadAwsTemplates, readAwsTemplate } from '#test/support/aws-templates';

const RULE_IDS = RULES.map((rule) => rule.id);
const TEMPLATES = loadAwsTemplates();
const PCI_V4 = 'Operational-Best-Practices-for-PCI-DSS-v4.0-including-global-resourcetypes.yaml';
const PCI_321 = 'Operational-Best-Practices-for-PCI-DSS.yaml';
const CIS_L2 = 'Operational-Best-Practices-for-CIS-AWS-v1.4-Level2.yaml';

function template(name: string): AwsTemplateMapping {
  const found = TEMPLATES.find((candidate) => candidate.template === name);
  if (found === undefined) throw new Error(`no fixture for ${name}`);
  return found;
}

function checkOf(pack: FrameworkPack, name: string): AwsTemplateCheck {
  const found = pack.awsTemplates?.find((candidate) => candidate.template === name);
  if (found === undefined) throw new Error(`${pack.framework.versionedId} does not check ${name}`);
  return found;
}

const CHECKS = FRAMEWORK_IDS.flatMap((id) =>
  (FRAMEWORK_PACKS[id].awsTemplates ?? []).map(
    (entry) =>
      [FRAMEWORK_PACKS[id].framework.versionedId, entry.template, FRAMEWORK_PACKS[id], entry] as const,
  ),
);

/** A small framework of its own so that every expectation below follows from this file. */
const tinyPack: FrameworkPack = {
  framework: {
    id: 'pci',
    versionedId: 'tiny-2',
    title: 'Tiny',
    version: '2',
    sources: ['https://example.org'],
    controls: [
      { id: '1.1', title: 'One one' },
      { id: '1.2', title: 'One two' },
      { id: '2.1', title: 'Two one' },
    ],
  },
  mappingSources: ['https://example.org/map'],
  mapping: { a: ['1.1'], b: ['1.2', '2.1'], c: ['2.1'] },
};
const tinyTemplate: AwsTemplateMapping = {
  template: 'tiny.yaml',
  repository: 'example/templates',
  path: 'tiny.yaml',
  commit: '0123456789abcdef0123456789abcdef01234567',
  readOn: '2026-12-07',
  framework: 'pci',
  version: '2',
  controlsFrom: 'the template',
  rules: { a: ['1.1'], b: ['1.2', 'X.9'], d: ['2.1', 'X.9'], other: ['1.1'] },
};
const tinyCheck: AwsTemplateCheck = {
  template: 'tiny.yaml',
  version: '2',
  compared: 'controls',
  note: 'same version',
  awsControlsLeftOut: { 'X.9': 'an appendix' },
};
const TINY_RULES = ['a', 'b', 'c', 'd'];
const dir = mkdtempSync(join(tmpdir(), 'vigil-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AWS conformance pack template fixtures', () => {
  it('name the template, the repository, the commit read and the facts of each rule', () => {
    expect(TEMPLATES.map((entry) => entry.template)).toEqual([
      CIS_L2,
      'Operational-Best-Practices-for-ISO27001.yaml',
      PCI_V4,
      PCI_321,
    ]);
    for (const entry of TEMPLATES) {
      expect(entry.repository).toBe('awslabs/aws-config-rules');
      expect(entry.path).toBe(`aws-config-conformance-packs/${entry.template}`);
    }
  });

  it('hold the facts as read: spot checks against the template and its AWS page', () => {
    const v4 = template(PCI_V4);
    expect(Object.keys(v4.rules)).toHaveLength(127);
    expect(v4.rules['restricted-ssh']).toEqual(['1.2.8', '1.3.1', '1.3.2', '1.4.2', '1.5.1', 'A1.1.3']);
    expect(v4.rules['access-keys-rotated']).toEqual(['8.3.5', '8.3.7', '8.3.9', '8.3.10.1', '8.6.3']);
    expect(v4.rules['s3-bucket-mfa-delete-enabled']).toEqual([
      '3.5.1.3',
      '8.4.1',
      '8.4.2',
      '8.4.3',
      '10.3.2',
      'A1.1.2',
      'A3.4.1',
    ]);
    expect(v4.rules['cloudfront-viewer-policy-https']).toEqual([
      '1.2.5',
      '2.2.5',
      '2.2.7',
      '4.2.1',
      '4.2.1.1',
      '8.3.2',
    ]);
    const v321 = template(PCI_321);
    expect(v321.rules['iam-password-policy']).toEqual(['8.2.3', '8.2.4', '8.2.5']);
    expect(v321.rules['vpc-default-security-group-closed']).toEqual(['1.2', '1.3', '2.1']);
    expect(v321.rules['internet-gateway-authorized-vpc-only']).toEqual([]);
    expect(Object.keys(template(CIS_L2).rules)).toHaveLength(35);
    expect(Object.values(template(CIS_L2).rules).flat()).toEqual([]);
    expect(template('Operational-Best-Practices-for-ISO27001.yaml').rules).toEqual({});
  });

  it('are each checked by the pack of their framework and version, and every check has its fixture', () => {
    const checked = CHECKS.map(([, name]) => name).sort();
    expect(checked).toEqual(TEMPLATES.map((entry) => entry.template).sort());
    for (const [, name, pack, entry] of CHECKS) {
      expect(template(name).framework).toBe(pack.framework.id);
      expect(template(name).version).toBe(entry.version);
    }
    expect(FRAMEWORK_PACKS.soc2.awsTemplates).toBeUndefined();
  });

  it('refuse a fixture whose commit or rules are not of the expected shape', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...tinyTemplate, commit: 'main' }));
    expect(() => readAwsTemplate(file)).toThrow(/bad\.json: commit/);
    writeFileSync(file, JSON.stringify({ ...tinyTemplate, rules: { a: '1.1' } }));
    expect(() => readAwsTemplate(file)).toThrow(/bad\.json: rules\.a/);
    writeFileSync(file, JSON.stringify({ ...tinyTemplate, framework: 'hipaa' }));
    expect(() => readAwsTemplate(file)).toThrow(/bad\.json: framework/);
    writeFileSync(file, JSON.stringify(tinyTemplate));
    expect(loadAwsTemplates(dir)).toEqual([tinyTemplate]);
  });
});

describe('packs against AWS templates', () => {
  it.each(CHECKS)('%s agrees with %s or says why not, rule by rule', (_id, name, pack, entry) => {
    // A rule new to the catalog that the template maps fails here until the pack maps it or says why:
    // `npx tsx scripts/pack-suggestions.ts` prints what AWS gives each such rule.
    expect(awsTemplateProblems(pack, entry, template(name), RULE_IDS)).toEqual([]);
  });

  it('compares controls id for id on the same version, after the left-out ids, and fails each unexplained difference', () => {
    expect(awsTemplateProblems(tinyPack, tinyCheck, tinyTemplate, TINY_RULES)).toEqual([
      'tiny-2 maps b to 1.2 2.1, tiny.yaml to 1.2: follow AWS or say why in differencesFromAws',
      'tiny-2 maps d to nothing, tiny.yaml to 2.1: follow AWS or say why in differencesFromAws',
    ]);
    const explained: AwsTemplateCheck = {
      ...tinyCheck,
      differencesFromAws: {
        b: { adds: ['2.1'], why: 'b also serves 2.1' },
        d: { leaves: ['2.1'], why: 'd is out of scope' },
        a: { leaves: ['1.1'], why: 'stale' },
        ghost: { why: 'no rule' },
      },
    };
    expect(awsTemplateProblems(tinyPack, explained, tinyTemplate, TINY_RULES)).toEqual([
      'tiny-2 explains ghost, which is no rule',
      'tiny-2 explains a difference from tiny.yaml for a, which has none',
    ]);
  });

  it('pins each same-version difference to the ids it leaves and adds, so a change on either side fails', () => {
    const entries = (b: string | AwsControlsDifference): AwsTemplateCheck => ({
      ...tinyCheck,
      differencesFromAws: { b, d: { leaves: ['2.1'], why: 'd is out of scope' } },
    });
    expect(awsTemplateProblems(tinyPack, entries('b also serves 2.1'), tinyTemplate, TINY_RULES)).toEqual([
      'tiny-2 explains b against tiny.yaml without the ids it leaves and adds',
    ]);
    expect(
      awsTemplateProblems(tinyPack, entries({ adds: ['1.1'], why: 'wrong id' }), tinyTemplate, TINY_RULES),
    ).toEqual([
      'tiny-2 maps b to 1.2 2.1; tiny.yaml less the ids it leaves, plus those it adds, gives 1.2 1.1: update differencesFromAws',
    ]);
    expect(
      awsTemplateProblems(
        tinyPack,
        entries({ leaves: ['2.1'], adds: ['1.2'], why: 'muddled' }),
        tinyTemplate,
        TINY_RULES,
      ),
    ).toEqual(['tiny-2 says b leaves 2.1 and adds 1.2 of tiny.yaml, which gives it 1.2']);
    const moved = { ...tinyPack, mapping: { ...tinyPack.mapping, b: ['1.2', '1.1'] } };
    expect(
      awsTemplateProblems(
        moved,
        entries({ adds: ['2.1'], why: 'b also serves 2.1' }),
        tinyTemplate,
        TINY_RULES,
      ),
    ).toEqual([
      'tiny-2 maps b to 1.2 1.1; tiny.yaml less the ids it leaves, plus those it adds, gives 1.2 2.1: update differencesFromAws',
    ]);
    const translated: AwsTemplateCheck = {
      ...tinyCheck,
      compared: 'rules',
      differencesFromAws: { c: { adds: ['2.1'], why: 'ids where none compare' } },
    };
    expect(awsTemplateProblems(tinyPack, translated, tinyTemplate, TINY_RULES)).toContain(
      'tiny-2 gives c ids to leave and add against tiny.yaml, which compares no ids one for one',
    );
  });

  it('fails a template id the pack neither lists nor leaves out, and a left-out id the pack lists or AWS never uses', () => {
    const check: AwsTemplateCheck = {
      ...tinyCheck,
      awsControlsLeftOut: { '1.1': 'listed after all', 'Z.1': 'never used' },
    };
    expect(awsTemplateProblems(tinyPack, check, tinyTemplate, TINY_RULES).slice(0, 3)).toEqual([
      'tiny-2 lists 1.1, which its tiny.yaml check leaves out',
      'tiny-2 leaves out Z.1, which tiny.yaml does not use',
      'tiny.yaml uses X.9, which tiny-2 neither lists nor leaves out with a reason',
    ]);
  });

  it('catches drift in the shipped PCI pack: AWS adding a control to an explained or an agreed rule, or an explanation gone stale', () => {
    const pci = FRAMEWORK_PACKS.pci;
    const v4 = template(PCI_V4);
    const drifted = {
      ...v4,
      rules: { ...v4.rules, 'dynamodb-table-encrypted-kms': ['3.5.1', '8.3.2', '8.3.6'] },
    };
    expect(awsTemplateProblems(pci, checkOf(pci, PCI_V4), drifted, RULE_IDS)).toEqual([
      'pci-dss-4.0 maps dynamodb-table-encrypted-kms to 3.5.1; Operational-Best-Practices-for-PCI-DSS-v4.0-including-global-resourcetypes.yaml less the ids it leaves, plus those it adds, gives 3.5.1 8.3.6: update differencesFromAws',
    ]);
    const added = { ...v4, rules: { ...v4.rules, 's3-bucket-ssl-requests-only': ['4.2.1', '2.2.7'] } };
    expect(awsTemplateProblems(pci, checkOf(pci, PCI_V4), added, RULE_IDS)).toEqual([
      'pci-dss-4.0 maps s3-bucket-ssl-requests-only to 4.2.1, Operational-Best-Practices-for-PCI-DSS-v4.0-including-global-resourcetypes.yaml to 4.2.1 2.2.7: follow AWS or say why in differencesFromAws',
    ]);
    const agreed = { ...v4, rules: { ...v4.rules, 'restricted-ssh': ['1.3.1', '1.4.2', 'A1.1.3'] } };
    expect(awsTemplateProblems(pci, checkOf(pci, PCI_V4), agreed, RULE_IDS)).toEqual([
      'pci-dss-4.0 explains a difference from Operational-Best-Practices-for-PCI-DSS-v4.0-including-global-resourcetypes.yaml for restricted-ssh, which has none',
    ]);
  });

  it('reads another version through the translation: a rule must share one carried control, and every id must be carried', () => {
    const check: AwsTemplateCheck = {
      template: 'tiny.yaml',
      version: '1',
      compared: 'translated',
      note: 'another version',
      translation: { '1.1': ['1.1'], '1.2': ['1.2'], 'X.9': [] },
    };
    const old: AwsTemplateMapping = {
      ...tinyTemplate,
      version: '1',
      rules: { a: ['1.2'], b: ['1.2', 'X.9'], c: ['9.9'] },
    };
    expect(awsTemplateProblems(tinyPack, check, old, TINY_RULES)).toEqual([
      'tiny.yaml uses 9.9, which the translation does not carry',
      'tiny-2 maps a to 1.1, tiny.yaml to 1.2 (in 2: 1.2): follow AWS or say why in differencesFromAws',
      'tiny-2 maps c to 2.1, tiny.yaml to 9.9 (in 2: nothing): follow AWS or say why in differencesFromAws',
    ]);
    const wrongTarget = { ...check, translation: { ...check.translation, '9.9': ['7.7'] } };
    expect(awsTemplateProblems(tinyPack, wrongTarget, old, TINY_RULES)).toContain(
      'the translation of 9.9 names 7.7, which tiny-2 does not list',
    );
  });

  it('carries every id of AWS 3.2.1 pack into PCI DSS 4.0 requirements the pack lists', () => {
    const ids = new Set(Object.values(template(PCI_321).rules).flat());
    expect([...ids].filter((id) => !Object.hasOwn(PCI_321_TO_40, id))).toEqual([]);
    expect(PCI_321_TO_40['8.2.3']).toEqual(['8.3.6']);
    expect(PCI_321_TO_40['10.5.3']).toEqual(['10.3.3']);
  });

  it('compares only which rules are deployed when the template gives no control ids, both ways', () => {
    const check: AwsTemplateCheck = {
      template: 'tiny.yaml',
      version: '2',
      compared: 'rules',
      note: 'no ids',
    };
    expect(awsTemplateProblems(tinyPack, check, tinyTemplate, TINY_RULES)).toEqual([
      'tiny-2 maps c to 2.1; tiny.yaml does not deploy it: follow AWS or say why in differencesFromAws',
      'tiny-2 maps d to nothing; tiny.yaml deploys it: follow AWS or say why in differencesFromAws',
    ]);
    const cis = FRAMEWORK_PACKS.cis;
    const withoutReason: AwsTemplateCheck = {
      ...checkOf(cis, CIS_L2),
      differencesFromAws: Object.fromEntries(
        Object.entries(checkOf(cis, CIS_L2).differencesFromAws ?? {}).filter(
          ([ruleId]) => ruleId !== 'encrypted-volumes',
        ),
      ),
    };
    expect(awsTemplateProblems(cis, withoutReason, template(CIS_L2), RULE_IDS)).toEqual([
      'cis-aws-5.0.0 maps encrypted-volumes to nothing; Operational-Best-Practices-for-CIS-AWS-v1.4-Level2.yaml deploys it: follow AWS or say why in differencesFromAws',
    ]);
  });

  it('fails a template that deploys rules where the check says there is nothing, and a fixture of another template', () => {
    const check: AwsTemplateCheck = {
      template: 'tiny.yaml',
      version: '2',
      compared: 'nothing',
      note: 'empty',
    };
    expect(awsTemplateProblems(tinyPack, check, tinyTemplate, TINY_RULES)).toEqual([
      'tiny.yaml now deploys 4 rules: compare them',
    ]);
    expect(
      awsTemplateProblems(tinyPack, check, { ...tinyTemplate, version: '3', rules: {} }, TINY_RULES),
    ).toEqual(['tiny-2 checks tiny.yaml (2) against a fixture of tiny.yaml (3)']);
  });
});

describe('packSuggestions', () => {
  it('gives each rule a pack leaves out the controls of every template that deploys it, carried where the pack says how', () => {
    const pack: FrameworkPack = {
      ...tinyPack,
      mapping: { a: ['1.1'] },
      awsTemplates: [
        tinyCheck,
        {
          template: 'old.yaml',
          version: '1',
          compared: 'translated',
          note: 'old',
          translation: { '7': ['2.1'], '8': [] },
        },
      ],
    };
    const old: AwsTemplateMapping = {
      ...tinyTemplate,
      template: 'old.yaml',
      version: '1',
      rules: { b: ['7', '8'] },
    };
    expect(packSuggestions(pack, [tinyTemplate, old], TINY_RULES)).toEqual([
      {
        ruleId: 'b',
        template: 'tiny.yaml',
        awsControls: ['1.2', 'X.9'],
        controls: ['1.2'],
        notCarried: ['X.9'],
      },
      { ruleId: 'b', template: 'old.yaml', awsControls: ['7', '8'], controls: ['2.1'], notCarried: ['8'] },
      {
        ruleId: 'd',
        template: 'tiny.yaml',
        awsControls: ['2.1', 'X.9'],
        controls: ['2.1'],
        notCarried: ['X.9'],
      },
    ]);
  });

  it('suggests AWS 4.0 requirements for a managed rule the catalog gains, e.g. kinesis-stream-encrypted', () => {
    // The shipped pack maps it now: take it out again to see what the suggestion for a new rule would be.
    const { 'kinesis-stream-encrypted': _mapped, ...mapping } = FRAMEWORK_PACKS.pci.mapping;
    const pci = { ...FRAMEWORK_PACKS.pci, mapping };
    const [suggestion] = packSuggestions(pci, TEMPLATES, ['kinesis-stream-encrypted']);
    expect(suggestion).toEqual({
      ruleId: 'kinesis-stream-encrypted',
      template: PCI_V4,
      awsControls: ['3.5.1', '8.3.2'],
      controls: ['3.5.1', '8.3.2'],
      notCarried: [],
    });
  });
});
