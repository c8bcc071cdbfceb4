import { describe, expect, it } from 'vitest';
import {
  cwLoggroupRetentionPeriodCheckRemediation as remediation,
  retentionAtLeast,
} from '#shared/remediations/cw-loggroup-retention-period-check';
import { withConfiguration } from '#test/support/fixtures';
import { loadFixture, onlyCall, planOn } from './support';

const TYPE = 'AWS::Logs::LogGroup';

describe('cw-loggroup-retention-period-check: Raise the log group retention', () => {
  it('raises a 30-day group to 365 days (the default minimum)', () => {
    const call = onlyCall(planOn(remediation, loadFixture(TYPE, 'retention-30-days')));
    expect(call.service).toBe('logs');
    expect(call.operation).toBe('PutRetentionPolicy');
    expect(call.input).toMatchObject({ retentionInDays: 365 });
    expect(call.description).toContain('from 30 to 365 days');
  });

  it('rounds a minimum CloudWatch does not accept up to the next allowed value', () => {
    const call = onlyCall(
      planOn(remediation, loadFixture(TYPE, 'retention-30-days'), { parameters: { MinRetentionTime: 100 } }),
    );
    expect(call.input).toMatchObject({ retentionInDays: 120 });
  });

  it.each([
    ['never-expires', 'never expires'],
    ['retention-400-days', 'already'],
  ])('leaves %s alone (never shortens retention)', (name, reason) => {
    const plan = planOn(remediation, loadFixture(TYPE, name));
    expect(plan.kind).toBe('none');
    if (plan.kind === 'none') expect(plan.reason).toContain(reason);
  });

  it('refuses a minimum longer than any retention CloudWatch accepts', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'retention-30-days'), { retentionInDays: 3653 });
    expect(planOn(remediation, fixture, { parameters: { MinRetentionTime: 4000 } }).kind).toBe('refused');
  });

  it.each([
    [1, 1],
    [2, 3],
    [365, 365],
    [366, 400],
    [3653, 3653],
  ])('retentionAtLeast(%i) = %i', (minimum, days) => {
    expect(retentionAtLeast(minimum)).toBe(days);
  });
});
