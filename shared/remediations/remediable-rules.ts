/**
 * Ids of the rules that have an auto-remediation. Kept apart from the registry so the evaluator can tell
 * which failures to hand to the remediation function without loading any remediation code; a unit test
 * checks it matches `REMEDIATIONS`.
 */
export const REMEDIABLE_RULE_IDS = [
  's3-bucket-level-public-access-prohibited',
  's3-bucket-ssl-requests-only',
  's3-bucket-server-side-encryption-enabled',
  's3-bucket-versioning-enabled',
  'cw-loggroup-retention-period-check',
  'cmk-backing-key-rotation-enabled',
  'ec2-imdsv2-check',
  'restricted-ssh',
  'rds-instance-public-access-check',
  'vpc-flow-logs-enabled',
] as const;

/** Id of a rule that can be remediated automatically. */
export type RemediableRuleId = (typeof REMEDIABLE_RULE_IDS)[number];

/** Whether a rule has an auto-remediation. */
export function isRemediable(ruleId: string): ruleId is RemediableRuleId {
  return (REMEDIABLE_RULE_IDS as readonly string[]).includes(ruleId);
}
