import { cwLoggroupRetentionPeriodCheck } from './cw-loggroup-retention-period-check';

/** CloudWatch rules. */
export const cloudwatchRules = [cwLoggroupRetentionPeriodCheck] as const;
