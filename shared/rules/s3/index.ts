import type { Rule } from '#shared/rules/rule';
import { s3AccountLevelPublicAccessBlocksPeriodic } from './s3-account-level-public-access-blocks-periodic';
import { s3BucketAclProhibited } from './s3-bucket-acl-prohibited';
import { s3BucketDefaultLockEnabled } from './s3-bucket-default-lock-enabled';
import { s3BucketLevelPublicAccessProhibited } from './s3-bucket-level-public-access-prohibited';
import { s3BucketLoggingEnabled } from './s3-bucket-logging-enabled';
import { s3BucketMfaDeleteEnabled } from './s3-bucket-mfa-delete-enabled';
import { s3BucketPublicReadProhibited } from './s3-bucket-public-read-prohibited';
import { s3BucketPublicWriteProhibited } from './s3-bucket-public-write-prohibited';
import { s3BucketReplicationEnabled } from './s3-bucket-replication-enabled';
import { s3BucketServerSideEncryptionEnabled } from './s3-bucket-server-side-encryption-enabled';
import { s3BucketSslRequestsOnly } from './s3-bucket-ssl-requests-only';
import { s3BucketVersioningEnabled } from './s3-bucket-versioning-enabled';
import { s3DefaultEncryptionKms } from './s3-default-encryption-kms';
import { s3EventNotificationsEnabled } from './s3-event-notifications-enabled';
import { s3LifecyclePolicyCheck } from './s3-lifecycle-policy-check';

/** S3 rules. */
export const s3Rules: readonly Rule[] = [
  s3BucketSslRequestsOnly,
  s3BucketServerSideEncryptionEnabled,
  s3DefaultEncryptionKms,
  s3BucketVersioningEnabled,
  s3BucketReplicationEnabled,
  s3BucketDefaultLockEnabled,
  s3BucketLoggingEnabled,
  s3BucketLevelPublicAccessProhibited,
  s3BucketPublicReadProhibited,
  s3BucketPublicWriteProhibited,
  s3AccountLevelPublicAccessBlocksPeriodic,
  s3BucketAclProhibited,
  s3BucketMfaDeleteEnabled,
  s3EventNotificationsEnabled,
  s3LifecyclePolicyCheck,
];
