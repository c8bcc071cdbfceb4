import { describe, expect, it } from 'vitest';
import { redshiftClusterMaintenancesettingsCheck as rule } from '#shared/rules/redshift/redshift-cluster-maintenancesettings-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Redshift::Cluster';
const finance = () => loadFixture(TYPE, 'private-encrypted-logged');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster allowing version upgrades and keeping snapshots, with the default parameters', () => {
    expect(evaluateFixture(rule, finance())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Redshift cluster finance-warehouse has the expected maintenance settings.',
    });
  });

  it('fails a cluster with version upgrades off and snapshots off, naming both', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Redshift cluster marketing-sandbox: allowVersionUpgrade is false, not true; automated snapshots are kept 0 days, below 1.',
    });
  });

  it.each([
    [{ preferredMaintenanceWindow: 'Sun:05:00-Sun:05:30' }, 'COMPLIANT'],
    [{ preferredMaintenanceWindow: 'Mon:09:30-Mon:10:00' }, 'NON_COMPLIANT'],
    [{ automatedSnapshotRetentionPeriod: 7 }, 'COMPLIANT'],
    [{ automatedSnapshotRetentionPeriod: 8 }, 'NON_COMPLIANT'],
    [{ allowVersionUpgrade: false }, 'NON_COMPLIANT'],
  ])('with %o → %s', (parameters, expected) => {
    expect(evaluateFixture(rule, finance(), { parameters }).compliance).toBe(expected);
  });

  it('gives no verdict on a setting it must check that was not recorded', () => {
    const noWindow = withConfiguration(finance(), { preferredMaintenanceWindow: undefined });
    expect(evaluateFixture(rule, noWindow).compliance).toBe('COMPLIANT');
    expect(
      evaluateFixture(rule, noWindow, { parameters: { preferredMaintenanceWindow: 'sun:05:00-sun:05:30' } }),
    ).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Redshift cluster finance-warehouse: preferredMaintenanceWindow not recorded.',
    });
    const noUpgrade = withConfiguration(finance(), { allowVersionUpgrade: undefined });
    expect(evaluateFixture(rule, noUpgrade).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });

  it('still fails a cluster on a recorded setting when another one is missing', () => {
    const fixture = withConfiguration(finance(), {
      allowVersionUpgrade: false,
      automatedSnapshotRetentionPeriod: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });
});
