import type { Rule } from '#shared/rules/rule';
import { guarddutyEnabledCentralized } from './guardduty-enabled-centralized';

/** guardduty rules. */
export const guarddutyRules: readonly Rule[] = [guarddutyEnabledCentralized];
