import {
  bucketArn,
  bucketNameKey,
  bucketReplicationRules,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { ReplicationType: string };

const REPLICATION_TYPES = ['CROSS-REGION', 'SAME-REGION'] as const;

function bucketNameOfArn(arn: string): string {
  return arn.startsWith('arn:') ? (arn.split(':').pop() ?? arn) : arn;
}

/** The `ReplicationType` asked for, or undefined when none (or one the rule does not know) is. */
function replicationTypeOf(parameters: Parameters): (typeof REPLICATION_TYPES)[number] | undefined {
  const wanted = parameters.ReplicationType.trim().toUpperCase();
  return REPLICATION_TYPES.find((type) => type === wanted);
}

/**
 * S3 buckets replicate their objects: the bucket has at least one replication rule and every
 * replication rule is `Enabled` (a disabled rule is NON_COMPLIANT, as the managed rule documents).
 * With `ReplicationType`, every enabled rule must replicate to a bucket in another region
 * (`CROSS-REGION`) or the same region (`SAME-REGION`); the destination's region is looked up in the
 * account's recorded buckets (only the destinations are read, see `readsOf`). A destination Vigil has not
 * recorded (another account, an unrecorded region) leaves its region unknown: the bucket is NOT_APPLICABLE
 * with that reason unless another rule already fails it, never NON_COMPLIANT from data not collected. No
 * replication configuration fails: Config records `BucketReplicationConfiguration` only for a bucket that
 * has one.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-replication-enabled.html
 */
export const s3BucketReplicationEnabled = {
  id: 's3-bucket-replication-enabled',
  title: 'S3 buckets replicate their objects with enabled replication rules',
  resourceTypes: [S3_BUCKET_TYPE],
  reads: [S3_BUCKET_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    ReplicationType: {
      type: 'string',
      default: '',
      description: "Optional: 'CROSS-REGION' or 'SAME-REGION' to require that kind of replication only.",
    },
  },
  rationale: 'A replica in another bucket keeps data available when a bucket, region or key is lost.',
  remediationAdvice:
    'Enable versioning on source and destination, then add an enabled replication rule ' +
    '(`aws s3api put-bucket-replication`, or Management > Replication rules in the S3 console).',
  // Only the destinations' regions matter, and only with ReplicationType: not every bucket of the account.
  readsOf(item, parameters) {
    if (replicationTypeOf(parameters) === undefined) return [];
    return bucketReplicationRules(item).flatMap((rule) =>
      rule.destinationBucketArn === undefined
        ? []
        : [{ resourceType: S3_BUCKET_TYPE, resourceId: bucketNameOfArn(rule.destinationBucketArn) }],
    );
  },
  evaluate(item, { parameters, inventory }) {
    const arn = bucketArn(item);
    // Config leaves BucketReplicationConfiguration out when the bucket has none: failing that is right.
    const rules = bucketReplicationRules(item);
    if (rules.length === 0) return nonCompliant(`Bucket ${arn} has no replication rule.`);
    const disabled = rules.filter((rule) => rule.status?.toLowerCase() !== 'enabled');
    if (disabled.length > 0) {
      const names = disabled.map((rule) => `"${rule.id ?? '(unnamed)'}" (${rule.status ?? 'no status'})`);
      return nonCompliant(`Bucket ${arn} has replication rules that are not enabled: ${names.join(', ')}.`);
    }
    const wanted = parameters.ReplicationType.trim().toUpperCase();
    if (wanted === '') return compliant(`Bucket ${arn} has ${rules.length} enabled replication rule(s).`);
    if (!REPLICATION_TYPES.some((type) => type === wanted)) {
      return nonCompliant(
        `ReplicationType "${parameters.ReplicationType}" is not CROSS-REGION or SAME-REGION.`,
      );
    }
    const unknown: string[] = [];
    for (const rule of rules) {
      const destination = rule.destinationBucketArn;
      if (destination === undefined)
        return nonCompliant(`Replication rule "${rule.id}" of ${arn} has no destination.`);
      const name = bucketNameOfArn(destination);
      const target = inventory.itemsWithKey(S3_BUCKET_TYPE, bucketNameKey, name)[0];
      if (target === undefined) {
        unknown.push(destination);
        continue;
      }
      const sameRegion = target.region === item.region;
      if (sameRegion !== (wanted === 'SAME-REGION')) {
        return nonCompliant(
          `Replication rule "${rule.id}" of ${arn} copies to ${destination} in ${target.region}, ` +
            `which is not ${wanted} replication from ${item.region}.`,
        );
      }
    }
    if (unknown.length > 0) {
      return notApplicable(
        `Cannot confirm ${wanted} replication of ${arn}: destination ${unknown.join(', ')} is not a recorded bucket of this account, so its region was not collected.`,
      );
    }
    return compliant(`Bucket ${arn} has ${rules.length} enabled ${wanted} replication rule(s).`);
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
