import {
  IAM_GROUP_RESOURCE_TYPE,
  IAM_USER_RESOURCE_TYPE,
  type IamGroupConfiguration,
  type IamUserConfiguration,
} from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * IAM users and groups have no inline policies (`userPolicyList`, `groupPolicyList` empty): permissions come
 * from managed policies, which are versioned, reusable and reviewed in one place. The managed rule also
 * judges IAM roles, which Vigil does not describe yet. An identity whose inline policies were not recorded
 * is NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-no-inline-policy-check.html
 */
export const iamNoInlinePolicyCheck = {
  id: 'iam-no-inline-policy-check',
  title: 'IAM users and groups have no inline policies',
  resourceTypes: [IAM_USER_RESOURCE_TYPE, IAM_GROUP_RESOURCE_TYPE],
  severity: 'low',
  managedRule: true,
  deviation:
    'AWS\'s page judges three types ("The rule is NON_COMPLIANT if an AWS Identity and Access Management (IAM) user, IAM role or IAM group has any inline policy"); Vigil judges IAM users and groups only, since it does not describe roles yet, so an inline policy on a role is not reported.',
  parameters: {},
  rationale:
    'Inline policies live inside one identity, outside the reviewed set of managed policies, so grants made there escape access reviews.',
  remediationAdvice:
    'Move the statements into a customer managed policy attached to a group, then delete the inline policy: `aws iam delete-user-policy --user-name <user> --policy-name <policy>` (or `delete-group-policy --group-name <group>`).',
  evaluate(item) {
    const group = item.resourceType === IAM_GROUP_RESOURCE_TYPE;
    const configuration = item.configuration ?? {};
    const kind = group ? 'IAM group' : 'IAM user';
    const name =
      (group ? configuration.groupName : configuration.userName) ?? item.resourceName ?? item.resourceId;
    const inline = group ? configuration.groupPolicyList : configuration.userPolicyList;
    if (!Array.isArray(inline))
      return notApplicable(`The inline policies of ${kind} ${name} were not recorded.`);
    if (inline.length === 0) return compliant(`${kind} ${name} has no inline policies.`);
    const names = inline.map((policy) => policy.policyName ?? '(unnamed)');
    return nonCompliant(
      `${kind} ${name} has ${names.length} inline polic${names.length === 1 ? 'y' : 'ies'}: ${names.slice(0, 5).join(', ')}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, IamUserConfiguration & IamGroupConfiguration>;
