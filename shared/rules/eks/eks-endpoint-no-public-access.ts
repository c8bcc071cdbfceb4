import { type EksClusterConfiguration, readEksCluster } from '#shared/resources/eks';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * EKS cluster API endpoints are not publicly accessible.
 * An item that does not record `EndpointPublicAccess` (EKS and Config always give it) was not collected and
 * is NOT_APPLICABLE: the default EKS applies at creation says nothing about the cluster as it is.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/eks-endpoint-no-public-access.html
 */
export const eksEndpointNoPublicAccess = {
  id: 'eks-endpoint-no-public-access',
  title: 'EKS cluster API endpoints are not publicly accessible',
  resourceTypes: ['AWS::EKS::Cluster'],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale: 'A public Kubernetes API endpoint exposes cluster administration to the whole internet.',
  remediationAdvice:
    'Make the endpoint private: `aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true`, and reach it through the VPC.',
  evaluate(item) {
    const cluster = readEksCluster(item);
    if (cluster.endpointPublicAccess === false) {
      return compliant(`EKS cluster ${cluster.name} has no public API endpoint.`);
    }
    if (cluster.endpointPublicAccess === undefined) {
      return notApplicable(`Whether EKS cluster ${cluster.name} has a public API endpoint was not recorded.`);
    }
    const cidrs = cluster.publicAccessCidrs?.length ? cluster.publicAccessCidrs.join(', ') : '0.0.0.0/0';
    return nonCompliant(`EKS cluster ${cluster.name} has a public API endpoint (allowed from ${cidrs}).`);
  },
} as const satisfies Rule<Record<string, never>, EksClusterConfiguration>;
