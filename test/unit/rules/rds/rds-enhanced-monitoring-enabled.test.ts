import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { rdsEnhancedMonitoringEnabled as rule } from '#shared/rules/rds/rds-enhanced-monitoring-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const INSTANCE = 'AWS::RDS::DBInstance';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['postgres-private-multi-az', 'COMPLIANT'],
    ['mysql-public-single-az', 'NON_COMPLIANT'],
    ['sqlserver-pinned-minor-version', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s with the default parameters', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, name)).compliance).toBe(compliance);
  });

  it.each([
    [60, 'COMPLIANT', 'DB instance orders-prod collects Enhanced Monitoring metrics every 60s.'],
    [30, 'NON_COMPLIANT', 'DB instance orders-prod collects Enhanced Monitoring every 60s, not every 30s.'],
    ['60', 'COMPLIANT', 'DB instance orders-prod collects Enhanced Monitoring metrics every 60s.'],
  ] as const)(
    'with monitoringInterval %j the 60s instance is %s',
    (monitoringInterval, compliance, annotation) => {
      const verdict = evaluateFixture(rule, loadFixture(INSTANCE, 'postgres-private-multi-az'), {
        parameters: { monitoringInterval },
      });
      expect(verdict).toEqual({ compliance, annotation });
    },
  );

  it('fails an instance with monitoringInterval 0 and says so', () => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, 'mysql-public-single-az')).annotation).toBe(
      'DB instance legacy-reporting has Enhanced Monitoring disabled (monitoringInterval 0).',
    );
  });

  it('gives no verdict when monitoringInterval was not recorded', () => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'mysql-public-single-az'), {
      monitoringInterval: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('turns an interval RDS does not accept into an ERROR evaluation, never a verdict', () => {
    const engine = new RuleEngine([rule], { [rule.id]: { monitoringInterval: 7 } });
    const [evaluation] = engine.evaluate(loadFixture(INSTANCE, 'postgres-private-multi-az').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('ERROR');
    expect(evaluation?.annotation).toContain('monitoringInterval must be one of 1, 5, 10, 15, 30, 60, got 7');
  });
});
