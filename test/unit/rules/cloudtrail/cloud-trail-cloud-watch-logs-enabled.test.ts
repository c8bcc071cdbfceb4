import { describe, expect, it } from 'vitest';
import { cloudTrailCloudWatchLogsEnabled as rule } from '#shared/rules/cloudtrail/cloud-trail-cloud-watch-logs-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::CloudTrail::Trail';
// The fixture's latest CloudWatch Logs delivery is 2026-11-23T11:51:40Z.
const NOW = new Date('2026-11-23T12:00:00Z');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a trail sending events to a log group', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'multi-region-secure'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Trail management-events sends events to arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012:*.',
    });
  });

  it('fails a trail without a log group', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'single-region-plain'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Trail payments-dev-trail does not send events to CloudWatch Logs.',
    });
  });

  it.each([
    ['null', null],
    ['empty', ''],
  ] as const)('fails a trail whose cloudWatchLogsLogGroupArn is %s', (_label, value) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'multi-region-secure'), {
      cloudWatchLogsLogGroupArn: value,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [1, 'COMPLIANT'],
    [24, 'COMPLIANT'],
  ] as const)('with expectedDeliveryWindowAge %i passes a delivery 8 minutes old', (hours, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'multi-region-secure'), {
      parameters: { expectedDeliveryWindowAge: hours },
      now: NOW,
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('with expectedDeliveryWindowAge fails a stale delivery and says how stale', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'multi-region-secure'), {
      parameters: { expectedDeliveryWindowAge: '24' },
      now: new Date('2026-11-26T12:00:00Z'),
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Trail management-events last delivered to CloudWatch Logs 72 hours ago (window 24 hours).',
    });
  });

  it('with expectedDeliveryWindowAge fails a trail whose collected status shows no delivery', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'multi-region-secure'), {
      TrailStatus: { IsLogging: true },
    });
    const verdict = evaluateFixture(rule, fixture, {
      parameters: { expectedDeliveryWindowAge: 24 },
      now: NOW,
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Trail management-events has never delivered to CloudWatch Logs.',
    });
  });

  it('with expectedDeliveryWindowAge gives no verdict when the trail status was not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'multi-region-secure'), { TrailStatus: undefined });
    const verdict = evaluateFixture(rule, fixture, {
      parameters: { expectedDeliveryWindowAge: 24 },
      now: NOW,
    });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('(GetTrailStatus) was not collected');
  });

  it('without expectedDeliveryWindowAge ignores the delivery status', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'multi-region-secure'), { TrailStatus: undefined });
    expect(evaluateFixture(rule, fixture, { now: new Date('2027-06-01T00:00:00Z') }).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('reports a deleted trail as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: NOW,
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
