import { describe, expect, it } from 'vitest';
import { opensearchAccessControlEnabled as rule } from '#shared/rules/opensearch/opensearch-access-control-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::OpenSearch::Domain';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'vpc-encrypted-fgac-audit',
      'COMPLIANT',
      'OpenSearch domain orders-search uses fine-grained access control.',
    ],
    [
      'public-unencrypted-http',
      'NON_COMPLIANT',
      'OpenSearch domain catalog-preview does not use fine-grained access control.',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it('says when anonymous access is still allowed during a migration', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'vpc-encrypted-fgac-audit'), {
      AdvancedSecurityOptions: { Enabled: true, AnonymousAuthEnabled: true },
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'OpenSearch domain orders-search uses fine-grained access control (anonymous access still allowed during migration).',
    );
  });

  it('gives no verdict when the setting was not recorded, or the domain is deleted', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'vpc-encrypted-fgac-audit'), {
      AdvancedSecurityOptions: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
