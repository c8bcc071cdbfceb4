import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import { objectOf } from '#shared/resources/json-values';
import type { Inventory, InventoryKey } from '#shared/rules/inventory';

/** AWS Config resource type of a Classic Load Balancer. */
export const CLASSIC_LOAD_BALANCER_TYPE = 'AWS::ElasticLoadBalancing::LoadBalancer';

/** AWS Config resource type of an Application, Network or Gateway Load Balancer. */
export const LOAD_BALANCER_V2_TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/** AWS Config resource type of an Application/Network Load Balancer listener. */
export const LISTENER_V2_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';

/**
 * The parts of an `AWS::ElasticLoadBalancing::LoadBalancer` configuration item Vigil's rules read
 * (DescribeLoadBalancers in Config's camelCase: `dnsname`, `vpcid`, `sslcertificateId`).
 */
export type ClassicLoadBalancerConfiguration = {
  readonly loadBalancerName?: string;
  readonly scheme?: string;
  readonly listenerDescriptions?:
    | readonly {
        readonly listener?: {
          readonly protocol?: string;
          readonly loadBalancerPort?: number;
          readonly instanceProtocol?: string;
          readonly instancePort?: number;
          readonly sslcertificateId?: string | null;
        } | null;
        readonly policyNames?: readonly string[];
      }[]
    | null;
};

/**
 * The parts of an `AWS::ElasticLoadBalancingV2::LoadBalancer` configuration item Vigil's rules read
 * (DescribeLoadBalancers, camelCase). `type` is application | network | gateway.
 */
export type LoadBalancerV2Configuration = {
  readonly loadBalancerArn?: string;
  readonly loadBalancerName?: string;
  readonly type?: string;
  readonly scheme?: string;
  /** The zones (and their subnets) the load balancer is mapped to; always recorded, never empty. */
  readonly availabilityZones?:
    | readonly { readonly zoneName?: string | null; readonly subnetId?: string | null }[]
    | null;
};

/** One default action of an ELBv2 listener, in the CloudFormation shape Config records listeners in. */
export type ListenerAction = {
  readonly Type?: string;
  readonly Order?: number;
  readonly TargetGroupArn?: string;
  readonly RedirectConfig?: {
    readonly Protocol?: string;
    readonly Port?: string;
    readonly Host?: string;
    readonly Path?: string;
    readonly Query?: string;
    readonly StatusCode?: string;
  } | null;
};

/** The parts of an `AWS::ElasticLoadBalancingV2::Listener` configuration item (CloudFormation shape, PascalCase). */
export type ListenerV2Configuration = {
  readonly ListenerArn?: string;
  readonly LoadBalancerArn?: string;
  readonly Port?: number;
  readonly Protocol?: string;
  readonly DefaultActions?: readonly ListenerAction[] | null;
};

/** The first of several spellings of a key present on an object (Config's camelCase, the API's PascalCase). */
function field(object: Readonly<Record<string, unknown>> | undefined, ...keys: string[]): unknown {
  if (object === undefined) return undefined;
  for (const key of keys) if (key in object) return object[key];
  return undefined;
}

/**
 * Access logging of a Classic Load Balancer, from `supplementaryConfiguration.LoadBalancerAttributes`
 * (DescribeLoadBalancerAttributes: `accessLog.enabled`, `accessLog.s3BucketName`; PascalCase accepted);
 * undefined when the attributes are not recorded.
 */
export function classicAccessLog(
  supplementary: Readonly<Record<string, unknown>>,
): { readonly enabled: boolean; readonly bucket: string | undefined } | undefined {
  const attributes = objectOf(field(supplementary, 'LoadBalancerAttributes', 'loadBalancerAttributes'));
  if (attributes === undefined) return undefined;
  const accessLog = objectOf(field(attributes, 'accessLog', 'AccessLog'));
  const bucket = field(accessLog, 's3BucketName', 'S3BucketName');
  return {
    enabled: field(accessLog, 'enabled', 'Enabled') === true,
    bucket: typeof bucket === 'string' && bucket !== '' ? bucket : undefined,
  };
}

/**
 * Whether a Classic Load Balancer balances across zones, from `supplementaryConfiguration.LoadBalancerAttributes`
 * (`crossZoneLoadBalancing.enabled`; PascalCase accepted); undefined when the attributes or that attribute
 * (which DescribeLoadBalancerAttributes always returns) are not recorded.
 */
export function classicCrossZoneLoadBalancing(
  supplementary: Readonly<Record<string, unknown>>,
): boolean | undefined {
  const attributes = objectOf(field(supplementary, 'LoadBalancerAttributes', 'loadBalancerAttributes'));
  const crossZone = objectOf(field(attributes, 'crossZoneLoadBalancing', 'CrossZoneLoadBalancing'));
  const enabled = field(crossZone, 'enabled', 'Enabled');
  if (typeof enabled === 'boolean') return enabled;
  if (typeof enabled === 'string' && /^(true|false)$/i.test(enabled.trim())) {
    return enabled.trim().toLowerCase() === 'true';
  }
  return undefined;
}

/** Listener protocols of a Classic Load Balancer that terminate TLS with a certificate. */
const CLASSIC_TLS_PROTOCOLS: ReadonlySet<string> = new Set(['HTTPS', 'SSL']);

/** One HTTPS or SSL listener of a Classic Load Balancer: its port, certificate and policy names. */
export interface ClassicTlsListener {
  readonly protocol: string;
  readonly port: number | undefined;
  readonly certificateId: string | undefined;
  /** Undefined when the listener's policy names were not recorded. */
  readonly policyNames: readonly string[] | undefined;
}

/**
 * The HTTPS and SSL listeners of a Classic Load Balancer, or undefined when its listeners were not
 * recorded (Config always records `listenerDescriptions`, an empty list for none).
 */
export function classicTlsListeners(
  configuration: ClassicLoadBalancerConfiguration | null,
): readonly ClassicTlsListener[] | undefined {
  const descriptions = configuration?.listenerDescriptions;
  if (!Array.isArray(descriptions)) return undefined;
  return descriptions.flatMap((description) => {
    const protocol = description.listener?.protocol?.toUpperCase();
    if (protocol === undefined || !CLASSIC_TLS_PROTOCOLS.has(protocol)) return [];
    const certificate = description.listener?.sslcertificateId;
    const names = description.policyNames;
    return [
      {
        protocol,
        port: description.listener?.loadBalancerPort,
        certificateId: typeof certificate === 'string' && certificate !== '' ? certificate : undefined,
        policyNames: Array.isArray(names) ? names.filter((name) => typeof name === 'string') : undefined,
      },
    ];
  });
}

/**
 * The attributes of an ELBv2 load balancer, from `supplementaryConfiguration.LoadBalancerAttributes`
 * (a list of `{ key, value }` string pairs; `Key`/`Value` accepted); undefined when not recorded.
 */
export function loadBalancerV2Attributes(
  supplementary: Readonly<Record<string, unknown>>,
): ReadonlyMap<string, string> | undefined {
  const list = field(supplementary, 'LoadBalancerAttributes', 'loadBalancerAttributes');
  if (!Array.isArray(list)) return undefined;
  const attributes = new Map<string, string>();
  for (const entry of list) {
    const key = field(objectOf(entry), 'key', 'Key');
    const value = field(objectOf(entry), 'value', 'Value');
    if (typeof key === 'string')
      attributes.set(key, value === undefined || value === null ? '' : String(value));
  }
  return attributes;
}

/** The ARN of an ELBv2 load balancer item (its Config resource id is the ARN too). */
export function loadBalancerV2Arn(item: ConfigurationItem<LoadBalancerV2Configuration>): string {
  return item.configuration?.loadBalancerArn ?? item.arn ?? item.resourceId;
}

/** The load balancer's name, falling back to the Config resource name or id. */
export function loadBalancerName(item: ConfigurationItem<{ readonly loadBalancerName?: string }>): string {
  return item.configuration?.loadBalancerName ?? item.resourceName ?? item.resourceId;
}

/** The current listeners of an ELBv2 load balancer recorded in the inventory. */
export function listenersOf(
  loadBalancer: ConfigurationItem<LoadBalancerV2Configuration>,
  inventory: Inventory,
): readonly ConfigurationItem<ListenerV2Configuration>[] {
  return inventory.itemsWithKey(
    LISTENER_V2_TYPE,
    loadBalancerArnKey,
    loadBalancerV2Arn(loadBalancer),
  ) as readonly ConfigurationItem<ListenerV2Configuration>[];
}

/** Files a current listener under the ARN of its load balancer. */
const loadBalancerArnKey: InventoryKey = (item) =>
  isDeleted(item)
    ? undefined
    : (item as ConfigurationItem<ListenerV2Configuration>).configuration?.LoadBalancerArn;
