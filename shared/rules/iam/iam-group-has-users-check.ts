import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import {
  IAM_GROUP_RESOURCE_TYPE,
  IAM_USER_RESOURCE_TYPE,
  type IamGroupConfiguration,
} from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The members Vigil's describer read (`Users`), or `undefined` when that key is absent or malformed. */
function describedMembers(item: ConfigurationItem): readonly string[] | undefined {
  const users = item.supplementaryConfiguration.Users;
  return Array.isArray(users) && users.every((user) => typeof user === 'string') ? users : undefined;
}

/**
 * IAM groups have at least one IAM user. The members come from Vigil's supplementary key `Users` (GetGroup);
 * an item without it (one AWS Config recorded) passes on a relationship to an `AWS::IAM::User`, and is
 * otherwise NOT_APPLICABLE, since an item without member relationships cannot tell an empty group from
 * members that were not recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-group-has-users-check.html
 */
export const iamGroupHasUsersCheck = {
  id: 'iam-group-has-users-check',
  title: 'IAM groups have at least one IAM user',
  resourceTypes: [IAM_GROUP_RESOURCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'An empty group is unreviewed permission waiting to be handed out: whoever is added later inherits grants nobody is watching.',
  remediationAdvice:
    'Add the users who need the group’s permissions (`aws iam add-user-to-group --group-name <group> --user-name <user>`), or detach its policies and delete it.',
  evaluate(item) {
    const name = item.configuration?.groupName ?? item.resourceName ?? item.resourceId;
    const members = describedMembers(item);
    if (members !== undefined) {
      return members.length === 0
        ? nonCompliant(`IAM group ${name} has no users.`)
        : compliant(`IAM group ${name} has ${members.length} user${members.length === 1 ? '' : 's'}.`);
    }
    const related = item.relationships.filter((entry) => entry.resourceType === IAM_USER_RESOURCE_TYPE);
    if (related.length > 0) return compliant(`IAM group ${name} contains IAM users.`);
    return notApplicable(`The members of IAM group ${name} were not recorded.`);
  },
} as const satisfies Rule<Record<string, never>, IamGroupConfiguration>;
