import type { Rule } from '#shared/rules/rule';
import { restrictedSsh } from './restricted-ssh';
import { vpcFlowLogsEnabled } from './vpc-flow-logs-enabled';

/** vpc rules. */
export const vpcRules: readonly Rule[] = [restrictedSsh, vpcFlowLogsEnabled];
