import { describe, expect, it } from 'vitest';
import { eksEndpointNoPublicAccess as rule } from '#shared/rules/eks/eks-endpoint-no-public-access';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';
import { withDescribeClusterShape } from './describe-cluster-shape';

const TYPE = 'AWS::EKS::Cluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster whose endpoint is private only', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-all-logs'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'EKS cluster payments-prod has no public API endpoint.',
    });
  });

  it('fails a cluster with a public endpoint open to the internet', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-open-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EKS cluster sandbox-legacy has a public API endpoint (allowed from 0.0.0.0/0).',
    });
  });

  it('fails a public endpoint even when it is limited to a few CIDRs', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'public-restricted-audit-only'));
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'EKS cluster ci-runners has a public API endpoint (allowed from 203.0.113.0/24, 198.51.100.17/32).',
    });
  });

  it('gives no verdict on a cluster that does not record ResourcesVpcConfig (not collected)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'private-encrypted-all-logs'), {
      ResourcesVpcConfig: undefined,
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('has a public API endpoint was not recorded');
  });

  it.each([
    [false, 'COMPLIANT'],
    [true, 'NON_COMPLIANT'],
  ] as const)(
    'reads the DescribeCluster shape too (endpointPublicAccess %s → %s)',
    (endpointPublicAccess, expected) => {
      const fixture = withDescribeClusterShape(loadFixture(TYPE, 'private-encrypted-all-logs'), {
        resourcesVpcConfig: {
          endpointPublicAccess,
          endpointPrivateAccess: true,
          publicAccessCidrs: ['0.0.0.0/0'],
        },
      });
      expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
    },
  );

  it('reports a deleted cluster as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
