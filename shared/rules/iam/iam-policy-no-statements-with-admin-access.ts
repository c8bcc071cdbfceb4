import { describeStatement, grantsFullAdmin } from '#shared/policy/analyzer';
import { parsePolicyDocument } from '#shared/policy/policy-document';
import {
  defaultPolicyVersion,
  IAM_POLICY_RESOURCE_TYPE,
  type IamPolicyConfiguration,
  isAwsManagedPolicyArn,
} from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Customer managed policies have no `Allow` statement granting every action on every resource, judged on the
 * default version's document through `grantsFullAdmin` (conditions do not exempt a statement, as in the managed
 * rule). AWS managed policies are NOT_APPLICABLE; with `excludePermissionBoundaryPolicy`, so are policies used as
 * permissions boundaries. A document that does not parse makes the engine report ERROR.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-admin-access.html
 */
export const iamPolicyNoStatementsWithAdminAccess = {
  id: 'iam-policy-no-statements-with-admin-access',
  title: 'Customer managed IAM policies do not grant full administrator access',
  resourceTypes: [IAM_POLICY_RESOURCE_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {
    excludePermissionBoundaryPolicy: {
      type: 'boolean',
      default: false,
      description: 'Skip policies used as permissions boundaries.',
    },
  },
  rationale:
    'Policies granting `*` on `*` defeat least privilege: whoever holds them can do and undo anything.',
  remediationAdvice:
    'Replace the `"Action": "*"` / `"Resource": "*"` statement with the actions and resources actually needed, publish it as the default version (`aws iam create-policy-version --set-as-default`), and keep break-glass admin in a separately monitored role.',
  evaluate(item, { parameters }) {
    const config = item.configuration ?? {};
    const name = config.policyName ?? item.resourceName ?? item.resourceId;
    const arn = config.arn ?? item.arn;
    if (arn !== undefined && isAwsManagedPolicyArn(arn)) {
      return notApplicable(`Policy ${name} is AWS managed; only customer managed policies are judged.`);
    }
    if (parameters.excludePermissionBoundaryPolicy && (config.permissionsBoundaryUsageCount ?? 0) > 0) {
      return notApplicable(`Policy ${name} is used as a permissions boundary and boundaries are excluded.`);
    }
    const version = defaultPolicyVersion(config);
    if (version === undefined)
      return notApplicable(`The default version document of policy ${name} is not recorded.`);
    const grants = grantsFullAdmin(parsePolicyDocument(version.document));
    if (grants.length === 0) {
      return compliant(
        `Policy ${name} (${version.versionId}) has no statement allowing every action on every resource.`,
      );
    }
    const statements = grants
      .map((grant) => `${describeStatement(grant.statement)}${grant.conditional ? ' (with conditions)' : ''}`)
      .join(', ');
    return nonCompliant(
      `Policy ${name} (${version.versionId}) allows every action on every resource in ${statements}.`,
    );
  },
} as const satisfies Rule<{ excludePermissionBoundaryPolicy: boolean }, IamPolicyConfiguration>;
