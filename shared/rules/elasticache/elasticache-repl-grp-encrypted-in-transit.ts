import {
  ELASTICACHE_REPLICATION_GROUP_TYPE,
  elastiCacheField,
  type ReplicationGroupConfiguration,
  replicationGroupName,
} from '#shared/resources/elasticache';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * ElastiCache replication groups encrypt traffic in transit (`transitEncryptionEnabled` true). A group in
 * `preferred` transit encryption mode still accepts plaintext clients during a migration to TLS; the managed
 * rule judges only the flag, and so does Vigil, naming the mode in the annotation. A group whose flag was not
 * recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-in-transit.html
 */
export const elasticacheReplGrpEncryptedInTransit = {
  id: 'elasticache-repl-grp-encrypted-in-transit',
  title: 'ElastiCache replication groups encrypt traffic in transit',
  resourceTypes: [ELASTICACHE_REPLICATION_GROUP_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'Without TLS, cached data, AUTH tokens and commands cross the network in plaintext between clients and nodes and between the nodes themselves.',
  remediationAdvice:
    'On Redis OSS 7 or later, migrate in place: `aws elasticache modify-replication-group --replication-group-id <id> --transit-encryption-enabled --transit-encryption-mode preferred --apply-immediately`, move clients to TLS, then set `--transit-encryption-mode required`; older engines need a new group.',
  evaluate(item) {
    const name = replicationGroupName(item);
    const enabled = elastiCacheField(item.configuration, 'transitEncryptionEnabled');
    if (typeof enabled !== 'boolean')
      return notApplicable(`Replication group ${name} transitEncryptionEnabled was not recorded.`);
    if (!enabled) return nonCompliant(`Replication group ${name} does not encrypt traffic in transit.`);
    const mode = elastiCacheField(item.configuration, 'transitEncryptionMode');
    return compliant(
      `Replication group ${name} encrypts traffic in transit${typeof mode === 'string' && mode !== '' ? ` (mode ${mode})` : ''}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, ReplicationGroupConfiguration>;
