import { describe, expect, it } from 'vitest';
import { opensearchInVpcOnly as rule } from '#shared/rules/opensearch/opensearch-in-vpc-only';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::OpenSearch::Domain';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'vpc-encrypted-fgac-audit',
      'COMPLIANT',
      'OpenSearch domain orders-search is in a VPC (subnets subnet-03b1c9e7a4d2f6058, subnet-0c8d2a6f1e9b47d35).',
    ],
    [
      'public-unencrypted-http',
      'NON_COMPLIANT',
      'OpenSearch domain catalog-preview has a public endpoint (not in a VPC).',
    ],
    [
      'legacy-elasticsearch-public',
      'NOT_APPLICABLE',
      'Domain legacy-logs runs Elasticsearch_7.10; the rule does not evaluate Elasticsearch domains.',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['VPCOptions without subnets', { SubnetIds: [], SecurityGroupIds: ['sg-1'] }],
    ['no VPCOptions', undefined],
  ])('fails a domain with %s', (_what, VPCOptions) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'vpc-encrypted-fgac-audit'), { VPCOptions });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('reports a deleted domain as NOT_APPLICABLE', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
