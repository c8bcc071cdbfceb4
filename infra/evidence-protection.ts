import { CfnCondition, Fn, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { InfraConfigError } from './errors';

/** `aws:PrincipalArn` always starts with `arn:`, so this value excepts nobody from a deny statement. */
const NOBODY = 'no-break-glass-role';

const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Properties of {@link EvidenceProtection}. */
export interface EvidenceProtectionProps {
  /** The bucket whose policy gets the deny statements. */
  readonly evidenceBucket: s3.Bucket;
  /** Key prefixes (each ending with `/`) under which evidence is written once. */
  readonly evidencePrefixes: readonly string[];
  /** The roles that put evidence with Object Lock headers (such a put is also authorized as `s3:PutObjectRetention`). */
  readonly writerRoleArns: readonly string[];
  /**
   * The one IAM role excepted from the deletion, lock-configuration and retention denies (a parameter token
   * is allowed). An empty string means none.
   * @default - none
   */
  readonly breakGlassRoleArn?: string;
}

/**
 * The evidence bucket's deny statements: evidence deletion, lock reconfiguration and retention changes to
 * everyone but the break-glass role (Vigil's writers may also set retention, which a put with Object Lock
 * headers needs), and every put under the evidence prefixes without `If-None-Match`, to everyone.
 */
export class EvidenceProtection extends Construct {
  constructor(scope: Construct, id: string, props: EvidenceProtectionProps) {
    super(scope, id);
    const breakGlass = this.breakGlassPrincipal(props.breakGlassRoleArn);
    const bucket = props.evidenceBucket;
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyEvidenceTampering',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject*', 's3:PutBucketObjectLockConfiguration', 's3:BypassGovernanceRetention'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
        conditions:
          breakGlass === undefined ? undefined : { StringNotEquals: { 'aws:PrincipalArn': [breakGlass] } },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyRetentionChanges',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObjectRetention'],
        resources: [bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: {
            'aws:PrincipalArn': [...props.writerRoleArns, ...(breakGlass === undefined ? [] : [breakGlass])],
          },
        },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUnconditionalEvidenceWrites',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        // s3:PutObject also authorizes CopyObject and the multipart calls: CreateMultipartUpload and UploadPart
        // cannot carry the header, and S3 documents that copies into a prefix under such a policy fail, so
        // only single conditional puts (all Vigil's writers make) get through.
        actions: ['s3:PutObject'],
        resources: props.evidencePrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
        // No break-glass exception: nobody needs to put a second version of an evidence key.
        // @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes-enforce.html
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
  }

  private breakGlassPrincipal(arn: string | undefined): string | undefined {
    if (arn === undefined || arn === '') return undefined;
    if (Token.isUnresolved(arn)) {
      const hasRole = new CfnCondition(this, 'HasBreakGlassRole', {
        expression: Fn.conditionNot(Fn.conditionEquals(arn, '')),
      });
      return Token.asString(Fn.conditionIf(hasRole.logicalId, arn, NOBODY));
    }
    if (!ROLE_ARN_PATTERN.test(arn)) {
      throw new InfraConfigError(`breakGlassRoleArn must be an IAM role ARN, got ${arn}`, {
        context: { path: this.node.path },
      });
    }
    return arn;
  }
}
