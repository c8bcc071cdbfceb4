import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frameworkCoverage } from '#shared/frameworks/coverage';
import { FRAMEWORK_IDS, type FrameworkPack } from '#shared/frameworks/framework';
import {
  controls,
  FRAMEWORK_PACKS,
  findFrameworkPack,
  parseFrameworkIds,
  UnknownFrameworkError,
} from '#shared/frameworks/registry';
import { SOC2_PACK, soc2Criteria } from '#shared/frameworks/soc2';
import { packProblems, unmappedRules } from '#shared/frameworks/validate';
import { RULES } from '#shared/rules/registry';

const RULE_IDS = RULES.map((rule) => rule.id);
const PACKS = FRAMEWORK_IDS.map((id) => FRAMEWORK_PACKS[id]);
const BEFORE_PACKS: Record<string, string[]> = JSON.parse(
  readFileSync(new URL('../../fixtures/frameworks/soc2-mapping-before-packs.json', import.meta.url), 'utf8'),
);

const tiny: FrameworkPack = {
  framework: {
    id: 'cis',
    versionedId: 'tiny-1',
    title: 'Tiny',
    version: '1',
    sources: ['https://example.org'],
    controls: [
      { id: 'T.1', title: 'One' },
      { id: 'T.2', title: 'Two' },
      { id: 'T.3', title: 'Three' },
    ],
  },
  mappingSources: ['https://example.org/map'],
  mapping: { a: ['T.1'], b: ['T.1', 'T.3'], c: ['T.3'] },
};

describe('framework packs', () => {
  it.each(PACKS.map((pack) => [pack.framework.versionedId, pack] as const))(
    '%s maps only real rules to controls its framework has, each once',
    (_id, pack) => {
      expect(packProblems(pack, RULE_IDS)).toEqual([]);
    },
  );

  it('fails a control id the framework does not have, a key that is no rule, and empty or repeated controls', () => {
    const bad: FrameworkPack = {
      ...tiny,
      framework: { ...tiny.framework, controls: [...tiny.framework.controls, { id: 'T.1', title: 'Again' }] },
      mapping: { a: ['T.1', 'T.9'], ghost: ['T.2'], b: [], c: ['T.3', 'T.3'] },
    };
    expect(packProblems(bad, ['a', 'b', 'c'])).toEqual([
      'tiny-1 lists control T.1 twice',
      'tiny-1 has no control T.9 (mapped from a)',
      'tiny-1 pack maps ghost, which is no rule',
      'tiny-1 pack maps b to no control',
      'tiny-1 pack maps c to T.3 twice',
    ]);
  });

  it('catches a CIS id of another benchmark version (3.0.0 numbering) in the shipped CIS pack', () => {
    const stale: FrameworkPack = {
      ...FRAMEWORK_PACKS.cis,
      mapping: { ...FRAMEWORK_PACKS.cis.mapping, 'ec2-imdsv2-check': ['5.6', '5.8'] },
    };
    expect(packProblems(stale, RULE_IDS)).toEqual([
      'cis-aws-5.0.0 has no control 5.8 (mapped from ec2-imdsv2-check)',
    ]);
  });

  it('maps every rule of the catalog in at least one pack, and fails a rule no pack maps', () => {
    expect(unmappedRules(PACKS, RULE_IDS)).toEqual([]);
    expect(unmappedRules(PACKS, [...RULE_IDS, 'brand-new-rule'])).toEqual(['brand-new-rule']);
    expect(unmappedRules([{ ...tiny, mapping: { a: [] } }], ['a'])).toEqual(['a']);
  });

  it('keeps the SOC 2 mapping exactly as the rules carried it before packs, rule for rule', () => {
    expect(Object.keys(BEFORE_PACKS)).toHaveLength(RULES.length);
    expect(
      Object.fromEntries(Object.entries(SOC2_PACK.mapping).map(([id, list]) => [id, [...list]])),
    ).toEqual(BEFORE_PACKS);
    for (const rule of RULES) expect(soc2Criteria(rule.id), rule.id).toEqual(BEFORE_PACKS[rule.id]);
  });

  it('has the full control lists: 93 ISO 27001:2022 Annex A controls, 63 CIS v5.0.0 recommendations', () => {
    const iso = FRAMEWORK_PACKS.iso27001.framework.controls.map((control) => control.id);
    expect(iso).toHaveLength(93);
    expect(iso.filter((id) => id.startsWith('A.5.'))).toHaveLength(37);
    expect(iso.filter((id) => id.startsWith('A.6.'))).toHaveLength(8);
    expect(iso.filter((id) => id.startsWith('A.7.'))).toHaveLength(14);
    expect(iso.filter((id) => id.startsWith('A.8.'))).toHaveLength(34);
    expect(FRAMEWORK_PACKS.cis.framework.controls).toHaveLength(63);
    expect(FRAMEWORK_PACKS.soc2.framework.controls).toHaveLength(43);
  });

  it('lists PCI DSS v4.0 at the sub-requirement level only, and maps every PCI rule to sub-requirements', () => {
    const pci = FRAMEWORK_PACKS.pci.framework.controls.map((control) => control.id);
    expect(pci).toHaveLength(100);
    expect(pci.filter((id) => !/^\d+\.\d+\.\d+(\.\d+)?$/.test(id))).toEqual([]);
    expect(pci.filter((id) => id.startsWith('10.2.1.'))).toHaveLength(7);
    expect(pci).not.toContain('1.3');
    expect(controls('pci', 'iam-password-policy')).toEqual(['8.3.6', '8.3.7', '8.3.9']);
    expect(controls('pci', 'restricted-ssh')).toEqual(['1.3.1', '1.4.2']);
  });

  it('gives no controls for a rule a pack does not map, and none for an unknown rule', () => {
    expect(controls('cis', 'dynamodb-pitr-enabled')).toEqual([]);
    expect(controls('cis', 'restricted-ssh')).toEqual(['5.3', '5.4']);
    expect(controls('cis', 's3-bucket-mfa-delete-enabled')).toEqual(['2.1.2']);
    expect(controls('cis', 's3-bucket-versioning-enabled')).toEqual([]);
    expect(controls('soc2', 'no-such-rule')).toEqual([]);
    expect(controls('soc2', 'toString')).toEqual([]);
    expect(soc2Criteria('constructor')).toEqual([]);
  });
});

describe('frameworkCoverage', () => {
  it('counts a control automated when at least one rule of the catalog maps to it, manual otherwise', () => {
    const coverage = frameworkCoverage(tiny, ['a', 'b', 'c']);
    expect(coverage.controls.map((entry) => [entry.control.id, entry.evidence, entry.rules])).toEqual([
      ['T.1', 'automated', ['a', 'b']],
      ['T.2', 'manual', []],
      ['T.3', 'automated', ['b', 'c']],
    ]);
    expect([coverage.automated, coverage.manual, coverage.total]).toEqual([2, 1, 3]);
  });

  it('counts only the rules of the catalog given, so a narrower scan shows narrower coverage', () => {
    const coverage = frameworkCoverage(tiny, ['c', 'unmapped']);
    expect(coverage.controls.map((entry) => entry.evidence)).toEqual(['manual', 'manual', 'automated']);
    expect(frameworkCoverage(tiny, []).automated).toBe(0);
  });

  it.each(PACKS.map((pack) => [pack.framework.id, pack] as const))(
    'covers %s with the shipped catalog: each automated control names the rules mapping it',
    (_id, pack) => {
      const coverage = frameworkCoverage(pack, RULE_IDS);
      expect(coverage.total).toBe(pack.framework.controls.length);
      expect(coverage.automated + coverage.manual).toBe(coverage.total);
      for (const entry of coverage.controls) {
        for (const ruleId of entry.rules) expect(pack.mapping[ruleId]).toContain(entry.control.id);
      }
      const mapped = new Set(Object.values(pack.mapping).flat());
      expect(coverage.automated).toBe(mapped.size);
    },
  );
});

describe('parseFrameworkIds', () => {
  it.each([
    ['soc2', ['soc2']],
    ['cis,iso27001', ['cis', 'iso27001']],
    [
      ['pci', 'CIS-AWS-5.0.0', 'pci'],
      ['pci', 'cis'],
    ],
    [' iso27001-2022 , soc2-2017', ['iso27001', 'soc2']],
  ] as const)('reads %j as %j', (input, expected) => {
    expect(parseFrameworkIds(input)).toEqual(expected);
  });

  it.each(['hipaa', 'cis,nist', 'cis-aws-3.0.0', '', ' , '])('refuses %j with the known ids', (input) => {
    expect(() => parseFrameworkIds(input)).toThrow(UnknownFrameworkError);
    expect(() => parseFrameworkIds(input)).toThrow(/use one of soc2 \(soc2-2017\), cis \(cis-aws-5\.0\.0\)/);
  });

  it('finds a pack by short or versioned id only', () => {
    expect(findFrameworkPack('pci-dss-4.0')?.framework.id).toBe('pci');
    expect(findFrameworkPack('pci-dss')).toBeUndefined();
  });
});
