import { INTERNET_GATEWAY_TYPE, type InternetGatewayConfiguration } from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Internet gateways are attached only to VPCs in `AuthorizedVpcIds`; without that parameter every attached
 * gateway is NON_COMPLIANT, as on the page. Attachments in state `detached` do not count, so a gateway
 * attached to no VPC is COMPLIANT. A gateway whose attachments were not recorded (EC2 and Config always
 * give the list) is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/internet-gateway-authorized-vpc-only.html
 */
export const internetGatewayAuthorizedVpcOnly = {
  id: 'internet-gateway-authorized-vpc-only',
  title: 'Internet gateways are attached only to authorized VPCs',
  resourceTypes: [INTERNET_GATEWAY_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {
    AuthorizedVpcIds: {
      type: 'string-list',
      default: [],
      description: 'VPCs allowed an internet gateway, comma-separated; empty fails every attached gateway.',
    },
  },
  rationale:
    'An internet gateway is the path between a VPC and the internet; one attached to a VPC meant to be private opens it with a single route.',
  remediationAdvice:
    'Detach the gateway from a VPC that should stay private (`aws ec2 detach-internet-gateway --internet-gateway-id <igw> --vpc-id <vpc>`), or add the VPC to AuthorizedVpcIds once its exposure is approved.',
  evaluate(item, { parameters }) {
    const id = item.configuration?.internetGatewayId ?? item.resourceId;
    const attachments = item.configuration?.attachments;
    if (!Array.isArray(attachments)) {
      return notApplicable(`The attachments of internet gateway ${id} were not recorded.`);
    }
    const vpcs = attachments
      .filter((attachment) => attachment.state?.toLowerCase() !== 'detached')
      .map((attachment) => attachment.vpcId)
      .filter((vpc): vpc is string => typeof vpc === 'string' && vpc !== '');
    if (vpcs.length === 0) return compliant(`Internet gateway ${id} is attached to no VPC.`);
    const unauthorized = vpcs.filter((vpc) => !parameters.AuthorizedVpcIds.includes(vpc));
    if (unauthorized.length === 0) {
      return compliant(`Internet gateway ${id} is attached to authorized VPC ${vpcs.join(', ')}.`);
    }
    return nonCompliant(
      parameters.AuthorizedVpcIds.length === 0
        ? `Internet gateway ${id} is attached to ${unauthorized.join(', ')}, and no VPC is authorized.`
        : `Internet gateway ${id} is attached to ${unauthorized.join(', ')}, not one of AuthorizedVpcIds.`,
    );
  },
} as const satisfies Rule<{ AuthorizedVpcIds: readonly string[] }, InternetGatewayConfiguration>;
