import { describe, expect, it } from 'vitest';
import { apiGwSslEnabled as rule } from '#shared/rules/apigateway/api-gw-ssl-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::ApiGateway::Stage';
const withCertificate = () => loadFixture(TYPE, 'with-client-certificate');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a stage with a client certificate and names the stage and API', () => {
    expect(evaluateFixture(rule, withCertificate())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Stage prod of REST API a1b2c3d4e5 uses client certificate q7w8e9.',
    });
  });

  it('fails a stage without a client certificate', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'without-client-certificate'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Stage staging of REST API f6g7h8i9j0 has no client certificate.',
    });
  });

  it.each([
    ['null', null],
    ['empty', ''],
  ])('fails a stage whose clientCertificateId is %s', (_label, clientCertificateId) => {
    const fixture = withConfiguration(withCertificate(), { clientCertificateId });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['q7w8e9', 'COMPLIANT'],
    ['a1a1a1, q7w8e9', 'COMPLIANT'],
    ['a1a1a1', 'NON_COMPLIANT'],
  ] as const)('with CertificateIDs "%s" a stage using q7w8e9 is %s', (CertificateIDs, expected) => {
    expect(evaluateFixture(rule, withCertificate(), { parameters: { CertificateIDs } }).compliance).toBe(
      expected,
    );
  });

  it('reports a deleted stage as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
