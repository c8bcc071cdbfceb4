import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { lambdaFunctionPublicAccessProhibited as rule } from '#shared/rules/lambda/lambda-function-public-access-prohibited';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::Lambda::Function';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:nightly-reconcile';
const noPolicy = () => loadFixture(TYPE, 'no-policy');

/** A one-statement function policy, as a JSON string like Config records it. */
function policyWith(statement: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'default',
    Statement: [
      { Sid: 'Stmt', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FUNCTION_ARN, ...statement },
    ],
  });
}

function judge(statement: Record<string, unknown>) {
  return evaluateFixture(rule, withSupplementary(noPolicy(), { Policy: policyWith(statement) }));
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an S3 trigger scoped to the account and bucket', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 's3-trigger-scoped-to-account'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'The policy of function invoice-ingest grants access only to specific principals or sources.',
    });
  });

  it('passes a function without a resource-based policy', () => {
    expect(evaluateFixture(rule, noPolicy())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Function nightly-reconcile has no resource-based policy.',
    });
  });

  it('fails a policy that lets anyone invoke and names the statement', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-invoke'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'The policy of function pricing-preview is public: statement 0 ("AllowEveryone") allows lambda:InvokeFunction to Principal *.',
    });
  });

  it('fails an S3 trigger without aws:SourceAccount or aws:SourceArn', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 's3-trigger-without-source-condition'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'The policy of function thumbnailer is public: statement 0 ("s3-invoke") lets s3.amazonaws.com act without aws:SourceAccount or aws:SourceArn.',
    });
  });

  it.each([
    ['{"AWS": "*"}', { Principal: { AWS: '*' } }, 'NON_COMPLIANT'],
    [
      'Principal * with aws:SourceAccount',
      { Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } },
      'COMPLIANT',
    ],
    [
      'Principal * with aws:SourceArn',
      { Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-uploads' } } },
      'COMPLIANT',
    ],
    [
      'Principal * with a wildcard aws:SourceArn',
      { Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } } },
      'NON_COMPLIANT',
    ],
    [
      'Principal * with aws:PrincipalOrgID',
      { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
      'COMPLIANT',
    ],
    [
      'Principal * with an IfExists source condition',
      { Principal: '*', Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } } },
      'NON_COMPLIANT',
    ],
    [
      'a public function URL',
      {
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      },
      'NON_COMPLIANT',
    ],
    ['public lambda:GetFunction', { Principal: '*', Action: 'lambda:GetFunction' }, 'NON_COMPLIANT'],
    [
      'NotPrincipal (everyone but one role)',
      { NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/ops' } },
      'NON_COMPLIANT',
    ],
    ['a Deny to everyone', { Effect: 'Deny', Principal: '*' }, 'COMPLIANT'],
    ['another account', { Principal: { AWS: 'arn:aws:iam::444455556666:root' } }, 'COMPLIANT'],
    [
      'EventBridge with aws:SourceArn',
      {
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/nightly' } },
      },
      'COMPLIANT',
    ],
    ['SNS without a source condition', { Principal: { Service: 'sns.amazonaws.com' } }, 'NON_COMPLIANT'],
  ] as const)('judges a statement with %s as %s', (_label, statement, expected) => {
    expect(judge(statement).compliance).toBe(expected);
  });

  it('reads a policy recorded as an object as well as a JSON string', () => {
    const Policy = JSON.parse(policyWith({ Principal: '*' })) as Record<string, unknown>;
    expect(evaluateFixture(rule, withSupplementary(noPolicy(), { Policy })).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['null', null],
    ['empty', ''],
  ])('passes a function whose Policy is %s', (_label, Policy) => {
    expect(evaluateFixture(rule, withSupplementary(noPolicy(), { Policy })).compliance).toBe('COMPLIANT');
  });

  it('reports an unparseable policy as an ERROR through the engine, not as a verdict', () => {
    const fixture = withSupplementary(noPolicy(), { Policy: '{"Statement": [{"Effect": "Maybe"}]}' });
    const [evaluation] = new RuleEngine([rule]).evaluate(fixture.item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('ERROR');
    expect(evaluation?.annotation).toContain('PolicyParseError');
  });

  it('reports a deleted function as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
