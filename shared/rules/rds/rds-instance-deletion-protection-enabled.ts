import {
  clusterIdentifierOf,
  DB_CLUSTER_TYPE,
  type DbInstanceConfiguration,
  dbInstanceName,
  findDbCluster,
} from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB instances have deletion protection enabled.
 * `databaseEngines` limits the rule to some engines (others are NOT_APPLICABLE). Deletion protection of
 * cluster members (Aurora, DocumentDB, Multi-AZ DB clusters) is a cluster setting; AWS's page says some of
 * them "will show as non-compliant" (or, in another revision, as not applicable); Vigil judges them by
 * their recorded `AWS::RDS::DBCluster` instead, and is NOT_APPLICABLE when that cluster was not
 * collected (never a failure from data not collected). An instance without `deletionProtection`, which
 * DescribeDBInstances and Config always give, is NOT_APPLICABLE too.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-deletion-protection-enabled.html
 */
export const rdsInstanceDeletionProtectionEnabled = {
  id: 'rds-instance-deletion-protection-enabled',
  title: 'RDS DB instances have deletion protection enabled',
  resourceTypes: ['AWS::RDS::DBInstance'],
  reads: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page warns that "Some RDS DB instances within a Cluster (Aurora/DocumentDB) will show as non-compliant" (another revision of the page: "will show as not applicable because deletion protection is set at the cluster level"); Vigil judges every member of a DB cluster by its recorded AWS::RDS::DBCluster\'s deletion protection, and is NOT_APPLICABLE when that cluster was not collected.',
  parameters: {
    databaseEngines: {
      type: 'string-list',
      default: [],
      description: 'Engines to evaluate, e.g. "mysql, postgres, mariadb"; empty evaluates every engine.',
    },
  },
  rationale:
    'Deletion protection stops a mistaken or malicious API call from destroying a production database.',
  remediationAdvice:
    'Enable it: `aws rds modify-db-instance --db-instance-identifier <id> --deletion-protection` (for cluster members: `aws rds modify-db-cluster --db-cluster-identifier <cluster> --deletion-protection`).',
  evaluate(item, { parameters, inventory }) {
    const name = dbInstanceName(item);
    const configuration = item.configuration ?? {};
    const engine = configuration.engine?.toLowerCase();
    const engines = parameters.databaseEngines.map((entry) => entry.toLowerCase());
    if (engines.length > 0 && (engine === undefined || !engines.includes(engine))) {
      return notApplicable(
        `DB instance ${name} runs ${engine ?? 'an unrecorded engine'}, not one of ${engines.join(', ')}.`,
      );
    }
    const clusterId = clusterIdentifierOf(configuration);
    if (clusterId !== undefined && configuration.deletionProtection !== true) {
      const cluster = findDbCluster(inventory, clusterId, item.region);
      if (cluster === undefined) {
        return notApplicable(
          `DB instance ${name} belongs to DB cluster ${clusterId}, which was not collected; deletion protection cannot be judged.`,
        );
      }
      return cluster.configuration?.deletionProtection === true
        ? compliant(`DB instance ${name} is protected by deletion protection on DB cluster ${clusterId}.`)
        : nonCompliant(
            `DB cluster ${clusterId} of DB instance ${name} does not have deletion protection enabled.`,
          );
    }
    if (configuration.deletionProtection === true) {
      return compliant(`DB instance ${name} has deletion protection enabled.`);
    }
    if (configuration.deletionProtection === undefined) {
      return notApplicable(`DB instance ${name} deletionProtection was not recorded.`);
    }
    return nonCompliant(`DB instance ${name} does not have deletion protection enabled.`);
  },
} as const satisfies Rule<{ databaseEngines: readonly string[] }, DbInstanceConfiguration>;
