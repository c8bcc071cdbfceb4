import { describe, expect, it } from 'vitest';
import { apiGwAssociatedWithWaf as rule } from '#shared/rules/apigateway/api-gw-associated-with-waf';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const STAGE = 'AWS::ApiGateway::Stage';
const API_PROTECT =
  'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api-protect/5f0c1e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'with-client-certificate',
      'COMPLIANT',
      `Stage prod of REST API a1b2c3d4e5 is protected by web ACL ${API_PROTECT}.`,
    ],
    [
      'sandbox-no-logging-no-tracing',
      'NON_COMPLIANT',
      'Stage sandbox of REST API k1l2m3n4o5 is not associated with a WAF web ACL.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(STAGE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [`${API_PROTECT},arn:aws:wafv2:us-east-1:123456789012:regional/webacl/other/1`, 'COMPLIANT'],
    ['arn:aws:wafv2:us-east-1:123456789012:regional/webacl/other/1', 'NON_COMPLIANT'],
    ['', 'COMPLIANT'],
  ] as const)('a stage with api-protect and WebAclArns %j is %s', (WebAclArns, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(STAGE, 'without-client-certificate'), {
      parameters: { WebAclArns },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it.each([
    [null, 'NON_COMPLIANT'],
    ['', 'NON_COMPLIANT'],
    [42, 'NON_COMPLIANT'],
  ] as const)('webAclArn %j is %s', (webAclArn, compliance) => {
    const fixture = withConfiguration(loadFixture(STAGE, 'with-client-certificate'), { webAclArn });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('gives no verdict on a stage whose configuration was not recorded', () => {
    const fixture = loadFixture(STAGE, 'with-client-certificate');
    const unrecorded = { ...fixture, item: { ...fixture.item, configuration: null } };
    expect(evaluateFixture(rule, unrecorded)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The configuration of Stage prod of REST API a1b2c3d4e5 was not recorded.',
    });
  });
});
