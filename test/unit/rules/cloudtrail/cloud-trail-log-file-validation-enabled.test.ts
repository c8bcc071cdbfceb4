import { describe, expect, it } from 'vitest';
import { cloudTrailLogFileValidationEnabled as rule } from '#shared/rules/cloudtrail/cloud-trail-log-file-validation-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::CloudTrail::Trail';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a trail with log file validation', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'multi-region-secure'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Trail management-events writes digest files for log file validation.',
    });
  });

  it('fails a trail without log file validation and names it', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'single-region-plain'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Trail payments-dev-trail has log file validation turned off.',
    });
  });

  it.each([
    // DescribeTrails and Config always give the flag: without a boolean it was not collected.
    ['absent', undefined, 'NOT_APPLICABLE'],
    ['null', null, 'NOT_APPLICABLE'],
    ['the string "true" (not a boolean)', 'true', 'NOT_APPLICABLE'],
    ['false', false, 'NON_COMPLIANT'],
    ['true', true, 'COMPLIANT'],
  ] as const)('judges logFileValidationEnabled %s as %s', (_label, value, expected) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'single-region-plain'), {
      logFileValidationEnabled: value,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reads the DescribeTrails casing (LogFileValidationEnabled)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'single-region-plain'), {
      logFileValidationEnabled: undefined,
      LogFileValidationEnabled: true,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('reports a deleted trail as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
