import { NETWORK_ACL_TYPE, type NetworkAclConfiguration, networkAclIdOf } from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Network ACLs are associated with at least one subnet (`configuration.associations[].subnetId`). An ACL
 * whose associations were not recorded (EC2 and Config always give the list, empty when unused) is
 * NOT_APPLICABLE. A VPC's default ACL that no subnet uses fails like any other, as on the page.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/vpc-network-acl-unused-check.html
 */
export const vpcNetworkAclUnusedCheck = {
  id: 'vpc-network-acl-unused-check',
  title: 'Network ACLs are associated with a subnet',
  resourceTypes: [NETWORK_ACL_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'Unused network ACLs are rules nobody reviews; attaching one to a subnet later applies whatever it has drifted to.',
  remediationAdvice:
    'Delete the unused ACL (`aws ec2 delete-network-acl --network-acl-id <acl>`) or associate it with the subnets it was made for (`aws ec2 replace-network-acl-association`).',
  evaluate(item) {
    const id = networkAclIdOf(item);
    const associations = item.configuration?.associations;
    if (!Array.isArray(associations)) {
      return notApplicable(`The subnet associations of network ACL ${id} were not recorded.`);
    }
    const subnets = associations
      .map((association) => association.subnetId)
      .filter((subnet): subnet is string => typeof subnet === 'string' && subnet !== '');
    if (subnets.length === 0) return nonCompliant(`Network ACL ${id} is associated with no subnet.`);
    return compliant(`Network ACL ${id} is associated with ${subnets.join(', ')}.`);
  },
} as const satisfies Rule<Record<string, never>, NetworkAclConfiguration>;
