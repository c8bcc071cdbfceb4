/**
 * Whether an S3 bucket lets the public read or write, the question behind
 * `s3-bucket-public-read-prohibited` and `s3-bucket-public-write-prohibited`.
 *
 * Two paths can make a bucket public, and Block Public Access can neutralise each:
 * - the bucket policy, through a public `Allow` (see `grantsPublicAccess` in shared/policy) that applies
 *   to a read or write action on the bucket or its objects; neutralised by `RestrictPublicBuckets`
 *   (S3 then honours such statements only for AWS service principals and the owner's account);
 * - the bucket ACL, through a grant to `AllUsers` or `AuthenticatedUsers` (any AWS account) of a read
 *   or write permission; neutralised by `IgnorePublicAcls`.
 * Either switch counts at bucket level or at account level (`AWS::S3::AccountPublicAccessBlock` in the
 * inventory): S3 applies the most restrictive combination. `BlockPublicPolicy` and `BlockPublicAcls`
 * only refuse new public policies/ACLs and do not neutralise existing ones. What could change the answer but
 * was not collected is reported apart (`uncollected`), so the rules never fail or pass a bucket on it.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups
 */
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { describeStatement, grantsPublicAccess, objectsArn } from '#shared/policy/analyzer';
import { tryParsePolicyDocument } from '#shared/policy/policy-document';
import type { Inventory } from '#shared/rules/inventory';
import {
  accountPublicAccessBlock,
  bucketArn,
  bucketPolicyText,
  bucketPublicAccessBlock,
  bucketPublicAclGrants,
  type PublicAccessBlock,
  recordsSupplementary,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE,
  type S3BucketConfiguration,
} from './s3';

/** The kind of public access asked about. */
export type PublicAccessKind = 'read' | 'write';

/** Actions (patterns) through which anyone could read a bucket's contents or listing. */
export const S3_READ_ACTIONS: readonly string[] = [
  's3:GetObject*',
  's3:ListBucket*',
  's3:ListMultipartUploadParts',
];

/** Actions (patterns) through which anyone could add, change or delete objects, or rewrite the bucket's access. */
export const S3_WRITE_ACTIONS: readonly string[] = [
  's3:PutObject*',
  's3:DeleteObject*',
  's3:RestoreObject',
  's3:AbortMultipartUpload',
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:DeleteBucketPolicy',
  's3:DeleteBucket',
];

/** ACL permissions (as Config writes them) that let the grantee read objects or the listing. */
const ACL_READ: ReadonlySet<string> = new Set(['read', 'fullcontrol', 'full_control']);
/** ACL permissions that let the grantee write objects, or grant itself write by rewriting the ACL. */
const ACL_WRITE: ReadonlySet<string> = new Set([
  'write',
  'writeacp',
  'write_acp',
  'fullcontrol',
  'full_control',
]);

/** What makes a bucket public for one kind of access, and what was neutralised. */
export interface PublicAccessAssessment {
  readonly bucketArn: string;
  /** Sentences, one per open path, empty when the bucket is not public for this kind of access. */
  readonly exposures: readonly string[];
  /** Sentences about public grants present but neutralised by Block Public Access. */
  readonly neutralised: readonly string[];
  /**
   * Inputs that were not collected and could change the answer: the bucket policy or ACL (Config always
   * records both) when Block Public Access does not make them moot, and the account-level Block Public
   * Access when the inventory could not read it (it could neutralise every exposure).
   */
  readonly uncollected: readonly string[];
  /** Whether the account-level Block Public Access is known (read, or known to be absent). */
  readonly accountBlockKnown: boolean;
}

function effectiveBlock(
  bucket: PublicAccessBlock | undefined,
  account: PublicAccessBlock | undefined,
  setting: 'restrictPublicBuckets' | 'ignorePublicAcls',
): 'bucket' | 'account' | undefined {
  if (bucket?.[setting]) return 'bucket';
  if (account?.[setting]) return 'account';
  return undefined;
}

/** Judges whether the bucket is publicly readable or writable, through its policy or its ACL. */
export function assessPublicAccess(
  item: ConfigurationItem<S3BucketConfiguration>,
  inventory: Inventory,
  kind: PublicAccessKind,
): PublicAccessAssessment {
  const arn = bucketArn(item);
  const bucketBlock = bucketPublicAccessBlock(item);
  const accountBlock = accountPublicAccessBlock(
    inventory.itemsOfType(S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE),
    item.accountId,
  );
  const exposures: string[] = [];
  const neutralised: string[] = [];
  const uncollected: string[] = [];
  const accountBlockKnown =
    accountBlock !== undefined || inventory.collects(S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE);

  const policyText = bucketPolicyText(item);
  if (
    !recordsSupplementary(item, 'BucketPolicy') &&
    effectiveBlock(bucketBlock, accountBlock, 'restrictPublicBuckets') === undefined
  ) {
    uncollected.push('the bucket policy was not recorded');
  }
  if (policyText !== undefined) {
    const restrictedBy = effectiveBlock(bucketBlock, accountBlock, 'restrictPublicBuckets');
    const parsed = tryParsePolicyDocument(policyText);
    if (!parsed.ok) {
      if (restrictedBy === undefined)
        exposures.push(`bucket policy cannot be read (${parsed.error.message})`);
    } else {
      const actions = kind === 'read' ? S3_READ_ACTIONS : S3_WRITE_ACTIONS;
      const grants = grantsPublicAccess(parsed.policy, { actions, resources: [arn, objectsArn(arn)] });
      for (const grant of grants) {
        const statement = parsed.policy.statements[grant.statement.index];
        const what = statement?.action?.join(', ') ?? `every action but ${statement?.notAction?.join(', ')}`;
        const who = grant.principal === 'not-principal' ? 'everyone (NotPrincipal)' : 'everyone';
        const sentence = `bucket policy ${describeStatement(grant.statement)} allows ${what} to ${who}`;
        if (restrictedBy === undefined) exposures.push(sentence);
        else neutralised.push(`${sentence}, neutralised by ${restrictedBy}-level RestrictPublicBuckets`);
      }
    }
  }

  const ignoredBy = effectiveBlock(bucketBlock, accountBlock, 'ignorePublicAcls');
  if (!recordsSupplementary(item, 'AccessControlList') && ignoredBy === undefined) {
    uncollected.push('the bucket ACL was not recorded');
  }
  const permissions = kind === 'read' ? ACL_READ : ACL_WRITE;
  for (const grant of bucketPublicAclGrants(item)) {
    if (!permissions.has(grant.permission.toLowerCase())) continue;
    const sentence = `bucket ACL grants ${grant.permission} to ${grant.group}`;
    if (ignoredBy === undefined) exposures.push(sentence);
    else neutralised.push(`${sentence}, neutralised by ${ignoredBy}-level IgnorePublicAcls`);
  }
  if (!accountBlockKnown && (exposures.length > 0 || uncollected.length > 0)) {
    uncollected.push('the account-level Block Public Access, which could neutralise it, was not collected');
  }
  return { bucketArn: arn, exposures, neutralised, uncollected, accountBlockKnown };
}
