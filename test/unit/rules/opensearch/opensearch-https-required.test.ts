import { describe, expect, it } from 'vitest';
import { opensearchHttpsRequired as rule } from '#shared/rules/opensearch/opensearch-https-required';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::OpenSearch::Domain';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'vpc-encrypted-fgac-audit',
      'COMPLIANT',
      'OpenSearch domain orders-search enforces HTTPS (Policy-Min-TLS-1-2-PFS-2023-10).',
    ],
    ['public-unencrypted-http', 'NON_COMPLIANT', 'OpenSearch domain catalog-preview does not enforce HTTPS.'],
    [
      'legacy-elasticsearch-public',
      'COMPLIANT',
      'OpenSearch domain legacy-logs enforces HTTPS (Policy-Min-TLS-1-2-2019-07).',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['vpc-encrypted-fgac-audit', ['Policy-Min-TLS-1-2-PFS-2023-10'], 'COMPLIANT'],
    ['legacy-elasticsearch-public', ['Policy-Min-TLS-1-2-PFS-2023-10'], 'NON_COMPLIANT'],
    [
      'legacy-elasticsearch-public',
      ['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10'],
      'COMPLIANT',
    ],
    ['public-unencrypted-http', ['Policy-Min-TLS-1-0-2019-07'], 'NON_COMPLIANT'],
  ])('%s with tlsPolicies %o → %s', (name, tlsPolicies, expected) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name), { parameters: { tlsPolicies } }).compliance).toBe(
      expected,
    );
  });

  it('gives no verdict when the TLS policy it must check was not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'vpc-encrypted-fgac-audit'), {
      DomainEndpointOptions: { EnforceHTTPS: true },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
    expect(
      evaluateFixture(rule, fixture, { parameters: { tlsPolicies: ['Policy-Min-TLS-1-2-PFS-2023-10'] } })
        .compliance,
    ).toBe('NOT_APPLICABLE');
  });

  it('gives no verdict when EnforceHTTPS was not recorded, or the domain is deleted', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'public-unencrypted-http'), {
      DomainEndpointOptions: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
