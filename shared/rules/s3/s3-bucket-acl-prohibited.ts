import {
  bucketAclGrantsToOthers,
  bucketArn,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * S3 buckets grant no permissions through their ACL: `AccessControlList.grantList` holds no grant but the
 * owner's own (the one grant a bucket with ACLs disabled keeps). A grant to another account, to a group
 * (AllUsers, AuthenticatedUsers, LogDelivery) or to an e-mail address is NON_COMPLIANT. An item that does
 * not record the ACL, which Config always records, is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-acl-prohibited.html
 */
export const s3BucketAclProhibited = {
  id: 's3-bucket-acl-prohibited',
  title: 'S3 buckets grant no access through ACLs',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'ACL grants sit outside bucket and IAM policies, so access given through them is easy to miss in a review; bucket policies are the one place access should be granted.',
  remediationAdvice:
    'Move the access the ACL grants into the bucket policy, then disable ACLs: `aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls "Rules=[{ObjectOwnership=BucketOwnerEnforced}]"`.',
  evaluate(item) {
    const arn = bucketArn(item);
    const grants = bucketAclGrantsToOthers(item);
    if (grants === undefined) return notApplicable(`The ACL of bucket ${arn} was not recorded.`);
    if (grants.length === 0) return compliant(`The ACL of bucket ${arn} grants access to its owner only.`);
    const described = grants.map((grant) => `${grant.permission} to ${grant.grantee}`);
    return nonCompliant(`The ACL of bucket ${arn} grants ${described.join(', ')}.`);
  },
} as const satisfies Rule<Record<string, never>, S3BucketConfiguration>;
