import type { Rule } from '#shared/rules/rule';
import { kinesisStreamBackupRetentionCheck } from './kinesis-stream-backup-retention-check';
import { kinesisStreamEncrypted } from './kinesis-stream-encrypted';

/** Kinesis rules. */
export const kinesisRules: readonly Rule[] = [kinesisStreamEncrypted, kinesisStreamBackupRetentionCheck];
