import { SUBNET_TYPE, type SubnetConfiguration } from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * VPC subnets do not give instances a public address by default: neither `mapPublicIpOnLaunch` (IPv4) nor
 * `assignIpv6AddressOnCreation` (IPv6; every global unicast range counts, as on the page) is true.
 * Default subnets (which AWS creates with public IPv4 on) fail like any other. A subnet whose IPv4 setting
 * was not recorded (EC2 and Config always give it) is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/subnet-auto-assign-public-ip-disabled.html
 */
export const subnetAutoAssignPublicIpDisabled = {
  id: 'subnet-auto-assign-public-ip-disabled',
  title: 'Subnets do not give instances public addresses by default',
  resourceTypes: [SUBNET_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'A subnet that hands out public addresses puts every instance launched there on the internet unless someone remembers to opt out.',
  remediationAdvice:
    'Turn it off: `aws ec2 modify-subnet-attribute --subnet-id <subnet> --no-map-public-ip-on-launch` (and `--no-assign-ipv6-address-on-creation`), and give the few instances that need one an Elastic IP or put them behind a load balancer.',
  evaluate(item) {
    const id = item.configuration?.subnetId ?? item.resourceId;
    const mapPublic = item.configuration?.mapPublicIpOnLaunch;
    if (typeof mapPublic !== 'boolean') {
      return notApplicable(`Whether subnet ${id} assigns public IPv4 addresses was not recorded.`);
    }
    const kind = item.configuration?.defaultForAz === true ? 'Default subnet' : 'Subnet';
    const assigned = [
      ...(mapPublic ? ['a public IPv4 address'] : []),
      ...(item.configuration?.assignIpv6AddressOnCreation === true ? ['an IPv6 address'] : []),
    ];
    return assigned.length > 0
      ? nonCompliant(`${kind} ${id} assigns ${assigned.join(' and ')} to every instance launched in it.`)
      : compliant(`${kind} ${id} does not assign public addresses on launch.`);
  },
} as const satisfies Rule<Record<string, never>, SubnetConfiguration>;
