import { describe, expect, it } from 'vitest';
import { redshiftClusterConfigurationCheck as rule } from '#shared/rules/redshift/redshift-cluster-configuration-check';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::Redshift::Cluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'private-encrypted-logged',
      'COMPLIANT',
      'Redshift cluster finance-warehouse has the required configuration.',
    ],
    [
      'config-recorded-kms-s3-logs',
      'COMPLIANT',
      'Redshift cluster ops-metrics has the required configuration.',
    ],
    [
      'public-unencrypted-no-logs',
      'NON_COMPLIANT',
      'Redshift cluster marketing-sandbox is not encrypted, has audit logging off.',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [{ clusterDbEncrypted: false }, 'NON_COMPLIANT'],
    [{ loggingEnabled: false }, 'NON_COMPLIANT'],
    [{ clusterDbEncrypted: false, loggingEnabled: false }, 'COMPLIANT'],
  ])('judges only what is asked (%o on the unencrypted, unlogged cluster → %s)', (parameters, expected) => {
    expect(
      evaluateFixture(rule, loadFixture(TYPE, 'public-unencrypted-no-logs'), { parameters }).compliance,
    ).toBe(expected);
  });

  it.each([
    [['ra3.xlplus', 'ra3.4xlarge'], 'COMPLIANT'],
    [['dc1.large'], 'NON_COMPLIANT'],
  ])('checks the node type only when nodeTypes is set (%o → %s)', (nodeTypes, expected) => {
    expect(
      evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-logged'), { parameters: { nodeTypes } })
        .compliance,
    ).toBe(expected);
  });

  it('gives no verdict when the audit logging status was not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'private-encrypted-logged'), {
      LoggingStatus: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Redshift cluster finance-warehouse: audit logging status not recorded.',
    });
    expect(evaluateFixture(rule, fixture, { parameters: { loggingEnabled: false } }).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('fails on a recorded problem even when something else was not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'public-unencrypted-no-logs'), {
      LoggingStatus: undefined,
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'Redshift cluster marketing-sandbox is not encrypted.',
    );
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
