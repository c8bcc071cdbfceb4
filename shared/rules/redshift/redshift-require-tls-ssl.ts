import {
  type RedshiftClusterConfiguration,
  redshiftClusterName,
  redshiftRequireSsl,
} from '#shared/resources/redshift';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Redshift clusters require TLS from SQL clients: the `require_ssl` parameter of the cluster's parameter
 * group is `true`. Vigil's describer records that parameter with the cluster; an item without it (an AWS
 * Config item, or a describe that could not read the group) is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/redshift-require-tls-ssl.html
 */
export const redshiftRequireTlsSsl = {
  id: 'redshift-require-tls-ssl',
  title: 'Redshift clusters require TLS from SQL clients',
  resourceTypes: ['AWS::Redshift::Cluster'],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page judges "AWS::Redshift::Cluster, AWS::Redshift::ClusterParameterGroup" ("The rule is NON_COMPLIANT if any Amazon Redshift cluster has parameter require_SSL not set to true."); Vigil judges the cluster alone, from the require_ssl value its describer reads from the cluster\'s parameter group, and a cluster item without that value (as AWS Config records clusters) is NOT_APPLICABLE.',
  parameters: {},
  rationale:
    'Without require_ssl, clients may send credentials and query results over the network in clear text.',
  remediationAdvice:
    'Use a custom parameter group with require_ssl true: `aws redshift modify-cluster-parameter-group --parameter-group-name <group> --parameters ParameterName=require_ssl,ParameterValue=true`, attach it with `aws redshift modify-cluster --cluster-parameter-group-name <group>`, then reboot the cluster.',
  evaluate(item) {
    const name = redshiftClusterName(item);
    const requireSsl = redshiftRequireSsl(item);
    if (requireSsl === undefined) {
      return notApplicable(
        `The require_ssl parameter of Redshift cluster ${name}'s parameter group was not collected.`,
      );
    }
    return requireSsl.value.trim().toLowerCase() === 'true'
      ? compliant(
          `Redshift cluster ${name} requires TLS (require_ssl true in parameter group ${requireSsl.parameterGroupName}).`,
        )
      : nonCompliant(
          `Redshift cluster ${name} does not require TLS: require_ssl is ${requireSsl.value} in parameter group ${requireSsl.parameterGroupName}.`,
        );
  },
} as const satisfies Rule<Record<string, never>, RedshiftClusterConfiguration>;
