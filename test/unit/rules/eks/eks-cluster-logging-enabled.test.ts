import { describe, expect, it } from 'vitest';
import { eksClusterLoggingEnabled as rule } from '#shared/rules/eks/eks-cluster-logging-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';
import { withDescribeClusterShape } from './describe-cluster-shape';

const TYPE = 'AWS::EKS::Cluster';

function withEnabledTypes(types: readonly string[]) {
  return withConfiguration(loadFixture(TYPE, 'private-encrypted-all-logs'), {
    Logging: { ClusterLogging: { EnabledTypes: types.map((Type) => ({ Type })) } },
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster sending all five control-plane log types', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-all-logs'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'EKS cluster payments-prod sends all control-plane log types to CloudWatch Logs.',
    });
  });

  it('fails a cluster with no Logging block at all', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-open-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EKS cluster sandbox-legacy sends no control-plane logs, not even the audit log.',
    });
  });

  it('fails a cluster that logs audit but not every type, as the managed rule does, and lists the gaps', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-restricted-audit-only'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'EKS cluster ci-runners: log types not enabled: authenticator, controllerManager, scheduler.',
    });
  });

  it('says first that the audit log is off when it is among the missing types', () => {
    const verdict = evaluateFixture(
      rule,
      withEnabledTypes(['api', 'authenticator', 'controllerManager', 'scheduler']),
    );
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EKS cluster payments-prod: the audit log is off; log types not enabled: audit.',
    });
  });

  it('fails an empty EnabledTypes list', () => {
    expect(evaluateFixture(rule, withEnabledTypes([])).compliance).toBe('NON_COMPLIANT');
  });

  it('is case-sensitive about log type names as EKS is (controllermanager is not controllerManager)', () => {
    const verdict = evaluateFixture(
      rule,
      withEnabledTypes(['api', 'audit', 'authenticator', 'controllermanager', 'scheduler']),
    );
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [
      'all types in one enabled setup',
      [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }],
      'COMPLIANT',
    ],
    [
      'some types in a disabled setup',
      [
        { types: ['api', 'audit', 'authenticator'], enabled: true },
        { types: ['controllerManager', 'scheduler'], enabled: false },
      ],
      'NON_COMPLIANT',
    ],
  ] as const)('reads the DescribeCluster shape too: %s → %s', (_label, clusterLogging, expected) => {
    const fixture = withDescribeClusterShape(loadFixture(TYPE, 'private-encrypted-all-logs'), {
      logging: { clusterLogging },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reports a deleted cluster as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
