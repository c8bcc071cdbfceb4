import { cmkBackingKeyRotationEnabledRemediation } from './cmk-backing-key-rotation-enabled';
import { cwLoggroupRetentionPeriodCheckRemediation } from './cw-loggroup-retention-period-check';
import { ec2Imdsv2CheckRemediation } from './ec2-imdsv2-check';
import { rdsInstancePublicAccessCheckRemediation } from './rds-instance-public-access-check';
import type { RemediableRuleId } from './remediable-rules';
import type { Remediation } from './remediation';
import { restrictedSshRemediation } from './restricted-ssh';
import { s3BucketLevelPublicAccessProhibitedRemediation } from './s3-bucket-level-public-access-prohibited';
import { s3BucketServerSideEncryptionEnabledRemediation } from './s3-bucket-server-side-encryption-enabled';
import { s3BucketSslRequestsOnlyRemediation } from './s3-bucket-ssl-requests-only';
import { s3BucketVersioningEnabledRemediation } from './s3-bucket-versioning-enabled';
import { vpcFlowLogsEnabledRemediation } from './vpc-flow-logs-enabled';

/** Every auto-remediation Vigil ships, keyed by the id of the rule it fixes. */
export const REMEDIATIONS_BY_RULE: Readonly<Record<RemediableRuleId, Remediation>> = {
  's3-bucket-level-public-access-prohibited': s3BucketLevelPublicAccessProhibitedRemediation,
  's3-bucket-ssl-requests-only': s3BucketSslRequestsOnlyRemediation,
  's3-bucket-server-side-encryption-enabled': s3BucketServerSideEncryptionEnabledRemediation,
  's3-bucket-versioning-enabled': s3BucketVersioningEnabledRemediation,
  'cw-loggroup-retention-period-check': cwLoggroupRetentionPeriodCheckRemediation,
  'cmk-backing-key-rotation-enabled': cmkBackingKeyRotationEnabledRemediation,
  'ec2-imdsv2-check': ec2Imdsv2CheckRemediation,
  'restricted-ssh': restrictedSshRemediation,
  'rds-instance-public-access-check': rdsInstancePublicAccessCheckRemediation,
  'vpc-flow-logs-enabled': vpcFlowLogsEnabledRemediation,
};

/** Every auto-remediation, in catalog order. */
export const REMEDIATIONS: readonly Remediation[] = Object.values(REMEDIATIONS_BY_RULE);

/** The remediation of a rule, if it has one. */
export function findRemediation(ruleId: string): Remediation | undefined {
  return REMEDIATIONS.find((remediation) => remediation.ruleId === ruleId);
}

/**
 * The IAM actions the remediation function needs for these rules (all remediable rules when omitted),
 * sorted and without duplicates: what the infrastructure grants, and nothing more.
 */
export function remediationPermissions(ruleIds?: readonly string[]): readonly string[] {
  const selected =
    ruleIds === undefined ? REMEDIATIONS : REMEDIATIONS.filter((entry) => ruleIds.includes(entry.ruleId));
  return [...new Set(selected.flatMap((entry) => entry.permissions))].sort();
}
