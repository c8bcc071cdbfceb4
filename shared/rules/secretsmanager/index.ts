import type { Rule } from '#shared/rules/rule';
import { secretsmanagerRotationEnabledCheck } from './secretsmanager-rotation-enabled-check';

/** Secrets Manager rules. */
export const secretsmanagerRules: readonly Rule[] = [secretsmanagerRotationEnabledCheck];
