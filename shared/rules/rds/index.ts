import type { Rule } from '#shared/rules/rule';
import { dbInstanceBackupEnabled } from './db-instance-backup-enabled';
import { rdsAutomaticMinorVersionUpgradeEnabled } from './rds-automatic-minor-version-upgrade-enabled';
import { rdsClusterAutoMinorVersionUpgradeEnable } from './rds-cluster-auto-minor-version-upgrade-enable';
import { rdsClusterDefaultAdminCheck } from './rds-cluster-default-admin-check';
import { rdsClusterDeletionProtectionEnabled } from './rds-cluster-deletion-protection-enabled';
import { rdsClusterEncryptedAtRest } from './rds-cluster-encrypted-at-rest';
import { rdsClusterIamAuthenticationEnabled } from './rds-cluster-iam-authentication-enabled';
import { rdsClusterMultiAzEnabled } from './rds-cluster-multi-az-enabled';
import { rdsEnhancedMonitoringEnabled } from './rds-enhanced-monitoring-enabled';
import { rdsInstanceDefaultAdminCheck } from './rds-instance-default-admin-check';
import { rdsInstanceDeletionProtectionEnabled } from './rds-instance-deletion-protection-enabled';
import { rdsInstanceIamAuthenticationEnabled } from './rds-instance-iam-authentication-enabled';
import { rdsInstancePublicAccessCheck } from './rds-instance-public-access-check';
import { rdsLoggingEnabled } from './rds-logging-enabled';
import { rdsMultiAzSupport } from './rds-multi-az-support';
import { rdsSnapshotEncrypted } from './rds-snapshot-encrypted';
import { rdsSnapshotsPublicProhibited } from './rds-snapshots-public-prohibited';
import { rdsStorageEncrypted } from './rds-storage-encrypted';

/** RDS rules. */
export const rdsRules: readonly Rule[] = [
  rdsInstancePublicAccessCheck,
  rdsMultiAzSupport,
  rdsStorageEncrypted,
  dbInstanceBackupEnabled,
  rdsInstanceDeletionProtectionEnabled,
  rdsSnapshotsPublicProhibited,
  rdsLoggingEnabled,
  rdsAutomaticMinorVersionUpgradeEnabled,
  rdsInstanceIamAuthenticationEnabled,
  rdsEnhancedMonitoringEnabled,
  rdsClusterDeletionProtectionEnabled,
  rdsClusterIamAuthenticationEnabled,
  rdsClusterMultiAzEnabled,
  rdsClusterEncryptedAtRest,
  rdsClusterAutoMinorVersionUpgradeEnable,
  rdsClusterDefaultAdminCheck,
  rdsInstanceDefaultAdminCheck,
  rdsSnapshotEncrypted,
];
