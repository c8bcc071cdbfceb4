import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** One call of a burst: the CloudTrail event name it would log, and the call itself (made on moto). */
export type BurstCall = readonly [eventName: string, call: () => Promise<unknown>];

/** A bucket policy that denies plain-HTTP requests (what a hardened bucket carries). */
export function tlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyPlainHttp',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/**
 * The six calls Terraform makes for one bucket, in order: create it, then versioning, default encryption,
 * Block Public Access, `policy` (default {@link tlsOnlyPolicy}) and tags.
 */
export function terraformBucketCalls(
  s3: S3Client,
  bucket: string,
  policy = tlsOnlyPolicy(bucket),
): BurstCall[] {
  return [
    ['CreateBucket', () => s3.send(new CreateBucketCommand({ Bucket: bucket }))],
    [
      'PutBucketVersioning',
      () =>
        s3.send(
          new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
        ),
    ],
    [
      'PutBucketEncryption',
      () =>
        s3.send(
          new PutBucketEncryptionCommand({
            Bucket: bucket,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
            },
          }),
        ),
    ],
    [
      'PutBucketPublicAccessBlock',
      () =>
        s3.send(
          new PutPublicAccessBlockCommand({
            Bucket: bucket,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          }),
        ),
    ],
    ['PutBucketPolicy', () => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }))],
    [
      'PutBucketTagging',
      () =>
        s3.send(
          new PutBucketTaggingCommand({
            Bucket: bucket,
            Tagging: { TagSet: [{ Key: 'managed-by', Value: 'terraform' }] },
          }),
        ),
    ],
  ];
}
