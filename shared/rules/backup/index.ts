import type { Rule } from '#shared/rules/rule';
import { backupPlanMinFrequencyAndMinRetentionCheck } from './backup-plan-min-frequency-and-min-retention-check';

/** AWS Backup rules. */
export const backupRules: readonly Rule[] = [backupPlanMinFrequencyAndMinRetentionCheck];
