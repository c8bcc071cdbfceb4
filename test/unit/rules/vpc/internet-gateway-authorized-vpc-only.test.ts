import { describe, expect, it } from 'vitest';
import { internetGatewayAuthorizedVpcOnly as rule } from '#shared/rules/vpc/internet-gateway-authorized-vpc-only';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const IGW = 'AWS::EC2::InternetGateway';
const VPC = 'vpc-0f1e2d3c4b5a69788';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['detached-leftover', 'COMPLIANT', 'Internet gateway igw-0e7f6a5b4c3d21098 is attached to no VPC.'],
    [
      'attached-to-payments-vpc',
      'NON_COMPLIANT',
      `Internet gateway igw-0b1c2d3e4f5a60718 is attached to ${VPC}, and no VPC is authorized.`,
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s without AuthorizedVpcIds', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(IGW, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [
      'its VPC authorized',
      `vpc-0aaa, ${VPC}`,
      'COMPLIANT',
      `Internet gateway igw-0b1c2d3e4f5a60718 is attached to authorized VPC ${VPC}.`,
    ],
    [
      'only other VPCs authorized',
      'vpc-0aaa,vpc-0bbb',
      'NON_COMPLIANT',
      `Internet gateway igw-0b1c2d3e4f5a60718 is attached to ${VPC}, not one of AuthorizedVpcIds.`,
    ],
  ] as const)('judges an attached gateway with %s', (_case, AuthorizedVpcIds, compliance, annotation) => {
    const verdict = evaluateFixture(rule, loadFixture(IGW, 'attached-to-payments-vpc'), {
      parameters: { AuthorizedVpcIds },
    });
    expect(verdict).toEqual({ compliance, annotation });
  });

  it.each([
    ['attaching', 'NON_COMPLIANT'],
    ['detaching', 'NON_COMPLIANT'],
    ['detached', 'COMPLIANT'],
  ] as const)('counts an attachment in state %s as %s', (state, compliance) => {
    const fixture = withConfiguration(loadFixture(IGW, 'attached-to-payments-vpc'), {
      attachments: [{ state, vpcId: VPC }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('gives no verdict when the attachments were not recorded', () => {
    const fixture = withConfiguration(loadFixture(IGW, 'attached-to-payments-vpc'), {
      attachments: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The attachments of internet gateway igw-0b1c2d3e4f5a60718 were not recorded.',
    });
  });
});
