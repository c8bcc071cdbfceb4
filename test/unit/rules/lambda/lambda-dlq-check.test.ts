import { describe, expect, it } from 'vitest';
import { lambdaDlqCheck as rule } from '#shared/rules/lambda/lambda-dlq-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const FUNCTION = 'AWS::Lambda::Function';
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:invoice-exporter-dlq';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['vpc-worker-with-dlq', 'COMPLIANT', `Lambda function invoice-exporter sends failed events to ${DLQ}.`],
    ['no-policy', 'NON_COMPLIANT', 'Lambda function nightly-reconcile has no dead-letter queue.'],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(FUNCTION, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [{ targetArn: '' }, 'NON_COMPLIANT'],
    [{ targetArn: null }, 'NON_COMPLIANT'],
    [{}, 'NON_COMPLIANT'],
  ])('fails deadLetterConfig %j', (deadLetterConfig, compliance) => {
    const fixture = withConfiguration(loadFixture(FUNCTION, 'vpc-worker-with-dlq'), { deadLetterConfig });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it.each([
    [`arn:aws:sns:us-east-1:123456789012:ops, ${DLQ}`, 'COMPLIANT'],
    ['arn:aws:sqs:us-east-1:123456789012:central-dlq', 'NON_COMPLIANT'],
  ] as const)('with dlqArns "%s" is %s', (dlqArns, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(FUNCTION, 'vpc-worker-with-dlq'), {
      parameters: { dlqArns },
    });
    expect(verdict.compliance).toBe(compliance);
  });
});
