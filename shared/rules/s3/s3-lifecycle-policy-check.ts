import {
  type BucketLifecycleRule,
  bucketArn,
  bucketLifecycleRules,
  bucketName,
  recordsSupplementary,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = {
  targetTransitionDays: number;
  targetExpirationDays: number;
  targetTransitionStorageClass: string;
  targetPrefix: string;
  bucketNames: readonly string[];
};

/** What a rule must match, in words, for the annotation: `expiring after 395 days, transitioning …`. */
function wanted(parameters: Parameters): string {
  const parts: string[] = [];
  if (parameters.targetPrefix !== '') parts.push(`for prefix ${parameters.targetPrefix}`);
  if (parameters.targetExpirationDays > 0)
    parts.push(`expiring after ${parameters.targetExpirationDays} days`);
  if (parameters.targetTransitionDays > 0 || parameters.targetTransitionStorageClass !== '') {
    const days = parameters.targetTransitionDays > 0 ? ` after ${parameters.targetTransitionDays} days` : '';
    const to = parameters.targetTransitionStorageClass || 'another storage class';
    parts.push(`transitioning to ${to}${days}`);
  }
  return parts.join(', ');
}

/** Whether an enabled lifecycle rule matches every parameter that is set. */
function matches(rule: BucketLifecycleRule, parameters: Parameters): boolean {
  if (rule.status?.toLowerCase() !== 'enabled') return false;
  if (parameters.targetPrefix !== '' && rule.prefix !== parameters.targetPrefix) return false;
  if (parameters.targetExpirationDays > 0 && rule.expirationInDays !== parameters.targetExpirationDays) {
    return false;
  }
  if (parameters.targetTransitionDays <= 0 && parameters.targetTransitionStorageClass === '') return true;
  // Days and storage class, when both set, must be one transition's.
  return rule.transitions.some(
    (transition) =>
      (parameters.targetTransitionDays <= 0 || transition.days === parameters.targetTransitionDays) &&
      (parameters.targetTransitionStorageClass === '' ||
        transition.storageClass === parameters.targetTransitionStorageClass),
  );
}

/**
 * S3 buckets have an enabled lifecycle rule (`BucketLifecycleConfiguration.rules[].status` Enabled) and,
 * when parameters are set, one enabled rule matching all of them: `targetPrefix` (the rule's prefix filter),
 * `targetExpirationDays` (`expirationInDays`), `targetTransitionDays` and `targetTransitionStorageClass`
 * (one of its `transitions`). With `bucketNames`, buckets outside the list are NOT_APPLICABLE. Config
 * leaves the lifecycle key out for a bucket without one, so its absence is no lifecycle; an item that does
 * not record versioning either (always recorded) was not collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-lifecycle-policy-check.html
 */
export const s3LifecyclePolicyCheck = {
  id: 's3-lifecycle-policy-check',
  title: 'S3 buckets have an active lifecycle rule',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    targetTransitionDays: {
      type: 'number',
      default: 0,
      description: 'Days after creation when a rule must transition objects; 0 for any.',
    },
    targetExpirationDays: {
      type: 'number',
      default: 0,
      description: 'Days after creation when a rule must expire objects; 0 for any.',
    },
    targetTransitionStorageClass: {
      type: 'string',
      default: '',
      description: 'Storage class a rule must transition objects to (e.g. STANDARD_IA); empty for any.',
    },
    targetPrefix: {
      type: 'string',
      default: '',
      description: 'Object key prefix a rule must be limited to; empty for any.',
    },
    bucketNames: {
      type: 'string-list',
      default: [],
      description: 'Buckets to check, comma-separated; empty checks every bucket.',
    },
  },
  rationale:
    'Lifecycle rules enforce retention: data kept past its purpose is a liability, and data deleted early breaks retention duties.',
  remediationAdvice:
    'Add a lifecycle rule: `aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration file://lifecycle.json` with the transition and expiration your retention policy sets.',
  evaluate(item, { parameters }) {
    const arn = bucketArn(item);
    if (parameters.bucketNames.length > 0 && !parameters.bucketNames.includes(bucketName(item))) {
      return notApplicable(`Bucket ${arn} is not one of bucketNames.`);
    }
    if (!recordsSupplementary(item, 'BucketVersioningConfiguration')) {
      return notApplicable(`The sub-resource configuration of bucket ${arn} was not recorded.`);
    }
    const rules = bucketLifecycleRules(item);
    const enabled = rules.filter((rule) => rule.status?.toLowerCase() === 'enabled');
    if (enabled.length === 0) {
      return nonCompliant(
        rules.length === 0
          ? `Bucket ${arn} has no lifecycle rule.`
          : `Bucket ${arn} has no enabled lifecycle rule (${rules.length} disabled).`,
      );
    }
    const condition = wanted(parameters);
    const match = enabled.find((rule) => matches(rule, parameters));
    if (match === undefined) {
      return nonCompliant(`None of the enabled lifecycle rules of bucket ${arn} is ${condition}.`);
    }
    const name = match.id ?? 'an unnamed rule';
    return compliant(
      condition === ''
        ? `Bucket ${arn} has enabled lifecycle rule ${name}.`
        : `Lifecycle rule ${name} of bucket ${arn} is ${condition}.`,
    );
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
