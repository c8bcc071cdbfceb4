import type { Rule } from '#shared/rules/rule';
import { s3BucketLevelPublicAccessProhibited } from './s3-bucket-level-public-access-prohibited';
import { s3BucketReplicationEnabled } from './s3-bucket-replication-enabled';
import { s3BucketServerSideEncryptionEnabled } from './s3-bucket-server-side-encryption-enabled';
import { s3BucketSslRequestsOnly } from './s3-bucket-ssl-requests-only';
import { s3BucketVersioningEnabled } from './s3-bucket-versioning-enabled';

/** S3 rules. */
export const s3Rules: readonly Rule[] = [
  s3BucketSslRequestsOnly,
  s3BucketServerSideEncryptionEnabled,
  s3BucketVersioningEnabled,
  s3BucketReplicationEnabled,
  s3BucketLevelPublicAccessProhibited,
];
