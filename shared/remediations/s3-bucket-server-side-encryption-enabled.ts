import {
  bucketEncryptionRules,
  bucketName,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { nothingToDo, planCalls, type Remediation } from './remediation';

const SSE_ALGORITHMS = new Set(['aes256', 'aws:kms', 'aws:kms:dsse']);

/**
 * Turns on default encryption: SSE-S3 (`AES256`), or SSE-KMS with an S3 Bucket Key when the deployment
 * configures a KMS key (`REMEDIATION_S3_KMS_KEY_ID`). Existing objects are not rewritten. A bucket that
 * already encrypts by default with any valid algorithm is left alone.
 */
export const s3BucketServerSideEncryptionEnabledRemediation = {
  ruleId: 's3-bucket-server-side-encryption-enabled',
  title: 'Turn on default encryption (SSE-S3, or SSE-KMS with the configured key)',
  resourceTypes: [S3_BUCKET_TYPE],
  permissions: ['s3:PutEncryptionConfiguration'],
  verification: 'immediate',
  plan(item, { settings }) {
    const name = bucketName(item);
    const valid = bucketEncryptionRules(item).some((rule) =>
      SSE_ALGORITHMS.has((rule.sseAlgorithm ?? '').toLowerCase()),
    );
    if (valid) return nothingToDo(`Bucket ${name} already encrypts new objects by default.`);
    const key = settings.s3KmsKeyId;
    return planCalls({
      service: 's3',
      operation: 'PutBucketEncryption',
      input: {
        Bucket: name,
        ExpectedBucketOwner: item.accountId,
        ServerSideEncryptionConfiguration: {
          Rules: [
            key === undefined
              ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }
              : {
                  ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key },
                  BucketKeyEnabled: true,
                },
          ],
        },
      },
      description:
        key === undefined
          ? `Turn on default SSE-S3 (AES256) encryption of bucket ${name}`
          : `Turn on default SSE-KMS encryption of bucket ${name} with key ${key} and an S3 Bucket Key`,
    });
  },
} as const satisfies Remediation<Record<string, never>, S3BucketConfiguration>;
