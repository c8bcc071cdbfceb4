import type { CloudTrailRecord } from '#shared/pipeline/events';
import { CLASSIC_LOAD_BALANCER_TYPE } from '#shared/resources/elb';
import { type DescribableType, sameExtractor, stringAt, type TouchedResource } from '../resource-type';

/**
 * The Classic Load Balancers a call names. Classic and v2 calls share `elasticloadbalancing.amazonaws.com`
 * and several event names (`CreateLoadBalancer`, `ModifyLoadBalancerAttributes`, `AddTags`, …): a classic
 * call names load balancers by `loadBalancerName` (`loadBalancerNames` for tags), a v2 call by ARN
 * (`loadBalancerArn`, `resourceArns`, or `name` on create), so a v2 call yields nothing here.
 */
function classicLoadBalancers(record: CloudTrailRecord): readonly TouchedResource[] {
  const name = stringAt(record.requestParameters, 'loadBalancerName');
  if (name !== undefined) return [[CLASSIC_LOAD_BALANCER_TYPE, name]];
  const names = record.requestParameters?.loadBalancerNames;
  if (!Array.isArray(names)) return [];
  return names.flatMap((entry): TouchedResource[] =>
    typeof entry === 'string' && entry !== '' ? [[CLASSIC_LOAD_BALANCER_TYPE, entry]] : [],
  );
}

/** Classic Load Balancers, with their attributes (access logs) and policies. */
export const CLASSIC_LOAD_BALANCER: DescribableType = {
  resourceType: CLASSIC_LOAD_BALANCER_TYPE,
  services: ['elb'],
  permissions: [
    {
      actions: [
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeLoadBalancerPolicies',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeTags',
      ],
      resources: ['*'],
      reason:
        'Elastic Load Balancing Describe* actions support no resource-level permissions; read-only, they ' +
        'return load balancer settings, listeners, attributes, policies and tags.',
    },
  ],
  cloudTrail: {
    // Instance (de)registration is left out: Auto Scaling makes those calls all day, and no rule reads the
    // registered instances.
    'elasticloadbalancing.amazonaws.com': sameExtractor(
      [
        'CreateLoadBalancer',
        'DeleteLoadBalancer',
        'ModifyLoadBalancerAttributes',
        'CreateLoadBalancerListeners',
        'DeleteLoadBalancerListeners',
        'SetLoadBalancerListenerSSLCertificate',
        'CreateLoadBalancerPolicy',
        'DeleteLoadBalancerPolicy',
        'CreateAppCookieStickinessPolicy',
        'CreateLBCookieStickinessPolicy',
        'SetLoadBalancerPoliciesOfListener',
        'SetLoadBalancerPoliciesForBackendServer',
        'ApplySecurityGroupsToLoadBalancer',
        'AttachLoadBalancerToSubnets',
        'DetachLoadBalancerFromSubnets',
        'EnableAvailabilityZonesForLoadBalancer',
        'DisableAvailabilityZonesForLoadBalancer',
        'ConfigureHealthCheck',
        'AddTags',
        'RemoveTags',
      ],
      classicLoadBalancers,
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeClassicLoadBalancer(await clients.client('elb'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listClassicLoadBalancers(await clients.client('elb'), base),
};
