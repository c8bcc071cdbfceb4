import {
  bucketName,
  bucketVersioning,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { nothingToDo, planCalls, type Remediation, refuse } from './remediation';

/**
 * Enables versioning (`PutBucketVersioning Status=Enabled`). MFA delete is never touched: only the root
 * user with an MFA device can enable it, so with the rule's `isMfaDeleteEnabled` true a versioned bucket
 * without MFA delete is refused (a person must act). Versioning cannot be turned off again, only
 * suspended, and keeps old versions (storage cost): consider a lifecycle rule for noncurrent versions.
 */
export const s3BucketVersioningEnabledRemediation = {
  ruleId: 's3-bucket-versioning-enabled',
  title: 'Enable bucket versioning',
  resourceTypes: [S3_BUCKET_TYPE],
  permissions: ['s3:PutBucketVersioning'],
  verification: 'immediate',
  plan(item, { parameters }) {
    const name = bucketName(item);
    const versioning = bucketVersioning(item);
    if (versioning?.status?.toLowerCase() === 'enabled') {
      if (parameters.isMfaDeleteEnabled && !versioning.mfaDeleteEnabled) {
        return refuse(
          `Versioning of bucket ${name} is on; MFA delete can only be enabled by the root user with MFA.`,
        );
      }
      return nothingToDo(`Versioning of bucket ${name} is already Enabled.`);
    }
    return planCalls({
      service: 's3',
      operation: 'PutBucketVersioning',
      input: {
        Bucket: name,
        ExpectedBucketOwner: item.accountId,
        VersioningConfiguration: { Status: 'Enabled' },
      },
      description: `Enable versioning of bucket ${name} (now ${versioning?.status ?? 'not recorded'})`,
    });
  },
} as const satisfies Remediation<{ isMfaDeleteEnabled: boolean }, S3BucketConfiguration>;
