import type { CloudTrailRecord } from '#shared/pipeline/events';
import { LISTENER_V2_TYPE, LOAD_BALANCER_V2_TYPE } from '#shared/resources/elb';
import {
  isListenerV2Arn,
  isLoadBalancerV2Arn,
  loadBalancerArnOfListener,
  stringsIn,
} from '../load-balancer-v2/arns';
import { type DescribableType, stringAt, type TouchedResource } from '../resource-type';

/**
 * The listeners a listener call touched, then their load balancers: `alb-http-to-https-redirection-check`
 * judges the load balancer by its listeners, so the load balancer is judged again after the listener item
 * it reads has been described. CreateListener names its listener only in `responseElements.listeners[]`
 * and its load balancer in `requestParameters.loadBalancerArn`; ModifyListener and DeleteListener name
 * `requestParameters.listenerArn`, whose ARN embeds the load balancer's.
 */
function listenersAndLoadBalancers(record: CloudTrailRecord): readonly TouchedResource[] {
  const listenerArns = [
    ...new Set([
      ...[stringAt(record.requestParameters, 'listenerArn')].flatMap((arn) =>
        arn === undefined ? [] : [arn],
      ),
      ...stringsIn(record.responseElements, ['listeners'], 'listenerArn'),
    ]),
  ].filter(isListenerV2Arn);
  const loadBalancerArns = [
    ...new Set([
      ...[stringAt(record.requestParameters, 'loadBalancerArn')].flatMap((arn) =>
        arn === undefined ? [] : [arn],
      ),
      ...listenerArns.flatMap((arn) => {
        const loadBalancerArn = loadBalancerArnOfListener(arn);
        return loadBalancerArn === undefined ? [] : [loadBalancerArn];
      }),
    ]),
  ].filter(isLoadBalancerV2Arn);
  return [
    ...listenerArns.map((arn): TouchedResource => [LISTENER_V2_TYPE, arn]),
    ...loadBalancerArns.map((arn): TouchedResource => [LOAD_BALANCER_V2_TYPE, arn]),
  ];
}

/** ELBv2 listeners (their default actions), read by `alb-http-to-https-redirection-check`. */
export const LISTENER_V2: DescribableType = {
  resourceType: LISTENER_V2_TYPE,
  services: ['elbv2'],
  permissions: [
    {
      actions: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancers'],
      resources: ['*'],
      reason:
        'Elastic Load Balancing Describe* actions support no resource-level permissions; read-only, they ' +
        'return load balancer settings, listeners, attributes, policies and tags.',
    },
  ],
  cloudTrail: {
    'elasticloadbalancing.amazonaws.com': {
      CreateListener: listenersAndLoadBalancers,
      ModifyListener: listenersAndLoadBalancers,
      DeleteListener: listenersAndLoadBalancers,
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeListenerV2(await clients.client('elbv2'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listListenersV2(await clients.client('elbv2'), base),
};
