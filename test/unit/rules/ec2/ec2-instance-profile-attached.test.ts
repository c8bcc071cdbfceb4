import { describe, expect, it } from 'vitest';
import { ec2InstanceProfileAttached as rule } from '#shared/rules/ec2/ec2-instance-profile-attached';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const INSTANCE = 'AWS::EC2::Instance';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'imdsv2-required-private',
      'COMPLIANT',
      'EC2 instance i-0a4f3c2b1d0e9f871 runs with instance profile arn:aws:iam::123456789012:instance-profile/payments-api.',
    ],
    [
      'stopped-since-august-no-profile',
      'NON_COMPLIANT',
      'EC2 instance i-0c81f2a9d4e6b3705 has no IAM instance profile.',
    ],
    ['terminated', 'NOT_APPLICABLE', 'EC2 instance i-0c9d8e7f6a5b43210 is terminated.'],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['null', null],
    ['without an ARN', { id: 'AIPAQEXAMPLE7ZQ3K2LMN' }],
    ['with an empty ARN', { arn: '', id: 'AIPAQEXAMPLE7ZQ3K2LMN' }],
  ])('fails an instance profile %s', (_case, iamInstanceProfile) => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'imdsv2-required-private'), {
      iamInstanceProfile,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('gives no verdict for an item that records neither the instance id nor its state', () => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'stopped-since-august-no-profile'), {
      instanceId: undefined,
      state: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The configuration of EC2 instance i-0c81f2a9d4e6b3705 was not recorded.',
    });
  });
});
