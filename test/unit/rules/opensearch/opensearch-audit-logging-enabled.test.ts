import { describe, expect, it } from 'vitest';
import { opensearchAuditLoggingEnabled as rule } from '#shared/rules/opensearch/opensearch-audit-logging-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::OpenSearch::Domain';
const AUDIT_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/orders-search/audit';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'vpc-encrypted-fgac-audit',
      'COMPLIANT',
      `OpenSearch domain orders-search publishes audit logs to ${AUDIT_GROUP}.`,
    ],
    [
      'public-unencrypted-http',
      'NON_COMPLIANT',
      'OpenSearch domain catalog-preview does not publish audit logs to CloudWatch Logs.',
    ],
    [
      'legacy-elasticsearch-public',
      'NON_COMPLIANT',
      'OpenSearch domain legacy-logs does not publish audit logs to CloudWatch Logs.',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [[AUDIT_GROUP], 'COMPLIANT'],
    [[`${AUDIT_GROUP}:*`], 'COMPLIANT'],
    [['arn:aws:logs:us-east-1:123456789012:log-group:/central/audit'], 'NON_COMPLIANT'],
    [[`${AUDIT_GROUP}-old`], 'NON_COMPLIANT'],
  ])('with cloudWatchLogsLogGroupArnList %o → %s', (list, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'vpc-encrypted-fgac-audit'), {
      parameters: { cloudWatchLogsLogGroupArnList: list },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('fails audit logs that are configured but disabled', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'vpc-encrypted-fgac-audit'), {
      LogPublishingOptions: { AUDIT_LOGS: { CloudWatchLogsLogGroupArn: AUDIT_GROUP, Enabled: false } },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('reports a deleted domain as NOT_APPLICABLE', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
