import { describe, expect, it } from 'vitest';
import { opensearchNodeToNodeEncryptionCheck as rule } from '#shared/rules/opensearch/opensearch-node-to-node-encryption-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::OpenSearch::Domain';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'vpc-encrypted-fgac-audit',
      'COMPLIANT',
      'OpenSearch domain orders-search encrypts node-to-node traffic.',
    ],
    [
      'public-unencrypted-http',
      'NON_COMPLIANT',
      'OpenSearch domain catalog-preview does not encrypt node-to-node traffic.',
    ],
    [
      'legacy-elasticsearch-public',
      'NOT_APPLICABLE',
      'Domain legacy-logs runs Elasticsearch_7.10; the rule does not evaluate Elasticsearch domains.',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it('gives no verdict when the setting was not recorded, or the domain is deleted', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'vpc-encrypted-fgac-audit'), {
      NodeToNodeEncryptionOptions: {},
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
