import { IAM_USER_RESOURCE_TYPE, type IamUserConfiguration } from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * IAM users have no inline policies (`userPolicyList` is empty): permissions come from managed policies,
 * which are versioned, reusable and reviewed in one place. The managed rule also judges IAM roles and
 * groups; Vigil does not describe those types yet, so only users are judged. A user whose inline
 * policies were not recorded is NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-no-inline-policy-check.html
 */
export const iamNoInlinePolicyCheck = {
  id: 'iam-no-inline-policy-check',
  title: 'IAM users have no inline policies',
  resourceTypes: [IAM_USER_RESOURCE_TYPE],
  severity: 'low',
  managedRule: true,
  deviation:
    'AWS\'s page judges three types ("The rule is NON_COMPLIANT if an AWS Identity and Access Management (IAM) user, IAM role or IAM group has any inline policy"); Vigil judges IAM users only, since it does not describe roles or groups yet, so an inline policy on a role or group is not reported.',
  parameters: {},
  rationale:
    'Inline policies live inside one identity, outside the reviewed set of managed policies, so grants made there escape access reviews.',
  remediationAdvice:
    'Move the statements into a customer managed policy attached to a group, then delete the inline policy: `aws iam delete-user-policy --user-name <user> --policy-name <policy>`.',
  evaluate(item) {
    const name = item.configuration?.userName ?? item.resourceName ?? item.resourceId;
    const inline = item.configuration?.userPolicyList;
    if (!Array.isArray(inline))
      return notApplicable(`The inline policies of IAM user ${name} were not recorded.`);
    if (inline.length === 0) return compliant(`IAM user ${name} has no inline policies.`);
    const names = inline.map((policy) => policy.policyName ?? '(unnamed)');
    return nonCompliant(
      `IAM user ${name} has ${names.length} inline polic${names.length === 1 ? 'y' : 'ies'}: ${names.slice(0, 5).join(', ')}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, IamUserConfiguration>;
