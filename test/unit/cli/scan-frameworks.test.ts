import { describe, expect, it } from 'vitest';
import { emptyOutcomeCounts, type OutcomeCounts, ScanFrameworks } from '#cli/scan-frameworks';
import type { FrameworkPack } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';

// A small pack in place of CIS, so the numbers below follow from this file alone.
const SMALL: FrameworkPack = {
  framework: {
    id: 'cis',
    versionedId: 'cis-small-1.0',
    title: 'Small benchmark',
    version: '1.0',
    sources: [],
    controls: [
      { id: 'X1', title: 'first' },
      { id: 'X2', title: 'second' },
      { id: 'X3', title: 'third' },
    ],
  },
  mappingSources: [],
  mapping: { 'rule-a': ['X1'], 'rule-b': ['X1', 'X2'], 'rule-c': ['X3'], 'rule-d': ['X9'] },
};
const PACKS = { ...FRAMEWORK_PACKS, cis: SMALL };

function counts(partial: Partial<OutcomeCounts>): OutcomeCounts {
  return { ...emptyOutcomeCounts(), ...partial };
}

describe('ScanFrameworks: where evaluations go and what each framework covers', () => {
  const frameworks = new ScanFrameworks(['cis', 'soc2'], { packs: PACKS });

  it('lists an evaluation under each control of each framework, frameworks in the order asked', () => {
    const sections = frameworks.sectionsOf({ ruleId: 'rule-b', soc2: ['CC7.2', 'CC6.1'] });
    expect(sections.map((section) => [section.framework.id, section.controlId])).toEqual([
      ['cis', 'X1'],
      ['cis', 'X2'],
      ['soc2', 'CC6.1'],
      ['soc2', 'CC7.2'],
    ]);
    // The small pack's three controls come first, then SOC 2's in its own order.
    expect(sections.slice(0, 2).map((section) => section.index)).toEqual([0, 1]);
    expect(sections[2]?.index).toBeGreaterThanOrEqual(3);
    expect(sections[3]?.index).toBeGreaterThan(sections[2]?.index ?? Number.POSITIVE_INFINITY);
    expect(frameworks.section(sections[2]?.index ?? -1)?.title).toBe(
      'Logical access security over protected information assets',
    );
  });

  it('leaves out a control the framework does not have, and a rule no pack maps', () => {
    expect(frameworks.sectionsOf({ ruleId: 'rule-d', soc2: ['CC99.9' as 'CC6.1'] })).toEqual([]);
    expect(frameworks.sectionsOf({ ruleId: 'unmapped', soc2: [] })).toEqual([]);
  });

  it('gives JSON and CSV the controls per framework asked for, SOC 2 as on the evaluation', () => {
    expect(frameworks.controlsByFramework({ ruleId: 'rule-b', soc2: ['CC6.1'] })).toEqual({
      cis: ['X1', 'X2'],
      soc2: ['CC6.1'],
    });
    expect(frameworks.controlsOf('cis', 'unmapped')).toEqual([]);
  });

  it('counts coverage from the rules of the scan only, with the verdicts of the rules serving each control', () => {
    const byRule = new Map([
      ['rule-a', counts({ COMPLIANT: 3, NON_COMPLIANT: 1 })],
      ['rule-b', counts({ NON_COMPLIANT: 2, ERROR: 1, NOT_APPLICABLE: 4 })],
      ['rule-c', counts({ COMPLIANT: 9 })],
    ]);
    const [small] = new ScanFrameworks(['cis'], { packs: PACKS }).results(['rule-a', 'rule-b'], byRule);
    expect(small).toEqual({
      framework: 'cis',
      versionedId: 'cis-small-1.0',
      title: 'Small benchmark',
      version: '1.0',
      automated: 2,
      manual: 1,
      total: 3,
      controls: [
        {
          id: 'X1',
          title: 'first',
          evidence: 'automated',
          rules: ['rule-a', 'rule-b'],
          counts: counts({ COMPLIANT: 3, NON_COMPLIANT: 3, ERROR: 1, NOT_APPLICABLE: 4 }),
        },
        {
          id: 'X2',
          title: 'second',
          evidence: 'automated',
          rules: ['rule-b'],
          counts: counts({ NON_COMPLIANT: 2, ERROR: 1, NOT_APPLICABLE: 4 }),
        },
        // rule-c judged things, but it is not a rule of this scan: X3 stays manual.
        { id: 'X3', title: 'third', evidence: 'manual', rules: [] },
      ],
    });
  });

  it('counts a control whose rules judged nothing as automated with zero verdicts, not as passing', () => {
    const [small] = new ScanFrameworks(['cis'], { packs: PACKS }).results(['rule-c'], new Map());
    expect(small?.controls[2]).toEqual({
      id: 'X3',
      title: 'third',
      evidence: 'automated',
      rules: ['rule-c'],
      counts: counts({}),
    });
  });

  it('maps SOC 2 with the criteria the engine used, and defaults to SOC 2 alone', () => {
    const soc2 = new ScanFrameworks(undefined, {
      criteriaOf: (ruleId) => (ruleId === 'rule-a' ? ['CC8.1'] : []),
    });
    expect(soc2.ids).toEqual(['soc2']);
    const [result] = soc2.results(['rule-a'], new Map([['rule-a', counts({ COMPLIANT: 2 })]]));
    expect(result?.controls.filter((control) => control.evidence === 'automated')).toEqual([
      {
        id: 'CC8.1',
        title: 'Changes authorized, tested and approved',
        evidence: 'automated',
        rules: ['rule-a'],
        counts: counts({ COMPLIANT: 2 }),
      },
    ]);
    expect(result?.manual).toBe((result?.total ?? 0) - 1);
  });
});
