import type { Fixture } from '#test/support/fixtures';

/**
 * A copy of an EKS fixture whose configuration is replaced by an `eks:DescribeCluster`-shaped cluster
 * (camelCase), the shape a Vigil describer produces instead of AWS Config's CloudFormation shape.
 */
export function withDescribeClusterShape(fixture: Fixture, cluster: Record<string, unknown>): Fixture {
  return {
    ...fixture,
    item: { ...fixture.item, configuration: { name: fixture.item.resourceId, ...cluster } },
  };
}
