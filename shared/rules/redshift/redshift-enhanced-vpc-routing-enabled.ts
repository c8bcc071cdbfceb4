import { type RedshiftClusterConfiguration, redshiftClusterName } from '#shared/resources/redshift';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Redshift clusters route COPY and UNLOAD traffic through their VPC (enhanced VPC routing). An item that
 * does not record `enhancedVpcRouting` (DescribeClusters and Config always give it) was not collected and
 * is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/redshift-enhanced-vpc-routing-enabled.html
 */
export const redshiftEnhancedVpcRoutingEnabled = {
  id: 'redshift-enhanced-vpc-routing-enabled',
  title: 'Redshift clusters use enhanced VPC routing',
  resourceTypes: ['AWS::Redshift::Cluster'],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Enhanced VPC routing keeps data loaded into and unloaded from the warehouse on VPC paths that security groups, endpoint policies and flow logs control.',
  remediationAdvice:
    'Enable it: `aws redshift modify-cluster --cluster-identifier <id> --enhanced-vpc-routing`, and give the VPC an S3 gateway endpoint or NAT route.',
  evaluate(item) {
    const name = redshiftClusterName(item);
    const enabled = item.configuration?.enhancedVpcRouting;
    if (enabled === undefined) {
      return notApplicable(`Whether Redshift cluster ${name} uses enhanced VPC routing was not recorded.`);
    }
    return enabled
      ? compliant(`Redshift cluster ${name} uses enhanced VPC routing.`)
      : nonCompliant(`Redshift cluster ${name} does not use enhanced VPC routing.`);
  },
} as const satisfies Rule<Record<string, never>, RedshiftClusterConfiguration>;
