import type { Rule } from '#shared/rules/rule';
import { secretsmanagerRotationEnabledCheck } from './secretsmanager-rotation-enabled-check';
import { secretsmanagerScheduledRotationSuccessCheck } from './secretsmanager-scheduled-rotation-success-check';
import { secretsmanagerSecretPeriodicRotation } from './secretsmanager-secret-periodic-rotation';
import { secretsmanagerSecretUnused } from './secretsmanager-secret-unused';
import { secretsmanagerUsingCmk } from './secretsmanager-using-cmk';

/** Secrets Manager rules. */
export const secretsmanagerRules: readonly Rule[] = [
  secretsmanagerRotationEnabledCheck,
  secretsmanagerScheduledRotationSuccessCheck,
  secretsmanagerSecretPeriodicRotation,
  secretsmanagerSecretUnused,
  secretsmanagerUsingCmk,
];
