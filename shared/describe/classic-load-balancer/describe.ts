import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type ElasticLoadBalancingClient,
  type LoadBalancerDescription,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { CLASSIC_LOAD_BALANCER_TYPE } from '#shared/resources/elb';
import {
  configObject,
  deletedItem,
  describedItem,
  errorNameOf,
  optionalRead,
  tagMap,
  toConfigShape,
} from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/** The error ELB answers for a load balancer name it does not know (API code `LoadBalancerNotFound`). */
const NOT_FOUND: readonly string[] = ['AccessPointNotFoundException', 'LoadBalancerNotFound'];

/** A sub-read Vigil may not be allowed, or the load balancer went between two calls: that part stays absent. */
const OPTIONAL: readonly string[] = [
  ...NOT_FOUND,
  'AccessDenied',
  'AccessDeniedException',
  'LoadBalancerAttributeNotFoundException',
  'PolicyNotFoundException',
];

/**
 * Config records DescribeLoadBalancers through the Java SDK's bean names, which lower-case a leading run
 * of capitals whole (`DNSName` → `dnsname`, `VPCId` → `vpcid`, `SSLCertificateId` → `sslcertificateId`,
 * `LBCookieStickinessPolicies` → `lbcookieStickinessPolicies`), not just its first letter.
 */
const CONFIG_BEAN_NAMES: Readonly<Record<string, string>> = {
  dNSName: 'dnsname',
  vPCId: 'vpcid',
  sSLCertificateId: 'sslcertificateId',
  lBCookieStickinessPolicies: 'lbcookieStickinessPolicies',
};

function renamed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [CONFIG_BEAN_NAMES[key] ?? key, renamed(member)]),
  );
}

/** `aws`, `aws-cn` or `aws-us-gov`, from the region name. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * An `AWS::ElasticLoadBalancing::LoadBalancer` item as AWS Config records it: DescribeLoadBalancers in
 * Config's naming (listeners with their protocols and policies), and as supplementary configuration
 * `LoadBalancerAttributes` (access log, cross-zone, draining; DescribeLoadBalancerAttributes) and
 * `LoadBalancerPolicies` (DescribeLoadBalancerPolicies). Resource id and name are the load balancer's name.
 * A supplementary key stays absent when its read is not permitted, so no rule judges logging it did not see.
 */
export async function describeClassicLoadBalancer(
  client: ElasticLoadBalancingClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  let description: LoadBalancerDescription | undefined;
  try {
    const response = await client.send(
      new DescribeLoadBalancersCommand({ LoadBalancerNames: [ref.lookupId] }),
    );
    description = response.LoadBalancerDescriptions?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (description?.LoadBalancerName === undefined) return deletedItem(ref);
  const name = description.LoadBalancerName;
  const [attributes, policies, tags] = await Promise.all([
    optionalRead(
      () => client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: name })),
      OPTIONAL,
    ),
    optionalRead(
      () => client.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: name })),
      OPTIONAL,
    ),
    optionalRead(() => client.send(new DescribeTagsCommand({ LoadBalancerNames: [name] })), OPTIONAL),
  ]);
  const supplementary: Record<string, unknown> = {};
  if (attributes?.LoadBalancerAttributes !== undefined) {
    supplementary.LoadBalancerAttributes = toConfigShape(attributes.LoadBalancerAttributes);
  }
  if (policies?.PolicyDescriptions !== undefined) {
    supplementary.LoadBalancerPolicies = toConfigShape(policies.PolicyDescriptions);
  }
  return describedItem(ref, {
    resourceId: name,
    resourceName: name,
    arn: `arn:${partitionOf(ref.region)}:elasticloadbalancing:${ref.region}:${ref.accountId}:loadbalancer/${name}`,
    configuration: renamed(configObject(description)) as Record<string, unknown>,
    supplementaryConfiguration: supplementary,
    tags: tagMap(tags?.TagDescriptions?.find((entry) => entry.LoadBalancerName === name)?.Tags),
  });
}

/** Every Classic Load Balancer of the region. */
export async function listClassicLoadBalancers(
  client: ElasticLoadBalancingClient,
  base: RefBase,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client }, {})) {
    for (const description of page.LoadBalancerDescriptions ?? []) {
      if (description.LoadBalancerName) {
        refs.push({
          ...base,
          resourceType: CLASSIC_LOAD_BALANCER_TYPE,
          lookupId: description.LoadBalancerName,
        });
      }
    }
  }
  return refs;
}
