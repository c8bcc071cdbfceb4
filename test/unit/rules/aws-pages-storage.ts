import { createInventory } from '#shared/rules/inventory';
import { type Fixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';
import type { AwsPage } from './aws-page';

const ACCOUNT = 'AWS::::Account';
const ACCOUNT_BLOCK = 'AWS::S3::AccountPublicAccessBlock';
const BUCKET = 'AWS::S3::Bucket';

const ALL_BLOCKS_ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

/** The hardened account item with all four settings on, and Config's block item of the same account recorded. */
function accountWithRecordedBlock(): Fixture {
  const account = withConfiguration(loadFixture(ACCOUNT, 'hardened'), { s3PublicAccessBlock: ALL_BLOCKS_ON });
  const block = loadFixture(ACCOUNT_BLOCK, 'all-settings-on').item;
  return { ...account, inventory: createInventory([account.item, block]) };
}

const DENY_UNENCRYPTED_PUTS = {
  policyText: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyUnencryptedPuts',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::legacy-uploads/*',
        Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
      },
    ],
  }),
};

/** The pages of the S3 Block Public Access, S3 default encryption and multi-region trail rules. */
export const STORAGE_AND_TRAIL_PAGES: Readonly<Record<string, AwsPage>> = {
  's3-account-level-public-access-blocks-periodic': {
    quotes: [
      'The rule is NON_COMPLIANT if the configuration item does not match one or more settings from parameters (or default).',
    ],
    defaults: {
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    },
    cases: [
      {
        name: 'the account item with all four settings on, no block item recorded',
        fixture: () =>
          withConfiguration(loadFixture(ACCOUNT, 'hardened'), { s3PublicAccessBlock: ALL_BLOCKS_ON }),
        aws: 'COMPLIANT',
      },
      {
        name: 'the account item with RestrictPublicBuckets off, no block item recorded',
        fixture: () =>
          withConfiguration(loadFixture(ACCOUNT, 'hardened'), {
            s3PublicAccessBlock: { ...ALL_BLOCKS_ON, restrictPublicBuckets: false },
          }),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'the account item with all four settings on, Config also recording its block item',
        fixture: accountWithRecordedBlock,
        aws: 'COMPLIANT',
        vigil: 'NOT_APPLICABLE',
      },
    ],
  },
  's3-bucket-server-side-encryption-enabled': {
    quotes: [
      'Checks if your Amazon S3 bucket either has the Amazon S3 default encryption enabled or that the Amazon S3 bucket policy explicitly denies put-object requests without server side encryption that uses AES-256 or AWS Key Management Service.',
      'The rule is NON_COMPLIANT if your Amazon S3 bucket is not encrypted by default.',
    ],
    defaults: {},
    cases: [
      {
        name: 'default encryption enabled',
        fixture: () => loadFixture(BUCKET, 'hardened-audit-bucket'),
        aws: 'COMPLIANT',
      },
      {
        name: 'no default encryption, no policy',
        fixture: () => loadFixture(BUCKET, 'legacy-upload-bucket'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'no default encryption, a policy denying unencrypted put-object (first sentence of the page)',
        fixture: () =>
          withSupplementary(loadFixture(BUCKET, 'legacy-upload-bucket'), {
            BucketPolicy: DENY_UNENCRYPTED_PUTS,
          }),
        aws: 'COMPLIANT',
        vigil: 'NON_COMPLIANT',
      },
    ],
  },
  'multi-region-cloudtrail-enabled': {
    quotes: [
      'The rule is NON_COMPLIANT if the trails do not match input parameters.',
      'The rule is NON_COMPLIANT if the ExcludeManagementEventSources field is not empty or if AWS CloudTrail is configured to exclude management events such as AWS KMS events or Amazon RDS Data API events.',
    ],
    defaults: {
      s3BucketName: null,
      snsTopicArn: null,
      cloudWatchLogsLogGroupArn: null,
      includeManagementEvents: null,
      readWriteType: null,
    },
    cases: [
      {
        name: 'a multi-region trail excluding AWS KMS events',
        fixture: () => loadFixture(ACCOUNT, 'multi-region-trail-excludes-kms-events'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'a multi-region trail recording all management events',
        fixture: () => loadFixture(ACCOUNT, 'hardened'),
        aws: 'COMPLIANT',
      },
      {
        name: 'a multi-region trail delivering to another bucket than s3BucketName',
        fixture: () => loadFixture(ACCOUNT, 'hardened'),
        parameters: { s3BucketName: 'no-such-bucket-anywhere' },
        aws: 'NON_COMPLIANT',
      },
    ],
  },
};
