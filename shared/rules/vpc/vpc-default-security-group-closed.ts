import {
  describePermission,
  type IpPermission,
  SECURITY_GROUP_TYPE,
  type SecurityGroupConfiguration,
  securityGroupId,
} from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

function summarize(direction: string, permissions: readonly IpPermission[]): string | undefined {
  if (permissions.length === 0) return undefined;
  const listed = permissions.slice(0, 2).map(describePermission).join(', ');
  const more = permissions.length > 2 ? ` and ${permissions.length - 2} more` : '';
  return `${permissions.length} ${direction} rule${permissions.length === 1 ? '' : 's'} (${listed}${more})`;
}

/**
 * The default security group of every VPC has no inbound and no outbound rules, so nothing can rely on
 * it. Groups not named `default` are NOT_APPLICABLE, and so is a default group whose rules were not
 * recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html
 */
export const vpcDefaultSecurityGroupClosed = {
  id: 'vpc-default-security-group-closed',
  title: 'Default security groups allow no inbound or outbound traffic',
  resourceTypes: [SECURITY_GROUP_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Resources launched without an explicit group land in the default one; keeping it closed forces deliberate, reviewed network access.',
  remediationAdvice:
    'Move resources to purpose-built groups, then delete every inbound and outbound rule of the default group (VPC console › Security groups › default › Edit inbound/outbound rules).',
  evaluate(item) {
    const configuration = item.configuration;
    const groupId = securityGroupId(item);
    const name = configuration?.groupName ?? item.resourceName;
    if (name !== 'default') return notApplicable(`${groupId} is not a default security group.`);
    const vpc = configuration?.vpcId ? ` of ${configuration.vpcId}` : '';
    // Config and DescribeSecurityGroups always give both lists (empty for no rules): one missing was not
    // collected, and a group is not closed or open for lack of it.
    const missing = [
      Array.isArray(configuration?.ipPermissions) ? undefined : 'inbound',
      Array.isArray(configuration?.ipPermissionsEgress) ? undefined : 'outbound',
    ].filter((direction) => direction !== undefined);
    if (missing.length > 0) {
      return notApplicable(
        `The ${missing.join(' and ')} rules of default security group ${groupId}${vpc} were not recorded.`,
      );
    }
    const found = [
      summarize('inbound', configuration?.ipPermissions ?? []),
      summarize('outbound', configuration?.ipPermissionsEgress ?? []),
    ].filter((part): part is string => part !== undefined);
    if (found.length === 0) return compliant(`Default security group ${groupId}${vpc} has no rules.`);
    return nonCompliant(`Default security group ${groupId}${vpc} has ${found.join(' and ')}.`);
  },
} as const satisfies Rule<Record<string, never>, SecurityGroupConfiguration>;
