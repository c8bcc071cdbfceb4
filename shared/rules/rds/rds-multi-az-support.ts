import { clusterIdentifierOf, type DbInstanceConfiguration, dbInstanceName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Engines the managed rule does not evaluate: their availability is a property of the cluster. */
const CLUSTER_ENGINE_PREFIXES = ['aurora', 'docdb', 'neptune'] as const;

/**
 * RDS DB instances run as Multi-AZ deployments.
 * As the managed rule: Aurora, DocumentDB and Neptune instances are NOT_APPLICABLE. Vigil also treats
 * every other member of a DB cluster (Multi-AZ DB clusters) as NOT_APPLICABLE, because AZ redundancy is
 * the cluster's and is judged there. Read replicas are evaluated like any instance (the managed rule
 * documents no exemption for them). An item without `multiAZ`, which DescribeDBInstances and Config always
 * give, was not collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-multi-az-support.html
 */
export const rdsMultiAzSupport = {
  id: 'rds-multi-az-support',
  title: 'RDS DB instances run as Multi-AZ deployments',
  resourceTypes: ['AWS::RDS::DBInstance'],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page says the rule "does not evaluate Amazon Aurora DB, Amazon DocumentDB, and Amazon Neptune DB instances" and names no other exemption; Vigil also reports every other member of a DB cluster (the instances of a Multi-AZ DB cluster) NOT_APPLICABLE, because their availability is the cluster\'s and is judged there.',
  parameters: {},
  rationale:
    'A single-AZ database is down for as long as its Availability Zone is, breaking availability commitments.',
  remediationAdvice:
    'Convert the instance to Multi-AZ in a maintenance window: `aws rds modify-db-instance --db-instance-identifier <id> --multi-az --apply-immediately` (or set MultiAZ: true in IaC).',
  evaluate(item) {
    const configuration = item.configuration ?? {};
    const name = dbInstanceName(item);
    const engine = configuration.engine?.toLowerCase() ?? '';
    if (CLUSTER_ENGINE_PREFIXES.some((prefix) => engine.startsWith(prefix))) {
      return notApplicable(`DB instance ${name} runs ${engine}; availability is set on its cluster.`);
    }
    const cluster = clusterIdentifierOf(configuration);
    if (cluster !== undefined) {
      return notApplicable(
        `DB instance ${name} is a member of DB cluster ${cluster}; Multi-AZ is judged on the cluster.`,
      );
    }
    if (configuration.multiAZ === true) return compliant(`DB instance ${name} is a Multi-AZ deployment.`);
    if (configuration.multiAZ === undefined) {
      return notApplicable(`DB instance ${name} multiAZ was not recorded; Multi-AZ cannot be judged.`);
    }
    return nonCompliant(
      `DB instance ${name} (${engine || 'unknown engine'}) runs in a single Availability Zone.`,
    );
  },
} as const satisfies Rule<Record<string, never>, DbInstanceConfiguration>;
