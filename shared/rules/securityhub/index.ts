import type { Rule } from '#shared/rules/rule';
import { securityhubEnabled } from './securityhub-enabled';

/** securityhub rules. */
export const securityhubRules: readonly Rule[] = [securityhubEnabled];
