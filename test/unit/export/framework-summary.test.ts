import { describe, expect, it } from 'vitest';
import type { AcceptedRisk, AcceptedRisksSummary } from '#shared/export/accepted-risks';
import { exportedFrameworks, frameworkSummaries } from '#shared/export/framework-summary';
import type { ControlFigures, CriterionSummary, RuleSummary } from '#shared/export/summary-types';
import type { FrameworkPack } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';

// A small pack in place of PCI, so every number below follows from this file.
const SMALL: FrameworkPack = {
  framework: {
    id: 'pci',
    versionedId: 'pci-small-1',
    title: 'Small standard',
    version: '1',
    sources: [],
    controls: [
      { id: 'R1', title: 'one' },
      { id: 'R2', title: 'two' },
      { id: 'R3', title: 'three' },
    ],
  },
  mappingSources: [],
  mapping: { 'rule-a': ['R1'], 'rule-b': ['R1', 'R2'], 'rule-z': ['R3'] },
};
const PACKS = { ...FRAMEWORK_PACKS, pci: SMALL };

function figures(partial: Partial<ControlFigures>): ControlFigures {
  return {
    resourcesEvaluated: 0,
    evaluations: 0,
    compliant: 0,
    nonCompliant: 0,
    notApplicable: 0,
    errors: 0,
    passRate: null,
    failures: 0,
    remediated: 0,
    closedNotApplicable: 0,
    timeToRemediate: { count: 0, medianSeconds: null, maxSeconds: null },
    openFailuresAtEnd: 0,
    ...partial,
  };
}

function rule(ruleId: string, partial: Partial<ControlFigures>): RuleSummary {
  return { ruleId, title: ruleId, severity: 'high', ...figures(partial) };
}

function criterion(name: string, rules: readonly RuleSummary[]): CriterionSummary {
  return { criterion: name, title: name, rules, daily: [], ...figures({}) };
}

const A = rule('rule-a', {
  evaluations: 5,
  compliant: 3,
  nonCompliant: 2,
  failures: 2,
  remediated: 1,
  openFailuresAtEnd: 1,
});
const B = rule('rule-b', {
  evaluations: 4,
  compliant: 1,
  nonCompliant: 1,
  notApplicable: 1,
  errors: 1,
  failures: 1,
  openFailuresAtEnd: 1,
});

function risk(ruleId: string, resourceId: string): AcceptedRisk {
  return {
    ruleId,
    accountId: '111111111111',
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId,
    acceptanceId: `acc-${resourceId}`,
    owner: 'owner@example.com',
    approver: 'approver@example.com',
    reason: 'vendor fix due',
    startsAt: '2026-10-01T00:00:00Z',
    expiresAt: '2026-12-01T00:00:00Z',
    lastEvaluatedAt: '2026-10-02T00:00:00Z',
  };
}

const ACCEPTED: AcceptedRisksSummary = {
  // The same accepted pair under two SOC 2 criteria counts once.
  criteria: [
    { criterion: 'CC6.1', accepted: 1, risks: [risk('rule-b', 'bucket-1')] },
    { criterion: 'CC6.7', accepted: 1, risks: [risk('rule-b', 'bucket-1')] },
  ],
  register: [],
  unregisteredExemptionTags: [],
  registerChanges: 1,
  problems: [],
};

describe('frameworkSummaries: per-control figures of an export, mapped with the pack at export time', () => {
  // rule-a sits under two criteria: its figures must count once per control, not once per criterion.
  const summary = {
    criteria: [criterion('CC6.1', [A, B]), criterion('CC6.7', [A])],
    acceptedRisks: ACCEPTED,
  };

  it('sums the figures of the rules each control serves, once per rule, with accepted pairs apart', () => {
    const [small] = frameworkSummaries(summary, ['pci'], PACKS);
    expect(small).toMatchObject({
      framework: 'pci',
      versionedId: 'pci-small-1',
      automated: 2,
      manual: 1,
      total: 3,
    });
    expect(small?.controls).toEqual([
      {
        id: 'R1',
        title: 'one',
        evidence: 'automated',
        rules: ['rule-a', 'rule-b'],
        figures: {
          evaluations: 9,
          compliant: 4,
          nonCompliant: 3,
          notApplicable: 1,
          errors: 1,
          passRate: 4 / 7,
          failures: 3,
          remediated: 1,
          openFailuresAtEnd: 2,
          accepted: 1,
        },
      },
      {
        id: 'R2',
        title: 'two',
        evidence: 'automated',
        rules: ['rule-b'],
        figures: {
          evaluations: 4,
          compliant: 1,
          nonCompliant: 1,
          notApplicable: 1,
          errors: 1,
          passRate: 0.5,
          failures: 1,
          remediated: 0,
          openFailuresAtEnd: 1,
          accepted: 1,
        },
      },
      // rule-z has no finding in the bundle: R3 is left to manual evidence, with no figures.
      { id: 'R3', title: 'three', evidence: 'manual', rules: [] },
    ]);
  });

  it('gives a framework no rule of the bundle serves only manual controls, and no summary no automated one', () => {
    const [soc2] = frameworkSummaries({ criteria: [] }, ['soc2']);
    expect(soc2?.automated).toBe(0);
    expect(soc2?.manual).toBe(FRAMEWORK_PACKS.soc2.framework.controls.length);
    expect(soc2?.controls.every((control) => control.figures === undefined)).toBe(true);
  });

  it('keeps the frameworks in the order asked and records their versioned ids for the manifest', () => {
    expect(frameworkSummaries(summary, ['cis', 'pci'], PACKS).map((entry) => entry.versionedId)).toEqual([
      'cis-aws-5.0.0',
      'pci-small-1',
    ]);
    expect(exportedFrameworks(['iso27001', 'soc2'])).toEqual([
      { id: 'iso27001', versionedId: 'iso27001-2022' },
      { id: 'soc2', versionedId: 'soc2-2017' },
    ]);
  });
});
