import type { CloudTrailRecord } from '#shared/pipeline/events';
import { LOAD_BALANCER_V2_TYPE } from '#shared/resources/elb';
import { type DescribableType, sameExtractor, stringAt, type TouchedResource } from '../resource-type';
import { isLoadBalancerV2Arn, stringsIn } from './arns';

function touched(arns: readonly string[]): TouchedResource[] {
  return arns.filter(isLoadBalancerV2Arn).map((arn): TouchedResource => [LOAD_BALANCER_V2_TYPE, arn]);
}

/**
 * The v2 load balancers a call names: by `loadBalancerArn`, by `resourceArns` (tags; target groups and
 * listeners filtered out), or, on create, in `responseElements.loadBalancers[]`. Classic calls share the
 * event source and names but carry `loadBalancerName`, so they yield nothing here.
 */
function loadBalancersV2(record: CloudTrailRecord): readonly TouchedResource[] {
  const arn = stringAt(record.requestParameters, 'loadBalancerArn');
  if (arn !== undefined) return touched([arn]);
  return touched([
    ...stringsIn(record.requestParameters, ['resourceArns']),
    ...stringsIn(record.responseElements, ['loadBalancers'], 'loadBalancerArn'),
  ]);
}

/** The load balancer a WAFv2 (or WAF Classic Regional) association call names by `resourceArn`. */
function associatedLoadBalancer(record: CloudTrailRecord): readonly TouchedResource[] {
  const arn = stringAt(record.requestParameters, 'resourceArn');
  return arn === undefined ? [] : touched([arn]);
}

/** Application, Network and Gateway Load Balancers with their attributes (access logs) and WAF web ACL. */
export const LOAD_BALANCER_V2: DescribableType = {
  resourceType: LOAD_BALANCER_V2_TYPE,
  services: ['elbv2', 'wafv2'],
  permissions: [
    {
      actions: [
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeTags',
      ],
      resources: ['*'],
      reason:
        'Elastic Load Balancing Describe* actions support no resource-level permissions; read-only, they ' +
        'return load balancer settings, listeners, attributes, policies and tags.',
    },
    {
      actions: ['wafv2:GetWebACLForResource'],
      resources: ['*'],
      reason:
        'Which web ACL protects an Application Load Balancer: the call authorizes on the web ACL, which is ' +
        'unknown until it answers; read-only, one call per load balancer.',
    },
  ],
  cloudTrail: {
    // Listener calls (CreateListener, ModifyListener, DeleteListener) re-describe the load balancer too;
    // the listener type declares them, so the listener is described first and judged with.
    'elasticloadbalancing.amazonaws.com': sameExtractor(
      [
        'CreateLoadBalancer',
        'DeleteLoadBalancer',
        'ModifyLoadBalancerAttributes',
        'SetSecurityGroups',
        'SetSubnets',
        'SetIpAddressType',
        'AddTags',
        'RemoveTags',
      ],
      loadBalancersV2,
    ),
    // A web ACL associated with or removed from an ALB changes its recorded WebACLArn.
    'wafv2.amazonaws.com': sameExtractor(['AssociateWebACL', 'DisassociateWebACL'], associatedLoadBalancer),
    'waf-regional.amazonaws.com': sameExtractor(
      ['AssociateWebACL', 'DisassociateWebACL'],
      associatedLoadBalancer,
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeLoadBalancerV2(
      await clients.client('elbv2'),
      ref,
      await clients.client('wafv2'),
    ),
  list: async (clients, base) =>
    (await import('./describe')).listLoadBalancersV2(await clients.client('elbv2'), base),
};
