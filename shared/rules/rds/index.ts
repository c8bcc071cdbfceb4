import type { Rule } from '#shared/rules/rule';
import { rdsInstancePublicAccessCheck } from './rds-instance-public-access-check';
import { rdsMultiAzSupport } from './rds-multi-az-support';

/** RDS rules. */
export const rdsRules: readonly Rule[] = [rdsInstancePublicAccessCheck, rdsMultiAzSupport];
