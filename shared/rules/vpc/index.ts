import type { Rule } from '#shared/rules/rule';
import { internetGatewayAuthorizedVpcOnly } from './internet-gateway-authorized-vpc-only';
import { naclNoUnrestrictedSshRdp } from './nacl-no-unrestricted-ssh-rdp';
import { restrictedCommonPorts } from './restricted-common-ports';
import { restrictedSsh } from './restricted-ssh';
import { subnetAutoAssignPublicIpDisabled } from './subnet-auto-assign-public-ip-disabled';
import { vpcDefaultSecurityGroupClosed } from './vpc-default-security-group-closed';
import { vpcFlowLogsEnabled } from './vpc-flow-logs-enabled';
import { vpcFlowLogsRetentionCheck } from './vpc-flow-logs-retention-check';
import { vpcNetworkAclUnusedCheck } from './vpc-network-acl-unused-check';
import { vpcSgOpenOnlyToAuthorizedPorts } from './vpc-sg-open-only-to-authorized-ports';

/** vpc rules. */
export const vpcRules: readonly Rule[] = [
  restrictedSsh,
  restrictedCommonPorts,
  vpcSgOpenOnlyToAuthorizedPorts,
  vpcDefaultSecurityGroupClosed,
  vpcFlowLogsEnabled,
  vpcFlowLogsRetentionCheck,
  naclNoUnrestrictedSshRdp,
  vpcNetworkAclUnusedCheck,
  subnetAutoAssignPublicIpDisabled,
  internetGatewayAuthorizedVpcOnly,
];
