import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetWebACLForResourceCommand, type WAFV2Client } from '@aws-sdk/client-wafv2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { LOAD_BALANCER_V2_TYPE } from '#shared/resources/elb';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['LoadBalancerNotFoundException', 'LoadBalancerNotFound'];

/** A sub-read Vigil may not be allowed, or the load balancer went between two calls: that part stays absent. */
const OPTIONAL: readonly string[] = [...NOT_FOUND, 'AccessDenied', 'AccessDeniedException'];

/** WAFv2 answers for a load balancer whose association may not be read, or that went between two calls. */
const WAF_UNREADABLE: readonly string[] = [
  'AccessDeniedException',
  'WAFNonexistentItemException',
  'WAFUnavailableEntityException',
];

/**
 * The ARN of the WAFv2 web ACL protecting an Application Load Balancer (GetWebACLForResource), `null` when
 * none does, undefined when the association could not be read (no client, no permission, LB gone).
 */
async function webAclArnOf(
  wafv2: WAFV2Client | undefined,
  loadBalancer: LoadBalancer & { LoadBalancerArn: string },
): Promise<string | null | undefined> {
  if (wafv2 === undefined || loadBalancer.Type !== 'application') return undefined;
  const response = await optionalRead(
    () => wafv2.send(new GetWebACLForResourceCommand({ ResourceArn: loadBalancer.LoadBalancerArn })),
    WAF_UNREADABLE,
  );
  if (response === undefined) return undefined;
  return response.WebACL?.ARN ?? null;
}

/**
 * An `AWS::ElasticLoadBalancingV2::LoadBalancer` item as AWS Config records it: DescribeLoadBalancers in
 * Config's camelCase, with DescribeLoadBalancerAttributes' `{key, value}` pairs (access logs, deletion
 * protection, …) as `supplementaryConfiguration.LoadBalancerAttributes`, absent when that read is not
 * permitted. The resource id and ARN are the load balancer's ARN, the resource name its name. Listeners are
 * items of their own (`AWS::ElasticLoadBalancingV2::Listener`). For an Application Load Balancer, one
 * WAFv2 GetWebACLForResource call records the web ACL protecting it as `supplementaryConfiguration
 * .WebACLArn` (the ARN, or `null` for none; absent when not read, or when no WAFv2 client is given).
 */
export async function describeLoadBalancerV2(
  client: ElasticLoadBalancingV2Client,
  ref: ResourceRef,
  wafv2?: WAFV2Client,
): Promise<ConfigurationItem> {
  let loadBalancer: LoadBalancer | undefined;
  try {
    const response = await client.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [ref.lookupId] }),
    );
    loadBalancer = response.LoadBalancers?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (loadBalancer?.LoadBalancerArn === undefined) return deletedItem(ref);
  const arn = loadBalancer.LoadBalancerArn;
  const [attributes, tags, webAclArn] = await Promise.all([
    optionalRead(
      () => client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })),
      OPTIONAL,
    ),
    optionalRead(() => client.send(new DescribeTagsCommand({ ResourceArns: [arn] })), OPTIONAL),
    webAclArnOf(wafv2, { ...loadBalancer, LoadBalancerArn: arn }),
  ]);
  return describedItem(ref, {
    resourceId: arn,
    resourceName: loadBalancer.LoadBalancerName ?? arn,
    arn,
    configuration: configObject(loadBalancer),
    supplementaryConfiguration: {
      ...(attributes?.Attributes === undefined
        ? {}
        : { LoadBalancerAttributes: attributes.Attributes.map((attribute) => configObject(attribute)) }),
      ...(webAclArn === undefined ? {} : { WebACLArn: webAclArn }),
    },
    tags: tagMap(tags?.TagDescriptions?.find((entry) => entry.ResourceArn === arn)?.Tags),
  });
}

/** Every Application, Network and Gateway Load Balancer of the region, by ARN. */
export async function listLoadBalancersV2(
  client: ElasticLoadBalancingV2Client,
  base: RefBase,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client }, {})) {
    for (const loadBalancer of page.LoadBalancers ?? []) {
      if (loadBalancer.LoadBalancerArn) {
        refs.push({ ...base, resourceType: LOAD_BALANCER_V2_TYPE, lookupId: loadBalancer.LoadBalancerArn });
      }
    }
  }
  return refs;
}
