import {
  DescribeListenersCommand,
  type ElasticLoadBalancingV2Client,
  type Listener,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { LISTENER_V2_TYPE } from '#shared/resources/elb';
import { deletedItem, describedItem, errorNameOf } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/** The listener is gone, or its load balancer is (which takes its listeners with it). */
const NOT_FOUND: readonly string[] = ['ListenerNotFoundException', 'LoadBalancerNotFoundException'];

/**
 * An SDK response in its own PascalCase field names as plain JSON: dates as ISO strings, `undefined` and
 * `$metadata` dropped.
 */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined && key !== '$metadata') result[key] = plain(member);
  }
  return result;
}

/**
 * An `AWS::ElasticLoadBalancingV2::Listener` item as AWS Config records it: the listener in the
 * CloudFormation shape, PascalCase (`ListenerArn`, `LoadBalancerArn`, `Port`, `Protocol`,
 * `DefaultActions`, `SslPolicy`, `Certificates`), which DescribeListeners returns as is. The resource id
 * and ARN are the listener's ARN; Config gives a listener no resource name.
 */
export async function describeListenerV2(
  client: ElasticLoadBalancingV2Client,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  let listener: Listener | undefined;
  try {
    const response = await client.send(new DescribeListenersCommand({ ListenerArns: [ref.lookupId] }));
    listener = response.Listeners?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (listener?.ListenerArn === undefined) return deletedItem(ref);
  return describedItem(ref, {
    resourceId: listener.ListenerArn,
    arn: listener.ListenerArn,
    configuration: plain(listener) as Record<string, unknown>,
  });
}

/**
 * Every listener of every v2 load balancer of the region (DescribeListeners needs a load balancer or
 * listener ARN, so the load balancers are listed first).
 */
export async function listListenersV2(
  client: ElasticLoadBalancingV2Client,
  base: RefBase,
): Promise<ResourceRef[]> {
  const loadBalancerArns: string[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client }, {})) {
    for (const loadBalancer of page.LoadBalancers ?? []) {
      if (loadBalancer.LoadBalancerArn) loadBalancerArns.push(loadBalancer.LoadBalancerArn);
    }
  }
  const refs: ResourceRef[] = [];
  for (const loadBalancerArn of loadBalancerArns) {
    try {
      for await (const page of paginateDescribeListeners({ client }, { LoadBalancerArn: loadBalancerArn })) {
        for (const listener of page.Listeners ?? []) {
          if (listener.ListenerArn) {
            refs.push({ ...base, resourceType: LISTENER_V2_TYPE, lookupId: listener.ListenerArn });
          }
        }
      }
    } catch (error) {
      // Deleted between the two listings: it has no listeners left to list.
      if (errorNameOf(error) !== 'LoadBalancerNotFoundException') throw error;
    }
  }
  return refs;
}
