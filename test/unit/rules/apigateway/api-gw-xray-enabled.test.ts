import { describe, expect, it } from 'vitest';
import { apiGwXrayEnabled as rule } from '#shared/rules/apigateway/api-gw-xray-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const STAGE = 'AWS::ApiGateway::Stage';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'without-client-certificate',
      'COMPLIANT',
      'Stage staging of REST API f6g7h8i9j0 traces requests with X-Ray.',
    ],
    [
      'sandbox-no-logging-no-tracing',
      'NON_COMPLIANT',
      'Stage sandbox of REST API k1l2m3n4o5 does not trace requests with X-Ray.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(STAGE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [false, 'NON_COMPLIANT'],
    ['true', 'NON_COMPLIANT'],
    [true, 'COMPLIANT'],
  ] as const)('tracingEnabled %j is %s (only a recorded true passes)', (tracingEnabled, compliance) => {
    const fixture = withConfiguration(loadFixture(STAGE, 'sandbox-no-logging-no-tracing'), {
      tracingEnabled,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
