import { describe, expect, it } from 'vitest';
import { ec2InstanceDetailedMonitoringEnabled as rule } from '#shared/rules/ec2/ec2-instance-detailed-monitoring-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const INSTANCE = 'AWS::EC2::Instance';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'detailed-monitoring-batch-worker',
      'COMPLIANT',
      'EC2 instance i-0b7d9e1f3a5c7e9b1 has detailed monitoring enabled.',
    ],
    [
      'imdsv2-required-private',
      'NON_COMPLIANT',
      'EC2 instance i-0a4f3c2b1d0e9f871 has detailed monitoring disabled.',
    ],
    ['terminated', 'NOT_APPLICABLE', undefined],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    const verdict = evaluateFixture(rule, loadFixture(INSTANCE, name));
    expect(verdict.compliance).toBe(compliance);
    if (annotation !== undefined) expect(verdict.annotation).toBe(annotation);
  });

  it.each([
    ['pending', 'COMPLIANT'],
    ['disabling', 'NON_COMPLIANT'],
    ['ENABLED', 'COMPLIANT'],
  ] as const)('monitoring state %s is %s', (state, compliance) => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'imdsv2-required-private'), {
      monitoring: { state },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('judges a stopped instance (its setting persists), but gives no verdict without a recorded state', () => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, 'stopped-imdsv1-optional')).compliance).toBe(
      'NON_COMPLIANT',
    );
    const fixture = withConfiguration(loadFixture(INSTANCE, 'imdsv2-required-private'), { monitoring: null });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
