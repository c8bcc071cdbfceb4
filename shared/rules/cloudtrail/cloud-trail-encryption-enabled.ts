import { readTrail, TRAIL_RESOURCE_TYPE, type TrailConfiguration } from '#shared/resources/cloudtrail';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * Trails encrypt their log files with a KMS key (SSE-KMS); the managed rule only checks that `kmsKeyId` is set.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-encryption-enabled.html
 */
export const cloudTrailEncryptionEnabled = {
  id: 'cloud-trail-encryption-enabled',
  title: 'CloudTrail trails encrypt log files with a KMS key',
  resourceTypes: [TRAIL_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Audit logs reveal account structure and activity; a KMS key adds access control and an audit trail of its own to reading them.',
  remediationAdvice:
    'Encrypt the trail with a KMS key whose policy lets CloudTrail use it: `aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn>`.',
  evaluate(item) {
    const trail = readTrail(item);
    // DescribeTrails leaves KmsKeyId out (Config writes null) for a trail without one: failing is right.
    return trail.kmsKeyId
      ? compliant(`Trail ${trail.name} encrypts log files with KMS key ${trail.kmsKeyId}.`)
      : nonCompliant(`Trail ${trail.name} has no KMS key; log files get only S3-managed encryption.`);
  },
} as const satisfies Rule<Record<string, never>, TrailConfiguration>;
