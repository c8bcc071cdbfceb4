import { describe, expect, it } from 'vitest';
import { docdbClusterAuditLoggingEnabled as rule } from '#shared/rules/docdb/docdb-cluster-audit-logging-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'docdb-catalog-hardened',
      'COMPLIANT',
      'DocumentDB cluster catalog-docdb exports its audit log to CloudWatch Logs.',
    ],
    [
      'docdb-sessions-defaults',
      'NON_COMPLIANT',
      'DocumentDB cluster sessions-docdb-dev exports no logs to CloudWatch Logs.',
    ],
    [
      'aurora-postgresql-hardened',
      'NOT_APPLICABLE',
      'DB cluster ledger-aurora runs aurora-postgresql, not Amazon DocumentDB.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [['profiler'], 'NON_COMPLIANT'],
    [[], 'NON_COMPLIANT'],
    [['AUDIT'], 'COMPLIANT'],
    [['profiler', 'audit'], 'COMPLIANT'],
  ] as const)('judges exports %j as %s', (enabledCloudwatchLogsExports, compliance) => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-sessions-defaults'), {
      enabledCloudwatchLogsExports,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('names the logs exported when the audit log is not among them', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-sessions-defaults'), {
      enabledCloudwatchLogsExports: ['profiler'],
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'DocumentDB cluster sessions-docdb-dev exports profiler but not its audit log to CloudWatch Logs.',
    );
  });

  it('is NOT_APPLICABLE when the exports were not recorded', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-catalog-hardened'), {
      enabledCloudwatchLogsExports: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
