import { IAM_USER_RESOURCE_TYPE, type IamUserConfiguration } from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * IAM users have no managed policies attached and no inline policies: permissions come from groups or roles.
 * Reads `attachedManagedPolicies` and `userPolicyList` from the AWS Config item, which always records both
 * (empty lists for none): a user without one of them was not collected and is NOT_APPLICABLE, never passed
 * for lack of it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-user-no-policies-check.html
 */
export const iamUserNoPoliciesCheck = {
  id: 'iam-user-no-policies-check',
  title: 'IAM users get permissions only through groups or roles',
  resourceTypes: [IAM_USER_RESOURCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'Per-user grants drift and escape access reviews; group- and role-based access keeps reviews tractable.',
  remediationAdvice:
    'Put the user in a group carrying the permissions, then detach its policies (`aws iam detach-user-policy`) and delete its inline policies (`aws iam delete-user-policy`).',
  evaluate(item) {
    const config = item.configuration;
    const name = config?.userName ?? item.resourceName ?? item.resourceId;
    const missing = [
      Array.isArray(config?.attachedManagedPolicies) ? undefined : 'attachedManagedPolicies',
      Array.isArray(config?.userPolicyList) ? undefined : 'userPolicyList',
    ].filter((key) => key !== undefined);
    if (missing.length > 0) {
      return notApplicable(`The policies of user ${name} were not recorded (${missing.join(', ')}).`);
    }
    const attached = (config?.attachedManagedPolicies ?? []).map(
      (policy) => policy.policyName ?? policy.policyArn ?? '(unnamed)',
    );
    const inline = (config?.userPolicyList ?? []).map((policy) => policy.policyName ?? '(unnamed)');
    if (attached.length === 0 && inline.length === 0) {
      const groups = config?.groupList ?? [];
      const via = groups.length > 0 ? ` (member of ${groups.join(', ')})` : '';
      return compliant(`User ${name} has no policies of its own${via}.`);
    }
    const parts = [
      attached.length > 0 ? `attached ${attached.join(', ')}` : undefined,
      inline.length > 0 ? `inline ${inline.join(', ')}` : undefined,
    ].filter((part) => part !== undefined);
    return nonCompliant(`User ${name} has policies of its own: ${parts.join('; ')}.`);
  },
} as const satisfies Rule<Record<string, never>, IamUserConfiguration>;
