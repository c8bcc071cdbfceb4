import { describe, expect, it } from 'vitest';
import { SummaryAggregator } from '#shared/export/summary';
import { makeAttestation, makeFinding } from '#test/unit/evidence/fakes';

const PERIOD = { from: new Date('2026-11-23T00:00:00.000Z'), to: new Date('2026-11-24T00:00:00.000Z') };

describe('summary of attestations: unchanged re-evaluations count, and keep a stable estate visible', () => {
  it('counts each attested rule as an evaluation of a pair already seen, changing nothing else', () => {
    const summary = new SummaryAggregator(PERIOD);
    const failing = makeFinding({ compliance: 'NON_COMPLIANT', evaluatedAt: '2026-11-23T08:00:00.000Z' });
    summary.add(failing);
    summary.addAttestation(makeAttestation([failing], '2026-11-23T09:00:00.000Z'));
    summary.addAttestation(makeAttestation([failing], '2026-11-23T10:00:00.000Z'));
    const { totals } = summary.finish();
    expect(totals).toMatchObject({
      findings: 1,
      evaluations: 3,
      nonCompliant: 3,
      failures: 1,
      resourcesEvaluated: 1,
      openFailuresAtEnd: 1,
    });
  });

  it('gives a pair seen only through attestations its criterion, severity and posture', () => {
    const summary = new SummaryAggregator(PERIOD);
    // The findings were written before the period and the look-back: only attestations fall in it.
    const old = makeFinding({ compliance: 'COMPLIANT', evaluatedAt: '2026-10-01T08:00:00.000Z' });
    summary.addAttestation(makeAttestation([old], '2026-11-23T09:00:00.000Z'));
    const result = summary.finish();
    expect(result.totals).toMatchObject({ findings: 0, evaluations: 1, compliant: 1, resourcesEvaluated: 1 });
    expect(result.criteria.map((criterion) => criterion.criterion)).toEqual(['CC6.1']);
    expect(result.criteria[0]?.rules[0]).toMatchObject({
      ruleId: old.ruleId,
      severity: 'MEDIUM',
      passRate: 1,
    });
  });
});
