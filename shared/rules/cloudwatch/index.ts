import type { Rule } from '#shared/rules/rule';
import { cloudwatchLogGroupEncrypted } from './cloudwatch-log-group-encrypted';
import { cwLoggroupRetentionPeriodCheck } from './cw-loggroup-retention-period-check';

/** CloudWatch rules. */
export const cloudwatchRules: readonly Rule[] = [cwLoggroupRetentionPeriodCheck, cloudwatchLogGroupEncrypted];
