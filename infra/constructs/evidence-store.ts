import { Aws, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { InfraConfigError } from '../errors';
import { EvidenceProtection } from '../evidence-protection';
import { transparentToLogicalIds } from './logical-ids';

/** Default days each finding stays locked (COMPLIANCE mode): a 12-month audit window plus a margin. */
export const DEFAULT_EVIDENCE_RETENTION_DAYS = 400;

/** Properties of {@link EvidenceStore}. */
export interface EvidenceStoreProps {
  /** Days each finding stays locked in COMPLIANCE mode: 1 to 36500, or a Number parameter token. */
  readonly retentionDays: number;
  /**
   * Enable Object Lock (without default retention) on the access-log bucket.
   * @default true
   */
  readonly accessLogBucketObjectLock?: boolean;
}

/** Properties of {@link EvidenceStore.protect}. */
export interface EvidenceStoreProtectionProps {
  /** Key prefixes (each ending with `/`) under which evidence is written once. */
  readonly evidencePrefixes: readonly string[];
  /** The roles that put evidence with Object Lock headers. */
  readonly writerRoleArns: readonly string[];
  /** The break-glass role ARN (or a parameter token; empty or absent: created). */
  readonly breakGlassRoleArn: string | undefined;
}

/**
 * Everything Vigil keeps: the customer managed key, the evidence bucket (Object Lock COMPLIANCE) with its
 * access-log bucket, the state table and the digest signing key, all retained when the stack is deleted.
 * Transparent to logical ids, so these stateful resources keep the ids they had before the store existed.
 */
export class EvidenceStore extends Construct {
  /** Customer managed key (rotated yearly) encrypting evidence, state, alerts, queues and logs. */
  readonly key: kms.Key;
  /** Where the evidence bucket's server access logs go. */
  readonly accessLogBucket: s3.Bucket;
  /** Findings and rejected inputs, locked in COMPLIANCE mode. */
  readonly evidenceBucket: s3.Bucket;
  /** Compliance state per resource × rule, sweeps and digest chain heads. */
  readonly stateTable: dynamodb.Table;
  /** Asymmetric RSA_2048 SIGN_VERIFY key that signs the hourly evidence digests (never leaves KMS). */
  readonly digestSigningKey: kms.Key;

  constructor(scope: Construct, id: string, props: EvidenceStoreProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    const retentionDays = props.retentionDays;
    if (
      !Token.isUnresolved(retentionDays) &&
      (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 36_500)
    ) {
      throw new InfraConfigError(
        `evidenceRetentionDays must be a whole number of days from 1 to 36500, got ${retentionDays}`,
        { context: { path: scope.node.path } },
      );
    }

    this.key = new kms.Key(this, 'Key', {
      description: 'Vigil: evidence, compliance state, alerts, queues and logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.allowServiceKeyUse();

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      // S3 delivers server access logs only to buckets with SSE-S3 default encryption.
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      objectLockEnabled: props.accessLogBucketObjectLock ?? true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log destination; logging it to itself would loop and logging it elsewhere ' +
        'only moves the problem. CloudTrail data events can cover reads of it.',
    });

    this.evidenceBucket = new s3.Bucket(this, 'Evidence', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
        // A parameter token is put in below: ObjectLockRetention needs a number to validate.
        Duration.days(Token.isUnresolved(retentionDays) ? DEFAULT_EVIDENCE_RETENTION_DAYS : retentionDays),
      ),
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (Token.isUnresolved(retentionDays)) {
      const cfnBucket = this.evidenceBucket.node.defaultChild;
      if (cfnBucket instanceof s3.CfnBucket) {
        cfnBucket.addPropertyOverride('ObjectLockConfiguration.Rule.DefaultRetention.Days', retentionDays);
      }
    }

    this.stateTable = new dynamodb.Table(this, 'State', {
      partitionKey: { name: STATE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: STATE_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      // Remediation rate-limit counters expire; compliance state rows and digest chain heads carry no expiresAt.
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.digestSigningKey = new kms.Key(this, 'DigestSigningKey', {
      description: 'Vigil: signs the hourly evidence digests (RSASSA-PSS SHA-256)',
      keySpec: kms.KeySpec.RSA_2048,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Old digests must stay verifiable for as long as their evidence is kept.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Adds the denies that keep evidence and both keys out of reach, excepting the break-glass role (created
   * here when none is given). Call it once every evidence writer exists, and before anything else adds to
   * the key policy: a deployed key policy that changes (even in statement order) needs the break-glass role.
   */
  protect(props: EvidenceStoreProtectionProps): EvidenceProtection {
    return new EvidenceProtection(this, 'Protection', {
      evidenceBucket: this.evidenceBucket,
      evidencePrefixes: props.evidencePrefixes,
      writerRoleArns: props.writerRoleArns,
      keys: [this.key, this.digestSigningKey],
      breakGlassRoleArn: props.breakGlassRoleArn,
    });
  }

  /**
   * Explicitly denies the role every bucket-configuration write on Vigil's own buckets, so no remediation
   * can loosen the evidence bucket's policy, encryption or versioning.
   */
  denyBucketChanges(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DenyVigilBucketChanges',
        effect: iam.Effect.DENY,
        actions: [
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketPublicAccessBlock',
          's3:PutEncryptionConfiguration',
          's3:PutBucketVersioning',
        ],
        resources: [this.evidenceBucket.bucketArn, this.accessLogBucket.bucketArn],
      }),
    );
  }

  /** Lets CloudWatch Logs encrypt the log groups and CloudWatch alarms publish to the encrypted topic. */
  private allowServiceKeyUse(): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
  }
}
