import { CfnCondition, Fn, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { CONFIG_AGGREGATOR_PERMISSION, describeNagFinding, grantDescribe, grantPermissions } from '../grants';
import { grantMemberRoleAssume, type Organization } from './organization';

/** Acknowledges the wildcard account of an assumable member role: every account of the organization has one. */
function acknowledgeMemberRole(role: iam.IRole, roleName: string, organizationId: string): void {
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${roleName}]`,
    reason:
      `Assumes the ${roleName} role of whichever member account an event or sweep shard belongs to; the ` +
      `account is any of the organization (condition aws:ResourceOrgID = ${organizationId}), and the role's ` +
      'trust admits only these functions, with the external id.',
  });
}

/**
 * Lets a judging function read the resources it judges: the describe APIs of this account (single-account
 * mode), or, in organization mode, the read-only role of any member account (and no describe API here).
 */
export function grantResourceReads(role: iam.IRole, organization: Organization | undefined): void {
  if (organization === undefined) {
    grantDescribe(role);
    return;
  }
  grantMemberRoleAssume(role, organization.memberRoleName, organization.organizationId);
  acknowledgeMemberRole(role, organization.memberRoleName, organization.organizationId);
}

/** Organization mode: lets the remediation function assume the remediation role of any member account. */
export function grantMemberRemediation(role: iam.IRole, organization: Organization): void {
  grantMemberRoleAssume(role, organization.remediationRoleName, organization.organizationId);
  acknowledgeMemberRole(role, organization.remediationRoleName, organization.organizationId);
}

/** Lets the function read the Config aggregator of this account and region (the `aggregator` inventory source). */
export function grantAggregatorReads(role: iam.IRole): void {
  grantPermissions(role, [CONFIG_AGGREGATOR_PERMISSION]);
  for (const resource of CONFIG_AGGREGATOR_PERMISSION.resources) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[${describeNagFinding(resource)}]`,
      reason: `${CONFIG_AGGREGATOR_PERMISSION.actions.join(', ')}: ${CONFIG_AGGREGATOR_PERMISSION.reason} An aggregator's ARN ends in an id AWS Config assigns, so a grant knowing its name cannot be narrower.`,
    });
  }
}

/**
 * Organization mode without a fixed account list: lets the sweep planner list the organization's accounts.
 * With a parameter token for the list, the grant is a separate policy that exists only while it is empty.
 * The caller acknowledges the role's `Resource::*` finding.
 */
export function grantAccountListing(scope: Construct, role: iam.IRole, organization: Organization): void {
  if (!Token.isUnresolved(organization.accounts) && organization.accounts !== '') return;
  const statement = new iam.PolicyStatement({
    // Organizations ListAccounts supports no resource-level permissions.
    actions: ['organizations:ListAccounts'],
    resources: ['*'],
  });
  if (!Token.isUnresolved(organization.accounts)) {
    role.addToPrincipalPolicy(statement);
  } else {
    const policy = new iam.Policy(scope, 'AccountListing', { statements: [statement], roles: [role] });
    const cfn = policy.node.defaultChild;
    if (cfn instanceof iam.CfnPolicy) {
      cfn.cfnOptions.condition = new CfnCondition(scope, 'ListsAccounts', {
        expression: Fn.conditionEquals(organization.accounts, ''),
      });
    }
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'organizations:ListAccounts supports no resource-level permissions; read-only.',
    });
  }
}
