import { describe, expect, it } from 'vitest';
import { ec2StoppedInstance as rule } from '#shared/rules/ec2/ec2-stopped-instance';
import { RuleParameterError } from '#shared/rules/parameters';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const INSTANCE = 'AWS::EC2::Instance';
const NOW = new Date('2026-11-23T12:00:00Z');

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['imdsv2-required-private', 'COMPLIANT', 'EC2 instance i-0a4f3c2b1d0e9f871 is running.'],
    [
      'stopped-imdsv1-optional',
      'COMPLIANT',
      'EC2 instance i-0b5c6d7e8f9a01234 has been stopped since 2026-11-18, 4 days, within 30.',
    ],
    [
      'stopped-since-august-no-profile',
      'NON_COMPLIANT',
      'EC2 instance i-0c81f2a9d4e6b3705 has been stopped since 2026-08-14, 100 days, more than 30.',
    ],
    ['terminated', 'NOT_APPLICABLE', 'EC2 instance i-0c9d8e7f6a5b43210 is terminated.'],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s on 2026-11-23', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, name), { now: NOW })).toEqual({
      compliance,
      annotation,
    });
  });

  it.each([
    ['stopped exactly AllowedDays ago', '2026-10-24 12:00:00', 'COMPLIANT'],
    ['stopped a day more than AllowedDays ago', '2026-10-23 11:59:59', 'NON_COMPLIANT'],
  ] as const)('judges an instance %s', (_case, time, compliance) => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'stopped-imdsv1-optional'), {
      stateTransitionReason: `User initiated (${time} GMT)`,
    });
    expect(evaluateFixture(rule, fixture, { now: NOW }).compliance).toBe(compliance);
  });

  it('judges against the AllowedDays given, as Config passes it', () => {
    const fixture = loadFixture(INSTANCE, 'stopped-imdsv1-optional');
    expect(evaluateFixture(rule, fixture, { now: NOW, parameters: { AllowedDays: '3' } })).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EC2 instance i-0b5c6d7e8f9a01234 has been stopped since 2026-11-18, 4 days, more than 3.',
    });
  });

  it.each([
    ['a stop by EC2 itself', 'Server.ScheduledStop: Stopped due to scheduled retirement'],
    ['an empty reason', ''],
  ])('fails a stopped instance whose stop time cannot be determined: %s', (_case, stateTransitionReason) => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'stopped-imdsv1-optional'), {
      stateTransitionReason,
    });
    const verdict = evaluateFixture(rule, fixture, { now: NOW });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('its stop time cannot be determined');
  });

  it('gives no verdict when the transition reason or the state was not recorded', () => {
    const noReason = withConfiguration(loadFixture(INSTANCE, 'stopped-imdsv1-optional'), {
      stateTransitionReason: undefined,
    });
    expect(evaluateFixture(rule, noReason, { now: NOW })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Why and when EC2 instance i-0b5c6d7e8f9a01234 stopped was not recorded.',
    });
    const noState = withConfiguration(loadFixture(INSTANCE, 'stopped-imdsv1-optional'), { state: undefined });
    expect(evaluateFixture(rule, noState, { now: NOW }).compliance).toBe('NOT_APPLICABLE');
  });

  it('refuses a negative AllowedDays', () => {
    expect(() =>
      evaluateFixture(rule, loadFixture(INSTANCE, 'stopped-imdsv1-optional'), {
        parameters: { AllowedDays: -1 },
      }),
    ).toThrow(RuleParameterError);
  });
});
