import { type RedshiftClusterConfiguration, redshiftClusterName } from '#shared/resources/redshift';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Redshift clusters are not publicly accessible. An item that does not record `publiclyAccessible`
 * (DescribeClusters and Config always give it) was not collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-public-access-check.html
 */
export const redshiftClusterPublicAccessCheck = {
  id: 'redshift-cluster-public-access-check',
  title: 'Redshift clusters are not publicly accessible',
  resourceTypes: ['AWS::Redshift::Cluster'],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale:
    'A publicly accessible cluster gets an internet-routable endpoint, exposing the warehouse to password guessing from anywhere.',
  remediationAdvice:
    'Turn public access off: `aws redshift modify-cluster --cluster-identifier <id> --no-publicly-accessible`, and reach the cluster from inside the VPC.',
  evaluate(item) {
    const name = redshiftClusterName(item);
    const publiclyAccessible = item.configuration?.publiclyAccessible;
    if (publiclyAccessible === undefined) {
      return notApplicable(`Whether Redshift cluster ${name} is publicly accessible was not recorded.`);
    }
    return publiclyAccessible
      ? nonCompliant(`Redshift cluster ${name} is publicly accessible.`)
      : compliant(`Redshift cluster ${name} is not publicly accessible.`);
  },
} as const satisfies Rule<Record<string, never>, RedshiftClusterConfiguration>;
