import { IAM_USER_RESOURCE_TYPE, type IamUserConfiguration } from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * IAM users belong to at least one IAM group (`groupList`), and to one of `groupNames` when that
 * parameter is set. A user whose groups were not recorded is NOT_APPLICABLE: never a failure from data
 * not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-user-group-membership-check.html
 */
export const iamUserGroupMembershipCheck = {
  id: 'iam-user-group-membership-check',
  title: 'IAM users belong to at least one IAM group',
  resourceTypes: [IAM_USER_RESOURCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    groupNames: {
      type: 'string-list',
      default: [],
      description:
        'Groups of which a user must belong to at least one, comma-separated; empty accepts any group.',
    },
  },
  rationale:
    'Granting permissions through groups keeps access role-based and reviewable; a user outside every group gets its access one grant at a time.',
  remediationAdvice:
    'Add the user to a group: `aws iam add-user-to-group --user-name <user> --group-name <group>`.',
  evaluate(item, { parameters }) {
    const name = item.configuration?.userName ?? item.resourceName ?? item.resourceId;
    const groups = item.configuration?.groupList;
    if (!Array.isArray(groups)) return notApplicable(`The groups of IAM user ${name} were not recorded.`);
    if (groups.length === 0) return nonCompliant(`IAM user ${name} belongs to no IAM group.`);
    const required = parameters.groupNames;
    if (required.length > 0 && !groups.some((group) => required.includes(group))) {
      return nonCompliant(
        `IAM user ${name} belongs to ${groups.join(', ')}, none of ${required.join(', ')}.`,
      );
    }
    return compliant(`IAM user ${name} belongs to ${groups.join(', ')}.`);
  },
} as const satisfies Rule<{ groupNames: readonly string[] }, IamUserConfiguration>;
