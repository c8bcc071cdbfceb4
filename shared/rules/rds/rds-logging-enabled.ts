import {
  clusterIdentifierOf,
  DB_CLUSTER_TYPE,
  type DbInstanceConfiguration,
  dbInstanceName,
  findDbCluster,
} from '#shared/resources/rds';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Log types each engine must export, as Security Hub RDS.9 (backed by this managed rule) documents them.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9
 */
const REQUIRED_LOGS: Readonly<Record<string, readonly string[]>> = {
  oracle: ['alert', 'audit', 'trace', 'listener'],
  postgres: ['postgresql', 'upgrade'],
  mysql: ['audit', 'error', 'general', 'slowquery'],
  mariadb: ['audit', 'error', 'general', 'slowquery'],
  sqlserver: ['error', 'agent'],
  aurora: ['audit', 'error', 'general', 'slowquery'],
  'aurora-mysql': ['audit', 'error', 'general', 'slowquery'],
  'aurora-postgresql': ['postgresql'],
};

/** Instance states the managed rule evaluates; any other state is NOT_APPLICABLE. */
const EVALUATED_STATES = new Set(['available', 'backing-up', 'storage-optimization', 'storage-full']);

/** True when an engine-name key (`oracle`, `aurora`, `sqlserver-ee`) covers an engine (`oracle-ee`). */
function keyCovers(key: string, engine: string): boolean {
  return engine === key || engine.startsWith(`${key}-`);
}

/** The documented required log types of an engine, or `undefined` for engines AWS lists none for. */
function requiredLogsOf(engine: string): readonly string[] | undefined {
  const exact = REQUIRED_LOGS[engine];
  if (exact) return exact;
  if (engine.startsWith('oracle-')) return REQUIRED_LOGS.oracle;
  if (engine.startsWith('sqlserver-')) return REQUIRED_LOGS.sqlserver;
  return undefined;
}

/**
 * Parses the managed rule's `additionalLogs` StringMap, e.g. `"oracle: general, slowquery ; aurora: alert"`.
 * @throws RuleParameterError on a segment without `engine:`.
 */
export function parseAdditionalLogs(text: string): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const segment of text.split(';')) {
    if (segment.trim() === '') continue;
    const separator = segment.indexOf(':');
    const engine = segment.slice(0, Math.max(separator, 0)).trim().toLowerCase();
    if (separator < 0 || engine === '') {
      throw new RuleParameterError(
        `rule rds-logging-enabled: additionalLogs segment "${segment.trim()}" is not "engine: log, log"`,
        { context: { ruleId: 'rds-logging-enabled', parameter: 'additionalLogs' } },
      );
    }
    const logs = segment
      .slice(separator + 1)
      .split(',')
      .map((log) => log.trim().toLowerCase())
      .filter((log) => log !== '');
    map.set(engine, [...(map.get(engine) ?? []), ...logs]);
  }
  return map;
}

/**
 * RDS DB instances export their engine's logs to CloudWatch Logs.
 * Required types per engine follow Security Hub RDS.9 (Oracle alert/audit/trace/listener, PostgreSQL
 * postgresql/upgrade, MySQL and MariaDB audit/error/general/slowquery, SQL Server error/agent, Aurora
 * MySQL audit/error/general/slowquery, Aurora PostgreSQL postgresql), plus `additionalLogs`. Instances
 * not in available / backing-up / storage-optimization / storage-full are NOT_APPLICABLE, as in the
 * managed rule. Cluster members also count the exports of their recorded `AWS::RDS::DBCluster`, since
 * Aurora manages exports on the cluster. Engines with no documented list (Db2, RDS Custom, …) and no
 * `additionalLogs` entry must export at least one log type (safer reading). `enabledCloudwatchLogsExports`
 * is left out when nothing is exported, so a missing list means none; but a cluster member whose recorded
 * exports fall short and whose DB cluster was not collected is NOT_APPLICABLE (the cluster may export the
 * rest), and so is an instance whose engine was not recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-logging-enabled.html
 */
export const rdsLoggingEnabled = {
  id: 'rds-logging-enabled',
  title: "RDS DB instances export their engine's logs to CloudWatch Logs",
  resourceTypes: ['AWS::RDS::DBInstance'],
  reads: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    additionalLogs: {
      type: 'string',
      default: '',
      description: 'More log types per engine, e.g. "oracle: general, slowquery ; aurora: alert, slowquery".',
    },
  },
  rationale:
    'Database audit and error logs are the record of who touched the data and when things went wrong.',
  remediationAdvice:
    'Export the missing logs: `aws rds modify-db-instance --db-instance-identifier <id> --cloudwatch-logs-export-configuration \'{"EnableLogTypes":["audit","error","general","slowquery"]}\'` (Aurora: `modify-db-cluster`; MySQL audit needs the MARIADB_AUDIT_PLUGIN option).',
  evaluate(item, { parameters, inventory }) {
    const name = dbInstanceName(item);
    const configuration = item.configuration ?? {};
    const additional = parseAdditionalLogs(parameters.additionalLogs);
    const status = configuration.dBInstanceStatus;
    if (status !== undefined && !EVALUATED_STATES.has(status)) {
      return notApplicable(`DB instance ${name} is ${status}; only running instances are evaluated.`);
    }
    if (configuration.engine === undefined) {
      return notApplicable(`DB instance ${name} engine was not recorded; its required logs are unknown.`);
    }
    const engine = configuration.engine.toLowerCase();
    const exported = new Set(
      (configuration.enabledCloudwatchLogsExports ?? []).map((log) => log.toLowerCase()),
    );
    const clusterId = clusterIdentifierOf(configuration);
    let clusterMissing = false;
    if (clusterId !== undefined) {
      const cluster = findDbCluster(inventory, clusterId, item.region);
      clusterMissing = cluster === undefined;
      for (const log of cluster?.configuration?.enabledCloudwatchLogsExports ?? [])
        exported.add(log.toLowerCase());
    }
    const extra = [...additional].flatMap(([key, logs]) => (keyCovers(key, engine) ? logs : []));
    const documented = requiredLogsOf(engine);
    if (documented === undefined && extra.length === 0) {
      return exported.size > 0
        ? compliant(
            `DB instance ${name} (${engine}) exports ${[...exported].join(', ')}; AWS lists no required logs for it.`,
          )
        : clusterMissing
          ? notApplicable(
              `DB instance ${name} (${engine}) exports no logs itself, and its DB cluster ${clusterId} was not collected.`,
            )
          : nonCompliant(`DB instance ${name} (${engine}) exports no logs to CloudWatch Logs.`);
    }
    const required = [...new Set([...(documented ?? []), ...extra])];
    const missing = required.filter((log) => !exported.has(log));
    if (missing.length > 0 && clusterMissing) {
      return notApplicable(
        `DB instance ${name} (${engine}) does not export ${missing.join(', ')} itself, and its DB cluster ${clusterId} was not collected.`,
      );
    }
    if (missing.length > 0) {
      return nonCompliant(
        `DB instance ${name} (${engine}) does not export log types: ${missing.join(', ')}.`,
      );
    }
    return compliant(
      `DB instance ${name} (${engine}) exports all required log types: ${required.join(', ')}.`,
    );
  },
} as const satisfies Rule<{ additionalLogs: string }, DbInstanceConfiguration>;
