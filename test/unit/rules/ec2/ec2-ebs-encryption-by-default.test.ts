import { describe, expect, it } from 'vitest';
import { ec2EbsEncryptionByDefault as rule } from '#shared/rules/ec2/ec2-ebs-encryption-by-default';
import { RuleEngine } from '#shared/rules/engine';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::::Account';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a region with encryption by default enabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'EBS encryption by default is enabled in us-east-1.',
    });
  });

  it('fails a region with encryption by default disabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-ebs-snapshot'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EBS encryption by default is disabled in us-west-2.',
    });
  });

  it('is NOT_APPLICABLE, and says why, when the setting was not collected', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), { ebsEncryptionByDefault: undefined });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'EBS encryption-by-default was not collected for us-east-1.',
    });
  });

  it('judges the account item the engine synthesizes when none is recorded as not collected', () => {
    const volume = loadFixture('AWS::EC2::Volume', 'encrypted-attached').item;
    const evaluations = new RuleEngine([rule]).scan([volume], { now: new Date('2026-11-23T12:00:00Z') });
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({
      resourceType: TYPE,
      resourceId: '123456789012',
      compliance: 'NOT_APPLICABLE',
    });
  });
});
