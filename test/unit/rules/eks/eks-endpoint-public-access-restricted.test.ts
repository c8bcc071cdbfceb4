import { describe, expect, it } from 'vitest';
import { eksEndpointPublicAccessRestricted as rule } from '#shared/rules/eks/eks-endpoint-public-access-restricted';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';
import { withDescribeClusterShape } from './describe-cluster-shape';

const TYPE = 'AWS::EKS::Cluster';

function withPublicCidrs(cidrs: readonly string[] | undefined) {
  return withConfiguration(loadFixture(TYPE, 'public-restricted-audit-only'), {
    ResourcesVpcConfig: { EndpointPublicAccess: true, EndpointPrivateAccess: true, PublicAccessCidrs: cidrs },
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster without a public endpoint', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-all-logs')).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('passes a public endpoint limited to listed networks and names them', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-restricted-audit-only'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'EKS cluster ci-runners has a public API endpoint limited to 203.0.113.0/24, 198.51.100.17/32.',
    });
  });

  it('fails a public endpoint open to 0.0.0.0/0', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-open-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EKS cluster sandbox-legacy has a public API endpoint open to 0.0.0.0/0.',
    });
  });

  it.each([
    [['::/0'], '::/0'],
    [['203.0.113.0/24', '0.0.0.0/0'], '0.0.0.0/0'],
    [['10.0.0.0/8', '0.0.0.0/00'], '0.0.0.0/00'],
    [[' 0.0.0.0/0 '], ' 0.0.0.0/0 '],
  ])('fails when the CIDR list %j includes the whole internet', (cidrs, open) => {
    const verdict = evaluateFixture(rule, withPublicCidrs(cidrs));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain(`open to ${open}`);
  });

  it('fails a public endpoint whose CIDR list is recorded empty (EKS defaults it to 0.0.0.0/0)', () => {
    const verdict = evaluateFixture(rule, withPublicCidrs([]));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('no recorded CIDR limit');
  });

  it('gives no verdict on a public endpoint whose CIDR list was not recorded', () => {
    const verdict = evaluateFixture(rule, withPublicCidrs(undefined));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('allowed networks were not recorded');
  });

  it('passes narrow IPv6 ranges (only a /0 prefix counts as the whole internet)', () => {
    expect(evaluateFixture(rule, withPublicCidrs(['2001:db8::/32', '192.0.2.0/24'])).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('gives no verdict on a cluster that does not record EndpointPublicAccess', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'public-restricted-audit-only'), {
      ResourcesVpcConfig: { PublicAccessCidrs: ['0.0.0.0/0'] },
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('has a public API endpoint was not recorded');
  });

  it('reads the DescribeCluster shape too', () => {
    const fixture = withDescribeClusterShape(loadFixture(TYPE, 'public-restricted-audit-only'), {
      resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('reports a deleted cluster as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
