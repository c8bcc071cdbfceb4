import {
  SECRET_RESOURCE_TYPE,
  type SecretConfiguration,
  secretDate,
  secretName,
} from '#shared/resources/secretsmanager';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Secrets Manager secrets that rotate have rotated on schedule: the rotation Secrets Manager planned
 * (`NextRotationDate`) is not in the past. Secrets that do not rotate, or are marked deleted, are
 * NOT_APPLICABLE, as on AWS's page. Config's own `RotationOccurringAsScheduled` decides when the item
 * carries it; otherwise the next rotation date Vigil's describer collected does, and without either the
 * secret is NOT_APPLICABLE (never judged from data not collected).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-scheduled-rotation-success-check.html
 */
export const secretsmanagerScheduledRotationSuccessCheck = {
  id: 'secretsmanager-scheduled-rotation-success-check',
  title: 'Secrets Manager secrets rotate successfully on schedule',
  resourceTypes: [SECRET_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'A rotation that silently fails leaves the old credential valid long after everyone believes it was replaced.',
  remediationAdvice:
    'Read the rotation function’s CloudWatch logs for the failed step, fix its permissions or network path to the database, then rotate at once: `aws secretsmanager rotate-secret --secret-id <id>`.',
  evaluate(item, { now }) {
    const secret = item.configuration ?? {};
    const name = secretName(item);
    if (secret.Deleted === true) return notApplicable(`Secret ${name} is scheduled for deletion.`);
    if (secret.RotationEnabled !== true) return notApplicable(`Secret ${name} is not configured to rotate.`);
    if (typeof secret.RotationOccurringAsScheduled === 'boolean') {
      return secret.RotationOccurringAsScheduled
        ? compliant(`Secret ${name} rotates as scheduled.`)
        : nonCompliant(`Secret ${name} missed its scheduled rotation.`);
    }
    const next = secretDate(item, 'NextRotationDate');
    if (next === undefined) return notApplicable(`The next rotation of secret ${name} was not recorded.`);
    if (next === null) {
      return notApplicable(`Secrets Manager reports no next rotation for secret ${name}.`);
    }
    if (next.getTime() < now.getTime()) {
      const last = secretDate(item, 'LastRotatedDate');
      return nonCompliant(
        `Secret ${name} was due to rotate on ${next.toISOString()} and has not` +
          (last ? ` (last rotation ${last.toISOString()}).` : ' (it never rotated).'),
      );
    }
    return compliant(`Secret ${name} is next due to rotate on ${next.toISOString()}.`);
  },
} as const satisfies Rule<Record<string, never>, SecretConfiguration>;
