import { type EksClusterConfiguration, readEksCluster } from '#shared/resources/eks';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** True for a CIDR whose prefix length is 0 (`0.0.0.0/0`, `::/0`, or a sloppy spelling of either). */
function isWholeInternet(cidr: string): boolean {
  const [, prefix] = cidr.trim().split('/');
  return prefix !== undefined && /^0+$/.test(prefix);
}

/**
 * EKS public API endpoints accept connections only from listed networks. No managed twin: a cluster
 * without a public endpoint is COMPLIANT; with one, `publicAccessCidrs` must be recorded and exclude
 * `0.0.0.0/0` and `::/0` (any prefix length 0). EKS defaults the list to `0.0.0.0/0`, so an empty list is
 * NON_COMPLIANT. EKS and Config always give `EndpointPublicAccess`, and the list of a public endpoint: a
 * cluster without the one the rule needs was not collected and is NOT_APPLICABLE.
 */
export const eksEndpointPublicAccessRestricted = {
  id: 'eks-endpoint-public-access-restricted',
  title: 'EKS public API endpoints accept connections only from listed networks',
  resourceTypes: ['AWS::EKS::Cluster'],
  severity: 'high',
  managedRule: false,
  parameters: {},
  rationale:
    'Where a public Kubernetes endpoint is needed, limiting it to known networks keeps cluster administration off the open internet.',
  remediationAdvice:
    'Restrict the public endpoint: `aws eks update-cluster-config --name <cluster> --resources-vpc-config publicAccessCidrs=203.0.113.0/24`, or turn it off with endpointPublicAccess=false.',
  evaluate(item) {
    const cluster = readEksCluster(item);
    if (cluster.endpointPublicAccess === false) {
      return compliant(`EKS cluster ${cluster.name} has no public API endpoint.`);
    }
    if (cluster.endpointPublicAccess === undefined) {
      return notApplicable(`Whether EKS cluster ${cluster.name} has a public API endpoint was not recorded.`);
    }
    if (cluster.publicAccessCidrs === undefined) {
      return notApplicable(
        `EKS cluster ${cluster.name} has a public API endpoint whose allowed networks were not recorded.`,
      );
    }
    const state = 'has';
    const cidrs = cluster.publicAccessCidrs;
    if (cidrs.length === 0) {
      return nonCompliant(
        `EKS cluster ${cluster.name} ${state} a public API endpoint with no recorded CIDR limit (EKS defaults to 0.0.0.0/0).`,
      );
    }
    const open = cidrs.filter(isWholeInternet);
    if (open.length > 0) {
      return nonCompliant(
        `EKS cluster ${cluster.name} ${state} a public API endpoint open to ${open.join(', ')}.`,
      );
    }
    return compliant(
      `EKS cluster ${cluster.name} ${state} a public API endpoint limited to ${cidrs.join(', ')}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, EksClusterConfiguration>;
