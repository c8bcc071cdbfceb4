import {
  ENDED_INSTANCE_STATES,
  INSTANCE_TYPE,
  type InstanceConfiguration,
  instanceStateName,
} from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Every public IPv4 address the instance item records, on the instance or on any of its interfaces. */
function publicIps(configuration: InstanceConfiguration | null): readonly string[] {
  const addresses = [
    configuration?.publicIpAddress,
    ...(configuration?.networkInterfaces ?? []).map(
      (networkInterface) => networkInterface.association?.publicIp,
    ),
  ];
  return [...new Set(addresses.filter((ip): ip is string => typeof ip === 'string' && ip.trim() !== ''))];
}

/**
 * EC2 instances have no public IPv4 address, neither as `publicIpAddress` nor on a network interface
 * association (Elastic IPs included). IPv6 addresses are out of scope, as in the managed rule.
 * Shutting-down and terminated instances are NOT_APPLICABLE. `publicIpAddress` is left out for an instance
 * without one, but `networkInterfaces` is always recorded: without it (and without a public address) the
 * interfaces were not collected and the instance is NOT_APPLICABLE, never passed for lack of them.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-no-public-ip.html
 */
export const ec2InstanceNoPublicIp = {
  id: 'ec2-instance-no-public-ip',
  title: 'EC2 instances have no public IPv4 address',
  resourceTypes: [INSTANCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'An instance with a public address is one security-group mistake away from the internet; load balancers and NAT keep it private.',
  remediationAdvice:
    'Disassociate the Elastic IP (`aws ec2 disassociate-address`) or relaunch the instance in a private subnet without "auto-assign public IP", and reach it through a load balancer or Session Manager.',
  evaluate(item) {
    const configuration = item.configuration;
    const instanceId = configuration?.instanceId ?? item.resourceId;
    const state = instanceStateName(configuration);
    if (state !== undefined && ENDED_INSTANCE_STATES.has(state)) {
      return notApplicable(`Instance ${instanceId} is ${state}.`);
    }
    const addresses = publicIps(configuration);
    if (addresses.length === 0 && !Array.isArray(configuration?.networkInterfaces)) {
      return notApplicable(`The network interfaces of instance ${instanceId} were not recorded.`);
    }
    if (addresses.length === 0) return compliant(`Instance ${instanceId} has no public IPv4 address.`);
    return nonCompliant(`Instance ${instanceId} has public IPv4 address ${addresses.join(', ')}.`);
  },
} as const satisfies Rule<Record<string, never>, InstanceConfiguration>;
