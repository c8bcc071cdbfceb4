import {
  CLASSIC_LOAD_BALANCER_TYPE,
  type ClassicLoadBalancerConfiguration,
  loadBalancerName,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const SECURE_PROTOCOLS: ReadonlySet<string> = new Set(['HTTPS', 'SSL']);

/**
 * Every listener of a Classic Load Balancer uses HTTPS or SSL (TLS) on its front end. A load balancer
 * without listeners is NOT_APPLICABLE, as in the managed rule. A listener whose protocol, or a load
 * balancer whose listeners, were not recorded (ELB always gives both) were not collected: NOT_APPLICABLE
 * with that reason unless a collected listener already fails.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elb-tls-https-listeners-only.html
 */
export const elbTlsHttpsListenersOnly = {
  id: 'elb-tls-https-listeners-only',
  title: 'Classic Load Balancers accept only HTTPS or TLS connections',
  resourceTypes: [CLASSIC_LOAD_BALANCER_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale: 'A plaintext listener sends credentials and customer data across the network unencrypted.',
  remediationAdvice:
    'Replace each HTTP/TCP listener with an HTTPS or SSL one using an ACM certificate (`aws elb create-load-balancer-listeners ... Protocol=HTTPS,SSLCertificateId=<arn>` then `aws elb delete-load-balancer-listeners --load-balancer-ports 80`).',
  evaluate(item) {
    const name = loadBalancerName(item);
    const descriptions = item.configuration?.listenerDescriptions;
    if (!Array.isArray(descriptions)) {
      return notApplicable(`The listeners of Classic Load Balancer ${name} were not recorded.`);
    }
    const listeners = descriptions.map((description) => description.listener);
    if (listeners.length === 0) return notApplicable(`Classic Load Balancer ${name} has no listener.`);
    const unknown = listeners.filter((listener) => typeof listener?.protocol !== 'string');
    const plaintext = listeners.filter(
      (listener) =>
        typeof listener?.protocol === 'string' && !SECURE_PROTOCOLS.has(listener.protocol.toUpperCase()),
    );
    if (plaintext.length === 0 && unknown.length > 0) {
      const ports = unknown.map((listener) => listener?.loadBalancerPort ?? '?').join(', ');
      return notApplicable(
        `The protocol of listener(s) on port ${ports} of Classic Load Balancer ${name} was not recorded.`,
      );
    }
    if (plaintext.length === 0) {
      return compliant(`Every listener of Classic Load Balancer ${name} uses HTTPS or SSL.`);
    }
    const listed = plaintext
      .map((listener) => `${listener?.protocol}:${listener?.loadBalancerPort ?? '?'}`)
      .join(', ');
    return nonCompliant(`Classic Load Balancer ${name} has listeners without TLS: ${listed}.`);
  },
} as const satisfies Rule<Record<string, never>, ClassicLoadBalancerConfiguration>;
