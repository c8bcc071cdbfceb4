import { readTrail, TRAIL_RESOURCE_TYPE, type TrailConfiguration } from '#shared/resources/cloudtrail';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Trails write signed digest files so tampering with delivered log files can be detected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-log-file-validation-enabled.html
 */
export const cloudTrailLogFileValidationEnabled = {
  id: 'cloud-trail-log-file-validation-enabled',
  title: 'CloudTrail trails validate the integrity of their log files',
  resourceTypes: [TRAIL_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Audit evidence is only trustworthy if modification or deletion of log files can be proven absent.',
  remediationAdvice:
    'Turn on log file validation: `aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.',
  evaluate(item) {
    const trail = readTrail(item);
    // DescribeTrails and Config always give logFileValidationEnabled: without it, it was not collected.
    if (trail.logFileValidation === undefined) {
      return notApplicable(`Log file validation of trail ${trail.name} was not recorded.`);
    }
    return trail.logFileValidation
      ? compliant(`Trail ${trail.name} writes digest files for log file validation.`)
      : nonCompliant(`Trail ${trail.name} has log file validation turned off.`);
  },
} as const satisfies Rule<Record<string, never>, TrailConfiguration>;
