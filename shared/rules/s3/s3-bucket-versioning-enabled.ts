import {
  bucketArn,
  bucketVersioning,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { isMfaDeleteEnabled: boolean };

/**
 * S3 buckets keep object versions: `BucketVersioningConfiguration.status` is `Enabled` (`Off` and
 * `Suspended` are NON_COMPLIANT; an item that does not record versioning, which Config always records,
 * is NOT_APPLICABLE: versioning was not collected). With
 * `isMfaDeleteEnabled` true, MFA delete must be enabled as well.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-versioning-enabled.html
 */
export const s3BucketVersioningEnabled = {
  id: 's3-bucket-versioning-enabled',
  title: 'S3 buckets keep previous versions of objects',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    isMfaDeleteEnabled: {
      type: 'boolean',
      default: false,
      description: 'When true, MFA delete must also be enabled.',
    },
  },
  rationale: 'Versioning lets overwritten or deleted objects be recovered after a mistake or an attack.',
  remediationAdvice:
    'Enable versioning (Properties > Bucket Versioning, or ' +
    '`aws s3api put-bucket-versioning --versioning-configuration Status=Enabled`).',
  evaluate(item, { parameters }) {
    const arn = bucketArn(item);
    const versioning = bucketVersioning(item);
    if (versioning === undefined) return notApplicable(`Versioning of bucket ${arn} was not recorded.`);
    if (versioning.status?.toLowerCase() !== 'enabled') {
      return nonCompliant(`Versioning of bucket ${arn} is ${versioning.status ?? 'not set'}, not Enabled.`);
    }
    if (parameters.isMfaDeleteEnabled && !versioning.mfaDeleteEnabled) {
      return nonCompliant(`Versioning of bucket ${arn} is Enabled but MFA delete is not.`);
    }
    return compliant(
      `Versioning of bucket ${arn} is Enabled${versioning.mfaDeleteEnabled ? ' with MFA delete' : ''}.`,
    );
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
