import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import { oncePerItem } from '#shared/config-item/once-per-item';
import type { Inventory, InventoryKey } from '#shared/rules/inventory';

/** AWS Config resource type of an EC2 instance. */
export const INSTANCE_TYPE = 'AWS::EC2::Instance';

/** AWS Config resource type of a security group. */
export const SECURITY_GROUP_TYPE = 'AWS::EC2::SecurityGroup';

/** AWS Config resource type of an EBS volume. */
export const VOLUME_TYPE = 'AWS::EC2::Volume';

/** AWS Config resource type of a VPC. */
export const VPC_TYPE = 'AWS::EC2::VPC';

/** AWS Config resource type of a VPC / subnet / network-interface flow log. */
export const FLOW_LOG_TYPE = 'AWS::EC2::FlowLog';

/**
 * One inbound or outbound rule of a security group as AWS Config records it (DescribeSecurityGroups
 * `IpPermission` in camelCase). Config keeps IPv4 sources twice: objects in `ipv4Ranges` and bare CIDR
 * strings in `ipRanges`; both are read. `fromPort`/`toPort` are absent for protocol `-1`.
 */
export type IpPermission = {
  readonly ipProtocol?: string;
  readonly fromPort?: number | null;
  readonly toPort?: number | null;
  readonly ipRanges?: readonly string[] | null;
  readonly ipv4Ranges?: readonly { readonly cidrIp?: string; readonly description?: string }[] | null;
  readonly ipv6Ranges?: readonly { readonly cidrIpv6?: string; readonly description?: string }[] | null;
  readonly prefixListIds?: readonly { readonly prefixListId?: string }[] | null;
  readonly userIdGroupPairs?: readonly { readonly groupId?: string; readonly userId?: string }[] | null;
};

/** The parts of an `AWS::EC2::SecurityGroup` configuration item Vigil's rules read. */
export type SecurityGroupConfiguration = {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly description?: string;
  readonly vpcId?: string | null;
  readonly ownerId?: string;
  readonly ipPermissions?: readonly IpPermission[] | null;
  readonly ipPermissionsEgress?: readonly IpPermission[] | null;
};

/** The parts of an `AWS::EC2::Instance` configuration item Vigil's rules read (DescribeInstances, camelCase). */
export type InstanceConfiguration = {
  readonly instanceId?: string;
  /** `name` is pending | running | shutting-down | terminated | stopping | stopped. */
  readonly state?: { readonly code?: number | string; readonly name?: string } | null;
  readonly metadataOptions?: {
    readonly state?: string;
    /** `required` means IMDSv2 only; `optional` also answers IMDSv1 requests. */
    readonly httpTokens?: string;
    readonly httpEndpoint?: string;
    readonly httpPutResponseHopLimit?: number;
  } | null;
  /** Why the state last changed; EC2 writes `User initiated (2026-11-18 22:02:47 GMT)` for a user's stop. */
  readonly stateTransitionReason?: string | null;
  /** The instance profile (and so the IAM role) the instance runs with; absent when none. */
  readonly iamInstanceProfile?: { readonly arn?: string | null; readonly id?: string | null } | null;
  /** Detailed monitoring: `state` is disabled | disabling | enabled | pending. */
  readonly monitoring?: { readonly state?: string } | null;
  readonly publicIpAddress?: string | null;
  readonly publicDnsName?: string | null;
  readonly networkInterfaces?:
    | readonly {
        readonly networkInterfaceId?: string;
        readonly association?: { readonly publicIp?: string | null } | null;
      }[]
    | null;
};

/** A contiguous range of ports, both ends included. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Every port. */
export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** Transport protocols whose rules open ports. */
export type TransportProtocol = 'tcp' | 'udp';

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  '-1': 'all',
  all: 'all',
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};

/** The protocol of a rule in canonical form: `all` for `-1`, names for 6/17/1/58, otherwise as given (lower case). */
export function permissionProtocol(permission: IpPermission): string {
  const raw = (permission.ipProtocol ?? '-1').trim().toLowerCase();
  return PROTOCOL_NAMES[raw] ?? raw;
}

/** The ports a rule opens over a transport protocol, or undefined when it opens none over it. */
export function openedPorts(permission: IpPermission, protocol: TransportProtocol): PortRange | undefined {
  const actual = permissionProtocol(permission);
  if (actual === 'all') return ALL_PORTS;
  if (actual !== protocol) return undefined;
  const from = permission.fromPort;
  const to = permission.toPort;
  // A missing or negative bound means every port (CloudFormation and old CIs write -1).
  if (from === undefined || from === null || from < 0 || to === undefined || to === null || to < 0) {
    return ALL_PORTS;
  }
  return { from: Math.min(from, to), to: Math.max(from, to) };
}

/** Whether a port range contains a port. */
export function rangeIncludes(range: PortRange, port: number): boolean {
  return range.from <= port && port <= range.to;
}

/** `22`, `0-1024` or `all ports`. */
export function formatPortRange(range: PortRange): string {
  if (range.from === ALL_PORTS.from && range.to === ALL_PORTS.to) return 'all ports';
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

/** A rule as a person reads it: `tcp 22`, `udp 500-501`, `all traffic`, `icmp`. */
export function describePermission(permission: IpPermission): string {
  const protocol = permissionProtocol(permission);
  if (protocol === 'all') return 'all traffic';
  if (protocol === 'tcp' || protocol === 'udp') {
    return `${protocol} ${formatPortRange(openedPorts(permission, protocol) ?? ALL_PORTS)}`;
  }
  return protocol;
}

/** Whether a CIDR covers the whole address space of its family (prefix length 0: `0.0.0.0/0`, `::/0`). */
export function isWholeInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/** The IPv4 and IPv6 sources of a rule that cover the whole internet, without duplicates, IPv4 first. */
export function worldOpenSources(permission: IpPermission): readonly string[] {
  const cidrs = [
    ...(permission.ipv4Ranges ?? []).map((range) => range.cidrIp),
    ...(permission.ipRanges ?? []),
    ...(permission.ipv6Ranges ?? []).map((range) => range.cidrIpv6),
  ];
  const open = cidrs.filter((cidr): cidr is string => typeof cidr === 'string' && isWholeInternet(cidr));
  return [...new Set(open.map((cidr) => cidr.trim()))];
}

/** An inbound rule open to the whole internet, with its 1-based position in the group's inbound rules. */
export interface WorldOpenRule {
  readonly position: number;
  readonly permission: IpPermission;
  readonly sources: readonly string[];
}

/** The group's inbound rules whose sources include the whole internet (IPv4 or IPv6). */
export function worldOpenIngress(configuration: SecurityGroupConfiguration | null): readonly WorldOpenRule[] {
  return configuration === null ? [] : worldOpenIngressOf(configuration);
}

const worldOpenIngressOf = oncePerItem(
  (configuration: SecurityGroupConfiguration): readonly WorldOpenRule[] =>
    (configuration.ipPermissions ?? []).flatMap((permission, index) => {
      const sources = worldOpenSources(permission);
      return sources.length === 0 ? [] : [{ position: index + 1, permission, sources }];
    }),
);

/**
 * Whether the item records the group's inbound rules. Config and DescribeSecurityGroups always give
 * `ipPermissions` (an empty list for a group without inbound rules), so without it they were not collected.
 */
export function recordsIngress(configuration: SecurityGroupConfiguration | null): boolean {
  return Array.isArray(configuration?.ipPermissions);
}

/** The group id as people know it, falling back to the Config resource id. */
export function securityGroupId(item: ConfigurationItem<SecurityGroupConfiguration>): string {
  return item.configuration?.groupId ?? item.resourceId;
}

/** One finding as a sentence fragment: `inbound rule 3 (tcp 0-1024) from 0.0.0.0/0, ::/0`. */
export function describeWorldOpenRule(rule: WorldOpenRule): string {
  return `inbound rule ${rule.position} (${describePermission(rule.permission)}) from ${rule.sources.join(', ')}`;
}

/**
 * Parses a list of ports and dash ranges as AWS Config rule parameters write them (`443`, `1020-1025`).
 * @returns the ranges, or the first entry that is not a port or range.
 */
export function parsePortRanges(
  entries: readonly string[],
):
  | { readonly ok: true; readonly ranges: readonly PortRange[] }
  | { readonly ok: false; readonly entry: string } {
  const ranges: PortRange[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(entry);
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!match || from > 65535 || to > 65535 || from > to) return { ok: false, entry };
    ranges.push({ from, to });
  }
  return { ok: true, ranges };
}

/** Whether the union of `allowed` ranges contains every port of `range`. */
export function rangesCover(allowed: readonly PortRange[], range: PortRange): boolean {
  const sorted = [...allowed].sort((a, b) => a.from - b.from);
  let next = range.from;
  for (const candidate of sorted) {
    if (candidate.from > next) break;
    if (candidate.to >= next) next = candidate.to + 1;
    if (next > range.to) return true;
  }
  return next > range.to;
}

/** Instance states in which an instance is gone or going, so instance rules no longer apply. */
export const ENDED_INSTANCE_STATES: ReadonlySet<string> = new Set(['shutting-down', 'terminated']);

/** The instance state name (`running`, `stopped`, …) in lower case, if recorded. */
export function instanceStateName(configuration: InstanceConfiguration | null): string | undefined {
  const name = configuration?.state?.name;
  return typeof name === 'string' ? name.toLowerCase() : undefined;
}

/** The parts of an `AWS::EC2::VPC` configuration item Vigil's rules read. */
export type VpcConfiguration = {
  readonly vpcId?: string;
  readonly isDefault?: boolean;
  readonly cidrBlock?: string;
  readonly state?: string | { readonly value?: string } | null;
};

/** The parts of an `AWS::EC2::FlowLog` configuration item Vigil's rules read (DescribeFlowLogs, camelCase). */
export type FlowLogConfiguration = {
  readonly flowLogId?: string;
  /** The VPC, subnet or network interface the flow log captures. */
  readonly resourceId?: string;
  /** ACCEPT | REJECT | ALL. */
  readonly trafficType?: string;
  /** `ACTIVE` while the flow log exists. */
  readonly flowLogStatus?: string;
  /** SUCCESS | FAILED | SKIPPED. */
  readonly deliverLogsStatus?: string;
  readonly deliverLogsErrorMessage?: string;
  /** cloud-watch-logs | s3 | kinesis-data-firehose. */
  readonly logDestinationType?: string;
  /** ARN of the log group, bucket (and prefix) or delivery stream. */
  readonly logDestination?: string;
  /** Set for CloudWatch Logs destinations. */
  readonly logGroupName?: string;
};

/** The VPC id of a VPC item, falling back to the Config resource id. */
export function vpcIdOf(item: ConfigurationItem<VpcConfiguration>): string {
  return item.configuration?.vpcId ?? item.resourceId;
}

/**
 * The current flow logs of the inventory that capture this VPC itself (not its subnets or interfaces), in
 * the VPC's account and region: those whose `configuration.resourceId` is the VPC id or, when that field
 * is not recorded, that Config relates to the VPC.
 */
export function flowLogsOfVpc(
  vpc: ConfigurationItem<VpcConfiguration>,
  inventory: Inventory,
): readonly ConfigurationItem<FlowLogConfiguration>[] {
  const key = `${vpc.accountId}|${vpc.region}|${vpcIdOf(vpc)}`;
  return inventory.itemsWithKey(
    FLOW_LOG_TYPE,
    capturedResourceKey,
    key,
  ) as readonly ConfigurationItem<FlowLogConfiguration>[];
}

/** Files a current flow log under `account|region|captured resource id`. */
const capturedResourceKey: InventoryKey = (item) => {
  if (isDeleted(item)) return undefined;
  const flowLog = item as ConfigurationItem<FlowLogConfiguration>;
  const scope = `${flowLog.accountId}|${flowLog.region}|`;
  const target = flowLog.configuration?.resourceId;
  // A subnet's flow log may also be related to its VPC, so the relationship only counts when the
  // captured resource is not recorded.
  if (target !== undefined) return scope + target;
  return flowLog.relationships
    .filter((relationship) => relationship.resourceType === VPC_TYPE)
    .map((relationship) => scope + relationship.resourceId);
};

/** The flow log id, falling back to the Config resource id. */
export function flowLogIdOf(flowLog: ConfigurationItem<FlowLogConfiguration>): string {
  return flowLog.configuration?.flowLogId ?? flowLog.resourceId;
}

/** The parts of an `AWS::EC2::Volume` configuration item Vigil's rules read (DescribeVolumes, camelCase). */
export type VolumeConfiguration = {
  readonly volumeId?: string;
  readonly encrypted?: boolean;
  /** ARN of the KMS key of an encrypted volume. */
  readonly kmsKeyId?: string | null;
  /** `available`, `in-use`, …; some exports write `{ value }`. */
  readonly state?: string | { readonly value?: string } | null;
  readonly attachments?:
    | readonly {
        readonly instanceId?: string;
        /** attaching | attached | detaching | detached | busy. */
        readonly state?: string;
        readonly device?: string;
        readonly deleteOnTermination?: boolean | null;
      }[]
    | null;
};

/** AWS Config resource type of a VPC network ACL. */
export const NETWORK_ACL_TYPE = 'AWS::EC2::NetworkAcl';

/** One entry of a network ACL (DescribeNetworkAcls `NetworkAclEntry` in camelCase). */
export type NetworkAclEntry = {
  readonly ruleNumber?: number;
  /** `-1` (all), `6` (tcp), `17` (udp), … as a string; names accepted. */
  readonly protocol?: string;
  /** allow | deny. */
  readonly ruleAction?: string;
  /** true for an outbound entry. */
  readonly egress?: boolean;
  readonly cidrBlock?: string | null;
  readonly ipv6CidrBlock?: string | null;
  readonly portRange?: { readonly from?: number | null; readonly to?: number | null } | null;
};

/** The parts of an `AWS::EC2::NetworkAcl` configuration item Vigil's rules read (DescribeNetworkAcls, camelCase). */
export type NetworkAclConfiguration = {
  readonly networkAclId?: string;
  readonly vpcId?: string;
  readonly isDefault?: boolean;
  readonly entries?: readonly NetworkAclEntry[] | null;
  readonly associations?:
    | readonly {
        readonly networkAclAssociationId?: string;
        readonly networkAclId?: string;
        readonly subnetId?: string;
      }[]
    | null;
};

/** The network ACL id, falling back to the Config resource id. */
export function networkAclIdOf(item: ConfigurationItem<NetworkAclConfiguration>): string {
  return item.configuration?.networkAclId ?? item.resourceId;
}

/** The ports a network ACL entry opens over a transport protocol, or undefined when it opens none over it. */
export function networkAclEntryPorts(
  entry: NetworkAclEntry,
  protocol: TransportProtocol,
): PortRange | undefined {
  return openedPorts(
    { ipProtocol: entry.protocol, fromPort: entry.portRange?.from, toPort: entry.portRange?.to },
    protocol,
  );
}

/** AWS Config resource type of a VPC subnet. */
export const SUBNET_TYPE = 'AWS::EC2::Subnet';

/** The parts of an `AWS::EC2::Subnet` configuration item Vigil's rules read (DescribeSubnets, camelCase). */
export type SubnetConfiguration = {
  readonly subnetId?: string;
  readonly vpcId?: string;
  /** Whether instances launched in the subnet get a public IPv4 address by default. */
  readonly mapPublicIpOnLaunch?: boolean | null;
  /** Whether instances launched in the subnet get an IPv6 address (a global unicast one) by default. */
  readonly assignIpv6AddressOnCreation?: boolean | null;
  readonly defaultForAz?: boolean;
};

/** AWS Config resource type of an internet gateway. */
export const INTERNET_GATEWAY_TYPE = 'AWS::EC2::InternetGateway';

/** The parts of an `AWS::EC2::InternetGateway` configuration item Vigil's rules read (DescribeInternetGateways). */
export type InternetGatewayConfiguration = {
  readonly internetGatewayId?: string;
  /** `state` is attaching | available (attached) | detaching | detached. */
  readonly attachments?: readonly { readonly state?: string; readonly vpcId?: string }[] | null;
};
