import type { Rule } from '#shared/rules/rule';
import { docdbClusterAuditLoggingEnabled } from './docdb-cluster-audit-logging-enabled';
import { docdbClusterBackupRetentionCheck } from './docdb-cluster-backup-retention-check';
import { docdbClusterDeletionProtectionEnabled } from './docdb-cluster-deletion-protection-enabled';
import { docdbClusterEncrypted } from './docdb-cluster-encrypted';
import { docdbClusterSnapshotPublicProhibited } from './docdb-cluster-snapshot-public-prohibited';

/** Amazon DocumentDB rules (DocumentDB clusters and cluster snapshots are recorded as RDS types with engine `docdb`). */
export const docdbRules: readonly Rule[] = [
  docdbClusterEncrypted,
  docdbClusterBackupRetentionCheck,
  docdbClusterDeletionProtectionEnabled,
  docdbClusterAuditLoggingEnabled,
  docdbClusterSnapshotPublicProhibited,
];
