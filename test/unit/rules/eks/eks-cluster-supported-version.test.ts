import { describe, expect, it } from 'vitest';
import { eksClusterSupportedVersion as rule } from '#shared/rules/eks/eks-cluster-supported-version';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';
import { withDescribeClusterShape } from './describe-cluster-shape';

const TYPE = 'AWS::EKS::Cluster';

function withVersion(Version: unknown) {
  return withConfiguration(loadFixture(TYPE, 'private-encrypted-all-logs'), { Version });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster on 1.33 against the default oldest supported 1.32', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-all-logs'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'EKS cluster payments-prod runs Kubernetes 1.33 (oldest supported 1.32).',
    });
  });

  it('fails a cluster on 1.29 and says what the floor is', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-open-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EKS cluster sandbox-legacy runs Kubernetes 1.29, older than the oldest supported 1.32.',
    });
  });

  it.each([
    ['1.31', '1.32', 'NON_COMPLIANT'],
    ['1.32', '1.32', 'COMPLIANT'],
    ['1.9', '1.10', 'NON_COMPLIANT'],
    ['1.10', '1.9', 'COMPLIANT'],
    ['1.29', '1.30', 'NON_COMPLIANT'],
    ['1.30', '1.30', 'COMPLIANT'],
    ['1.30.2', '1.30', 'COMPLIANT'],
    ['v1.34', '1.32', 'COMPLIANT'],
    ['2.0', '1.32', 'COMPLIANT'],
  ] as const)('compares numerically, not as text: %s against %s is %s', (version, oldest, expected) => {
    const verdict = evaluateFixture(rule, withVersion(version), {
      parameters: { oldestVersionSupported: oldest },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('fails a cluster whose version is not a version', () => {
    const verdict = evaluateFixture(rule, withVersion('1.30-eks-7'));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('not a readable version');
  });

  it('gives no verdict on a cluster whose version was not recorded', () => {
    const verdict = evaluateFixture(rule, withVersion(undefined));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('was not recorded');
  });

  it('reads the DescribeCluster shape too', () => {
    const fixture = withDescribeClusterShape(loadFixture(TYPE, 'private-encrypted-all-logs'), {
      version: '1.28',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('turns an unreadable oldestVersionSupported into an ERROR evaluation through the engine', () => {
    const [evaluation] = new RuleEngine([rule], { [rule.id]: { oldestVersionSupported: 'latest' } }).evaluate(
      loadFixture(TYPE, 'private-encrypted-all-logs').item,
      { now: new Date('2026-11-23T12:00:00Z'), inventory: EMPTY_INVENTORY },
    );
    expect(evaluation?.compliance).toBe('ERROR');
    expect(evaluation?.annotation).toContain('RuleParameterError');
  });

  it('reports a deleted cluster as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
