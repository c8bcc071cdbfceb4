import type { Rule } from '#shared/rules/rule';
import { cloudTrailCloudWatchLogsEnabled } from './cloud-trail-cloud-watch-logs-enabled';
import { cloudTrailEncryptionEnabled } from './cloud-trail-encryption-enabled';
import { cloudTrailLogFileValidationEnabled } from './cloud-trail-log-file-validation-enabled';
import { cloudtrailS3DataeventsEnabled } from './cloudtrail-s3-dataevents-enabled';
import { multiRegionCloudtrailEnabled } from './multi-region-cloudtrail-enabled';

/** cloudtrail rules. */
export const cloudtrailRules: readonly Rule[] = [
  multiRegionCloudtrailEnabled,
  cloudTrailLogFileValidationEnabled,
  cloudTrailEncryptionEnabled,
  cloudTrailCloudWatchLogsEnabled,
  cloudtrailS3DataeventsEnabled,
];
