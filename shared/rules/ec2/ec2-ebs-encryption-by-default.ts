import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * EBS encryption by default is on in the region (`AWS::::Account` item field `ebsEncryptionByDefault`,
 * from EC2 `GetEbsEncryptionByDefault`). When the setting was not collected the rule is NOT_APPLICABLE
 * and says so, like Vigil's other account-level rules.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ec2-ebs-encryption-by-default.html
 */
export const ec2EbsEncryptionByDefault = {
  id: 'ec2-ebs-encryption-by-default',
  title: 'EBS encryption by default is enabled in every region',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'With encryption by default, no new volume or snapshot copy can be created unencrypted by mistake.',
  remediationAdvice:
    'Turn it on in each region: `aws ec2 enable-ebs-encryption-by-default --region <region>` (EC2 console › Settings › Data protection and security › EBS encryption).',
  evaluate(item) {
    const enabled = item.configuration?.ebsEncryptionByDefault;
    if (enabled === undefined) {
      return notApplicable(`EBS encryption-by-default was not collected for ${item.region}.`);
    }
    return enabled
      ? compliant(`EBS encryption by default is enabled in ${item.region}.`)
      : nonCompliant(`EBS encryption by default is disabled in ${item.region}.`);
  },
} as const satisfies Rule<Record<string, never>, AccountConfiguration>;
