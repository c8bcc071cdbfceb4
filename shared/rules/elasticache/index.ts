import type { Rule } from '#shared/rules/rule';
import { elasticacheAutoMinorVersionUpgradeCheck } from './elasticache-auto-minor-version-upgrade-check';
import { elasticacheRedisClusterAutomaticBackupCheck } from './elasticache-redis-cluster-automatic-backup-check';
import { elasticacheReplGrpAutoFailoverEnabled } from './elasticache-repl-grp-auto-failover-enabled';
import { elasticacheReplGrpEncryptedAtRest } from './elasticache-repl-grp-encrypted-at-rest';
import { elasticacheReplGrpEncryptedInTransit } from './elasticache-repl-grp-encrypted-in-transit';
import { elasticacheReplGrpRedisAuthEnabled } from './elasticache-repl-grp-redis-auth-enabled';

/** ElastiCache rules. */
export const elasticacheRules: readonly Rule[] = [
  elasticacheReplGrpEncryptedAtRest,
  elasticacheReplGrpEncryptedInTransit,
  elasticacheReplGrpAutoFailoverEnabled,
  elasticacheRedisClusterAutomaticBackupCheck,
  elasticacheAutoMinorVersionUpgradeCheck,
  elasticacheReplGrpRedisAuthEnabled,
];
