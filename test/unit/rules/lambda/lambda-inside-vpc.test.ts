import { describe, expect, it } from 'vitest';
import { lambdaInsideVpc as rule } from '#shared/rules/lambda/lambda-inside-vpc';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const FUNCTION = 'AWS::Lambda::Function';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['vpc-worker-with-dlq', 'COMPLIANT'],
    ['no-policy', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(FUNCTION, name)).compliance).toBe(compliance);
  });

  it('names the VPC and subnets of a compliant function', () => {
    expect(evaluateFixture(rule, loadFixture(FUNCTION, 'vpc-worker-with-dlq')).annotation).toBe(
      'Lambda function invoice-exporter runs in VPC vpc-0a1b2c3d4e5f60718 (subnets subnet-0aa11bb22cc33dd44, subnet-0ee55ff66aa77bb88).',
    );
  });

  it('fails the empty vpcConfig Lambda returns for a function outside any VPC', () => {
    const fixture = withConfiguration(loadFixture(FUNCTION, 'vpc-worker-with-dlq'), {
      vpcConfig: { subnetIds: [], securityGroupIds: [], vpcId: '' },
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Lambda function invoice-exporter is not attached to a VPC.',
    });
  });

  it.each([
    ['subnet-0aa11bb22cc33dd44, subnet-0ee55ff66aa77bb88, subnet-0ffffffffffffffff', 'COMPLIANT'],
    ['subnet-0aa11bb22cc33dd44', 'NON_COMPLIANT'],
  ] as const)('with subnetIds "%s" is %s', (subnetIds, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(FUNCTION, 'vpc-worker-with-dlq'), {
      parameters: { subnetIds },
    });
    expect(verdict.compliance).toBe(compliance);
  });
});
