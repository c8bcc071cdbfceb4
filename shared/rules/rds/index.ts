import type { Rule } from '#shared/rules/rule';
import { dbInstanceBackupEnabled } from './db-instance-backup-enabled';
import { rdsInstanceDeletionProtectionEnabled } from './rds-instance-deletion-protection-enabled';
import { rdsInstancePublicAccessCheck } from './rds-instance-public-access-check';
import { rdsLoggingEnabled } from './rds-logging-enabled';
import { rdsMultiAzSupport } from './rds-multi-az-support';
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
];
