import { S3_BUCKET_TYPE } from '#shared/resources/s3';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** S3 buckets: every bucket sub-resource Config records as supplementary configuration. */
export const S3_BUCKET: DescribableType = {
  resourceType: S3_BUCKET_TYPE,
  services: ['s3'],
  permissions: [
    {
      actions: ['s3:ListAllMyBuckets'],
      resources: ['*'],
      reason: 's3:ListAllMyBuckets supports no resource-level permissions; it lists bucket names only.',
    },
    {
      actions: [
        's3:GetBucketAcl',
        's3:GetBucketLogging',
        's3:GetBucketNotification',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
      ],
      resources: ['arn:{partition}:s3:::*'],
      reason:
        'Vigil judges every bucket of the account, whose names are unknown at deploy time; these are ' +
        'bucket-configuration reads only (no object access is granted by them).',
    },
  ],
  cloudTrail: {
    's3.amazonaws.com': sameExtractor(
      [
        'CreateBucket',
        'DeleteBucket',
        'PutBucketVersioning',
        'PutBucketEncryption',
        'DeleteBucketEncryption',
        'PutBucketPolicy',
        'DeleteBucketPolicy',
        'PutBucketPublicAccessBlock',
        'DeleteBucketPublicAccessBlock',
        'PutBucketLogging',
        'PutBucketAcl',
        'PutBucketReplication',
        'DeleteBucketReplication',
        'PutObjectLockConfiguration',
        'PutBucketTagging',
        'DeleteBucketTagging',
        'PutBucketNotification',
        'PutBucketLifecycle',
        'DeleteBucketLifecycle',
      ],
      (record) => [[S3_BUCKET_TYPE, stringAt(record.requestParameters, 'bucketName')]],
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeS3Bucket(await clients.client('s3'), ref),
  list: async (clients, base) => (await import('./describe')).listS3Buckets(await clients.client('s3'), base),
};
