import { docDbClusterOrVerdict } from '#shared/resources/docdb';
import { DB_CLUSTER_TYPE, type DbClusterConfiguration } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Amazon DocumentDB clusters export their audit log to CloudWatch Logs (`enabledCloudwatchLogsExports`
 * lists `audit`). Clusters of other engines, and a cluster whose exports were not recorded, are
 * NOT_APPLICABLE; an empty or null list (what DescribeDBClusters and Config give a cluster exporting nothing)
 * is NON_COMPLIANT. The export only carries events once the cluster parameter group sets `audit_logs`; Config
 * records the parameter group by name only, so the rule, like AWS's, judges the export.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/docdb-cluster-audit-logging-enabled.html
 */
export const docdbClusterAuditLoggingEnabled = {
  id: 'docdb-cluster-audit-logging-enabled',
  title: 'DocumentDB clusters export their audit log to CloudWatch Logs',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'The audit log records authentication, authorization failures and DDL on the cluster; exported to CloudWatch Logs it outlives the cluster and can be alarmed on.',
  remediationAdvice:
    'Set `audit_logs` to `enabled` in the cluster parameter group, then export the log: `aws docdb modify-db-cluster --db-cluster-identifier <id> --cloudwatch-logs-export-configuration \'{"EnableLogTypes":["audit"]}\' --apply-immediately`.',
  evaluate(item) {
    const cluster = docDbClusterOrVerdict(item);
    if ('verdict' in cluster) return cluster.verdict;
    const { name } = cluster;
    const exports = item.configuration?.enabledCloudwatchLogsExports;
    if (exports === undefined)
      return notApplicable(`DocumentDB cluster ${name} enabledCloudwatchLogsExports was not recorded.`);
    const types = (exports ?? []).map((type) => type.toLowerCase());
    if (types.includes('audit'))
      return compliant(`DocumentDB cluster ${name} exports its audit log to CloudWatch Logs.`);
    return nonCompliant(
      types.length === 0
        ? `DocumentDB cluster ${name} exports no logs to CloudWatch Logs.`
        : `DocumentDB cluster ${name} exports ${types.join(', ')} but not its audit log to CloudWatch Logs.`,
    );
  },
} as const satisfies Rule<Record<string, never>, DbClusterConfiguration>;
