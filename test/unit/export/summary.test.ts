import { describe, expect, it } from 'vitest';
import { previousMonth } from '#shared/export/period';
import { SummaryAggregator } from '#shared/export/summary';
import { renderSummaryCsv } from '#shared/export/summary-csv';
import { makeAttestation } from '#test/unit/evidence/fakes';
import { buildFindings, SCENARIO } from './scenario';

const PERIOD = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-04T00:00:00Z') };
const HOUR = 3600;

function summarize() {
  const aggregator = new SummaryAggregator(PERIOD, { 'CC6.1': 'Logical access' });
  for (const { finding } of buildFindings(SCENARIO)) {
    const time = Date.parse(finding.configurationItem.captureTime);
    if (time >= PERIOD.from.getTime() && time < PERIOD.to.getTime()) aggregator.add(finding);
  }
  return aggregator.finish();
}

describe('SummaryAggregator: per-criterion figures of the hand-computed scenario', () => {
  const summary = summarize();
  const criterion = (name: string) => summary.criteria.find((entry) => entry.criterion === name);

  it('counts evaluations, pass rate, failures and open failures per rule', () => {
    const ssl = criterion('CC6.7')?.rules[0];
    expect(ssl).toMatchObject({
      ruleId: 's3-bucket-ssl-requests-only',
      resourcesEvaluated: 3,
      evaluations: 6,
      compliant: 3,
      nonCompliant: 3,
      passRate: 0.5,
      failures: 3,
      remediated: 2,
      openFailuresAtEnd: 1,
      timeToRemediate: { count: 2, medianSeconds: 15 * HOUR, maxSeconds: 24 * HOUR },
    });
    const rotation = criterion('CC6.1')?.rules.find(
      (rule) => rule.ruleId === 'cmk-backing-key-rotation-enabled',
    );
    expect(rotation).toMatchObject({
      resourcesEvaluated: 2,
      evaluations: 3,
      notApplicable: 1,
      passRate: 0.5,
      timeToRemediate: { count: 1, medianSeconds: 2 * HOUR, maxSeconds: 2 * HOUR },
      openFailuresAtEnd: 0,
    });
  });

  it('adds the rules of a criterion up, counting each resource once', () => {
    expect(criterion('CC6.1')).toMatchObject({
      title: 'Logical access',
      resourcesEvaluated: 5,
      evaluations: 9,
      compliant: 4,
      nonCompliant: 4,
      passRate: 0.5,
      failures: 4,
      remediated: 3,
      timeToRemediate: { count: 3, medianSeconds: 6 * HOUR, maxSeconds: 24 * HOUR },
      openFailuresAtEnd: 1,
    });
    expect(summary.criteria.map((entry) => entry.criterion)).toEqual(['CC6.1', 'CC6.7']);
  });

  it('tracks the end-of-day posture of each criterion', () => {
    expect(
      criterion('CC6.1')?.daily.map((day) => [day.day, day.compliant, day.nonCompliant, day.passRate]),
    ).toEqual([
      ['2026-10-01', 3, 0, 1],
      ['2026-10-02', 2, 2, 0.5],
      ['2026-10-03', 3, 1, 0.75],
    ]);
  });

  it('builds the opened/closed timeline and lists what is still open', () => {
    expect(summary.timeline).toEqual([
      { day: '2026-10-01', opened: 2, closed: 2, open: 0 },
      { day: '2026-10-02', opened: 2, closed: 0, open: 2 },
      { day: '2026-10-03', opened: 0, closed: 1, open: 1 },
    ]);
    expect(summary.openFailures).toEqual([
      expect.objectContaining({
        resourceId: 'bucket-3',
        since: '2026-10-02T12:00:00.000Z',
        severity: 'high',
      }),
    ]);
    expect(summary.totals).toMatchObject({
      findings: 9,
      rules: 2,
      openFailuresAtEnd: 1,
      resourcesEvaluated: 5,
    });
  });

  it('closes a failure on NOT_APPLICABLE without a time to remediate, and ignores ERROR for posture', () => {
    const aggregator = new SummaryAggregator(PERIOD);
    const findings = buildFindings([
      {
        ruleId: 'r',
        soc2: ['CC7.1'],
        severity: 'low',
        resourceType: 'T',
        resourceId: 'x',
        captureTime: '2026-10-01T01:00:00Z',
        compliance: 'NON_COMPLIANT',
      },
      {
        ruleId: 'r',
        soc2: ['CC7.1'],
        severity: 'low',
        resourceType: 'T',
        resourceId: 'x',
        captureTime: '2026-10-01T02:00:00Z',
        compliance: 'ERROR',
      },
      {
        ruleId: 'r',
        soc2: ['CC7.1'],
        severity: 'low',
        resourceType: 'T',
        resourceId: 'x',
        captureTime: '2026-10-02T02:00:00Z',
        compliance: 'NOT_APPLICABLE',
      },
    ]);
    for (const { finding } of findings) aggregator.add(finding);
    const result = aggregator.finish();
    expect(result.criteria[0]).toMatchObject({
      failures: 1,
      remediated: 0,
      closedNotApplicable: 1,
      errors: 1,
    });
    expect(result.criteria[0]?.timeToRemediate).toEqual({ count: 0, medianSeconds: null, maxSeconds: null });
    expect(result.criteria[0]?.daily.map((day) => day.nonCompliant)).toEqual([1, 0, 0]);
  });

  it('counts an attestation as an evaluation of each rule it names, changing no state', () => {
    const step = {
      ruleId: 'r',
      soc2: ['CC7.1'],
      severity: 'low',
      resourceType: 'T',
      resourceId: 'x',
    } as const;
    const [failing, fixed] = buildFindings([
      { ...step, captureTime: '2026-10-01T01:00:00Z', compliance: 'NON_COMPLIANT' },
      { ...step, captureTime: '2026-10-02T01:00:00Z', compliance: 'COMPLIANT' },
    ]);
    if (failing === undefined || fixed === undefined) throw new Error('two findings expected');
    const aggregator = new SummaryAggregator(PERIOD);
    aggregator.add(failing.finding);
    // Judged again by two sweeps on October 1, unchanged: still failing, same failure.
    aggregator.addAttestation(makeAttestation([failing.finding], '2026-10-01T06:00:00.000Z'));
    aggregator.addAttestation(makeAttestation([failing.finding], '2026-10-01T12:00:00.000Z'));
    aggregator.add(fixed.finding);
    const result = aggregator.finish();
    expect(result.criteria[0]).toMatchObject({
      resourcesEvaluated: 1,
      evaluations: 4,
      nonCompliant: 3,
      compliant: 1,
      passRate: 0.25,
      failures: 1,
      remediated: 1,
      timeToRemediate: { count: 1, medianSeconds: 24 * HOUR, maxSeconds: 24 * HOUR },
    });
    expect(result.totals).toMatchObject({ findings: 2, evaluations: 4 });
    expect(result.timeline.map((day) => [day.opened, day.closed])).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it('counts a resource known only from the look-back days as evaluated when an attestation names it', () => {
    const [prior] = buildFindings([
      {
        ruleId: 'r',
        soc2: ['CC7.1'],
        severity: 'low',
        resourceType: 'T',
        resourceId: 'x',
        captureTime: '2026-09-20T01:00:00Z',
        compliance: 'NON_COMPLIANT',
      },
    ]);
    if (prior === undefined) throw new Error('one finding expected');
    const aggregator = new SummaryAggregator(PERIOD);
    aggregator.addPrior(prior.finding);
    aggregator.addAttestation(makeAttestation([prior.finding], '2026-10-02T00:00:00.000Z'));
    const result = aggregator.finish();
    expect(result.openFailuresAtStart).toBe(1);
    expect(result.criteria[0]).toMatchObject({
      resourcesEvaluated: 1,
      evaluations: 1,
      nonCompliant: 1,
      failures: 0,
      openFailuresAtEnd: 1,
    });
    expect(result.totals.findings).toBe(0);
  });

  it('renders summary.csv with a totals row per criterion and a row per rule', () => {
    const lines = renderSummaryCsv(summary)
      .split('\r\n')
      .filter((line) => line !== '');
    expect(lines).toHaveLength(1 + 3 + 2 + 2);
    expect(lines[1]).toBe('CC6.1,Logical access,,,,5,9,4,4,1,0,50.00,4,3,0,3,6.00,24.00,1,,,');
  });

  it('ends summary.csv with a row per account: its regions and its figures over every rule', () => {
    const lines = renderSummaryCsv(summary)
      .split('\r\n')
      .filter((line) => line !== '');
    expect(lines.slice(-2)).toEqual([
      ',,,,,4,7,3,3,1,0,50.00,3,2,0,2,15.00,24.00,1,111111111111,us-east-1,',
      ',,,,,1,2,1,1,0,0,50.00,1,1,0,1,2.00,2.00,0,222222222222,eu-west-1,',
    ]);
  });

  it('breaks pass rate and time to remediate down by account, with the regions each was judged in', () => {
    expect(
      summary.accounts.map(
        ({
          accountId,
          regions,
          evaluations,
          passRate,
          failures,
          timeToRemediate,
          openFailuresAtEnd,
          resourcesEvaluated,
        }) => ({
          accountId,
          regions,
          evaluations,
          passRate,
          failures,
          timeToRemediate,
          openFailuresAtEnd,
          resourcesEvaluated,
        }),
      ),
    ).toEqual([
      {
        accountId: '111111111111',
        regions: ['us-east-1'],
        evaluations: 7,
        passRate: 0.5,
        failures: 3,
        timeToRemediate: { count: 2, medianSeconds: 15 * HOUR, maxSeconds: 24 * HOUR },
        openFailuresAtEnd: 1,
        resourcesEvaluated: 4,
      },
      {
        accountId: '222222222222',
        regions: ['eu-west-1'],
        evaluations: 2,
        passRate: 0.5,
        failures: 1,
        timeToRemediate: { count: 1, medianSeconds: 2 * HOUR, maxSeconds: 2 * HOUR },
        openFailuresAtEnd: 0,
        resourcesEvaluated: 1,
      },
    ]);
  });

  it('lists an account the bundle covers even when nothing of it was evaluated', () => {
    const aggregator = new SummaryAggregator(PERIOD);
    aggregator.addCoveredChain('333333333333', 'eu-west-1');
    aggregator.addCoveredChain('333333333333', 'ap-south-1');
    expect(aggregator.finish().accounts).toEqual([
      {
        accountId: '333333333333',
        regions: ['ap-south-1', 'eu-west-1'],
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
      },
    ]);
  });

  it('names the manifest signing key on every summary.csv row', () => {
    const signing = { keyId: 'k', algorithm: 'RSASSA_PSS_SHA_256', publicKeyFingerprint: 'ab'.repeat(32) };
    const lines = renderSummaryCsv({ ...summary, signing })
      .split('\r\n')
      .filter((line) => line !== '');
    expect(
      lines[0]?.endsWith(',open_failures_at_end,account_id,account_regions,signing_key_fingerprint'),
    ).toBe(true);
    expect(lines.slice(1).every((line) => line.endsWith(`,sha256:${'ab'.repeat(32)}`))).toBe(true);
  });
});

describe('previousMonth', () => {
  it.each([
    ['2026-11-01T03:00:00Z', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ['2026-01-15T00:00:00Z', '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
  ])('at %s is [%s, %s)', (now, from, to) => {
    const period = previousMonth(new Date(now));
    expect([period.from.toISOString(), period.to.toISOString()]).toEqual([from, to]);
  });
});
