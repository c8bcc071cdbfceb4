import { describe, expect, it } from 'vitest';
import { docdbClusterDeletionProtectionEnabled as rule } from '#shared/rules/docdb/docdb-cluster-deletion-protection-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'docdb-catalog-hardened',
      'COMPLIANT',
      'DocumentDB cluster catalog-docdb has deletion protection enabled.',
    ],
    [
      'docdb-sessions-defaults',
      'NON_COMPLIANT',
      'DocumentDB cluster sessions-docdb-dev does not have deletion protection enabled.',
    ],
    // An Aurora cluster without deletion protection is rds-cluster-deletion-protection-enabled's business.
    [
      'aurora-mysql-dev-defaults',
      'NOT_APPLICABLE',
      'DB cluster reporting-dev runs aurora-mysql, not Amazon DocumentDB.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [{ deletionProtection: undefined }, 'NOT_APPLICABLE'],
    [{ engine: undefined }, 'NOT_APPLICABLE'],
    [{ engine: 'neptune' }, 'NOT_APPLICABLE'],
    [{ deletionProtection: true }, 'COMPLIANT'],
  ] as const)('judges the unprotected cluster patched with %j as %s', (patch, compliance) => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-sessions-defaults'), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
