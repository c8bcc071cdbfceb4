import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import {
  LISTENER_V2_TYPE,
  type ListenerV2Configuration,
  LOAD_BALANCER_V2_TYPE,
  type LoadBalancerV2Configuration,
  listenersOf,
  loadBalancerName,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Why an HTTP listener does not redirect to HTTPS, or undefined when it does. */
function redirectGap(listener: ConfigurationItem<ListenerV2Configuration>): string | undefined {
  const actions = listener.configuration?.DefaultActions ?? [];
  const types = actions.map((action) => (action.Type ?? 'unknown').toLowerCase());
  const redirectsToHttps = actions.some(
    (action) =>
      action.Type?.toLowerCase() === 'redirect' && action.RedirectConfig?.Protocol?.toUpperCase() === 'HTTPS',
  );
  if (redirectsToHttps && !types.includes('forward')) return undefined;
  const redirect = actions.find((action) => action.Type?.toLowerCase() === 'redirect');
  if (redirect && !redirectsToHttps)
    return `redirects to ${redirect.RedirectConfig?.Protocol ?? 'an unrecorded protocol'}`;
  return types.join(' + ');
}

/**
 * Every HTTP listener of an Application Load Balancer redirects to HTTPS, judged with the inventory's
 * `AWS::ElasticLoadBalancingV2::Listener` items (their default actions; listener rules beyond the
 * default are not recorded with the listener and are not judged). A listener that forwards, answers with
 * a fixed response, or redirects to `#{protocol}` fails. Network and Gateway Load Balancers are
 * NOT_APPLICABLE, and so is an ALB with no recorded listener. A listener whose protocol or default actions
 * (which ELBv2 always gives) are not recorded was not collected: it fails nothing, and leaves the ALB
 * NOT_APPLICABLE unless a collected HTTP listener already fails it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/alb-http-to-https-redirection-check.html
 */
export const albHttpToHttpsRedirectionCheck = {
  id: 'alb-http-to-https-redirection-check',
  title: 'Application Load Balancers redirect every HTTP listener to HTTPS',
  resourceTypes: [LOAD_BALANCER_V2_TYPE],
  reads: [LISTENER_V2_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Serving content over plain HTTP lets anyone on the path read or alter it; redirecting forces TLS.',
  remediationAdvice:
    'Set the HTTP listener default action to a redirect: `aws elbv2 modify-listener --listener-arn <arn> --default-actions Type=redirect,RedirectConfig="{Protocol=HTTPS,Port=443,StatusCode=HTTP_301}"`.',
  evaluate(item, { inventory }) {
    const name = loadBalancerName(item);
    const type = item.configuration?.type?.toLowerCase();
    if (type !== undefined && type !== 'application') {
      return notApplicable(`${name} is a ${type} load balancer, not an Application Load Balancer.`);
    }
    const listeners = listenersOf(item, inventory);
    if (listeners.length === 0) return notApplicable(`No listener of ${name} is recorded.`);
    const unknown = listeners.filter((listener) => typeof listener.configuration?.Protocol !== 'string');
    const httpAll = listeners.filter(
      (listener) => listener.configuration?.Protocol?.toUpperCase() === 'HTTP',
    );
    for (const listener of httpAll) {
      const actions = listener.configuration?.DefaultActions;
      if (!Array.isArray(actions) || actions.length === 0) unknown.push(listener);
    }
    const http = httpAll.filter((listener) => !unknown.includes(listener));
    const gaps = http.flatMap((listener) => {
      const gap = redirectGap(listener);
      return gap === undefined ? [] : [`HTTP:${listener.configuration?.Port ?? '?'} (${gap})`];
    });
    if (gaps.length === 0 && unknown.length > 0) {
      const ports = unknown.map((listener) => listener.configuration?.Port ?? '?').join(', ');
      return notApplicable(
        `The protocol or default actions of listener(s) on port ${ports} of ${name} were not recorded.`,
      );
    }
    if (http.length === 0) return compliant(`${name} has no HTTP listener.`);
    if (gaps.length === 0) {
      const ports = http.map((listener) => `HTTP:${listener.configuration?.Port ?? '?'}`).join(', ');
      return compliant(`Every HTTP listener of ${name} redirects to HTTPS (${ports}).`);
    }
    return nonCompliant(
      `HTTP listeners of ${name} do not redirect to HTTPS: ${gaps.slice(0, 4).join(', ')}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, LoadBalancerV2Configuration>;
