import { describe, expect, it } from 'vitest';
import { opensearchEncryptedAtRest as rule } from '#shared/rules/opensearch/opensearch-encrypted-at-rest';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::OpenSearch::Domain';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'vpc-encrypted-fgac-audit',
      'COMPLIANT',
      'OpenSearch domain orders-search encrypts data at rest with arn:aws:kms:us-east-1:123456789012:key/9c3e1b7d-5a28-4f60-8d4b-e2a71f9c0d36.',
    ],
    [
      'public-unencrypted-http',
      'NON_COMPLIANT',
      'OpenSearch domain catalog-preview does not encrypt data at rest.',
    ],
    [
      'legacy-elasticsearch-public',
      'NOT_APPLICABLE',
      'Domain legacy-logs runs Elasticsearch_7.10; the rule does not evaluate Elasticsearch domains.',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it('gives no verdict when the encryption setting was not recorded, or the domain is deleted', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'public-unencrypted-http'), {
      EncryptionAtRestOptions: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });

  it('judges a domain whose engine version was not recorded as OpenSearch', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'public-unencrypted-http'), {
      EngineVersion: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });
});
