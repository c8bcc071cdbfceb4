import {
  type RedshiftClusterConfiguration,
  redshiftClusterName,
  redshiftLoggingStatus,
} from '#shared/resources/redshift';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = {
  clusterDbEncrypted: boolean;
  loggingEnabled: boolean;
  nodeTypes: readonly string[];
};

/**
 * Redshift clusters are encrypted (`clusterDbEncrypted`, default true), have audit logging on
 * (`loggingEnabled`, default true; read from `supplementaryConfiguration.LoggingStatus`) and, when
 * `nodeTypes` is set, run one of those node types. A setting the rule must check that the item does not
 * record leaves the cluster NOT_APPLICABLE (unless another check already fails it).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-configuration-check.html
 */
export const redshiftClusterConfigurationCheck = {
  id: 'redshift-cluster-configuration-check',
  title: 'Redshift clusters are encrypted and have audit logging on',
  resourceTypes: ['AWS::Redshift::Cluster'],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page lists nodeTypes with "Default: dc1.large" while its verdict names only encryption and audit logging ("The rule is NON_COMPLIANT if the Amazon Redshift cluster is not encrypted or encrypted with another key, or if a cluster does not have audit logging enabled."); Vigil defaults nodeTypes to empty (node type not checked), since dc1 nodes are retired and that default would fail nearly every cluster. Set nodeTypes to check it.',
  parameters: {
    clusterDbEncrypted: {
      type: 'boolean',
      default: true,
      description: 'Require database encryption.',
    },
    loggingEnabled: {
      type: 'boolean',
      default: true,
      description: 'Require audit logging.',
    },
    nodeTypes: {
      type: 'string-list',
      default: [],
      description: 'Node types the clusters must run, e.g. ["ra3.xlplus"]; empty does not check it.',
    },
  },
  rationale:
    'Encryption protects the warehouse at rest and audit logs record who connected and what they ran, evidence an auditor asks for.',
  remediationAdvice:
    'Encrypt the cluster (`aws redshift modify-cluster --cluster-identifier <id> --encrypted`) and turn audit logging on (`aws redshift enable-logging --cluster-identifier <id> --log-destination-type cloudwatch --log-exports connectionlog useractivitylog userlog`).',
  evaluate(item, { parameters }) {
    const name = redshiftClusterName(item);
    const configuration = item.configuration ?? {};
    const problems: string[] = [];
    const missing: string[] = [];
    if (parameters.clusterDbEncrypted) {
      if (configuration.encrypted === undefined) missing.push('encryption');
      else if (!configuration.encrypted) problems.push('is not encrypted');
    }
    if (parameters.loggingEnabled) {
      const logging = redshiftLoggingStatus(item);
      if (logging === undefined) missing.push('audit logging status');
      else if (logging.loggingEnabled !== true) problems.push('has audit logging off');
    }
    if (parameters.nodeTypes.length > 0) {
      const nodeType = configuration.nodeType;
      if (nodeType === undefined) missing.push('node type');
      else if (!parameters.nodeTypes.includes(nodeType)) {
        problems.push(`runs node type ${nodeType}, not one of ${parameters.nodeTypes.join(', ')}`);
      }
    }
    if (problems.length > 0) return nonCompliant(`Redshift cluster ${name} ${problems.join(', ')}.`);
    if (missing.length > 0) {
      return notApplicable(`Redshift cluster ${name}: ${missing.join(', ')} not recorded.`);
    }
    return compliant(`Redshift cluster ${name} has the required configuration.`);
  },
} as const satisfies Rule<Parameters, RedshiftClusterConfiguration>;
