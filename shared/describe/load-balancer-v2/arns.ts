import { stringAt } from '../resource-type';

/** `arn:…:loadbalancer/app|net|gwy/<name>/<id>`: an Application, Network or Gateway Load Balancer. */
const LOAD_BALANCER_ARN =
  /^arn:[^:]+:elasticloadbalancing:[^:]*:\d*:loadbalancer\/(?:app|net|gwy)\/[^/]+\/[^/]+$/;

/** `arn:…:listener/app|net|gwy/<lb-name>/<lb-id>/<listener-id>`, capturing what names the load balancer. */
const LISTENER_ARN =
  /^(arn:[^:]+:elasticloadbalancing:[^:]*:\d*:)listener\/((?:app|net|gwy)\/[^/]+\/[^/]+)\/[^/]+$/;

/** Whether an ARN names an ELBv2 load balancer (not a target group, listener or Classic Load Balancer). */
export function isLoadBalancerV2Arn(arn: string): boolean {
  return LOAD_BALANCER_ARN.test(arn);
}

/** Whether an ARN names an ELBv2 listener. */
export function isListenerV2Arn(arn: string): boolean {
  return LISTENER_ARN.test(arn);
}

/** The ARN of the load balancer a listener belongs to: its ARN embeds the load balancer's name and id. */
export function loadBalancerArnOfListener(listenerArn: string): string | undefined {
  const match = LISTENER_ARN.exec(listenerArn);
  return match === null ? undefined : `${match[1]}loadbalancer/${match[2]}`;
}

/** The strings at `field` of each object in the array at `path` (`responseElements.loadBalancers[].loadBalancerArn`). */
export function stringsIn(root: unknown, path: readonly string[], field?: string): string[] {
  let current: unknown = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return [];
    current = (current as Readonly<Record<string, unknown>>)[step];
  }
  if (!Array.isArray(current)) return [];
  return current.flatMap((entry: unknown) => {
    const value = field === undefined ? entry : stringAt(entry, field);
    return typeof value === 'string' && value !== '' ? [value] : [];
  });
}
