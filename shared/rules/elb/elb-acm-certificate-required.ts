import {
  CLASSIC_LOAD_BALANCER_TYPE,
  type ClassicLoadBalancerConfiguration,
  classicTlsListeners,
  loadBalancerName,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** An ACM certificate ARN: `arn:<partition>:acm:<region>:<account>:certificate/<id>`. */
const ACM_CERTIFICATE = /^arn:[^:]+:acm:[^:]*:[^:]*:certificate\//;

/**
 * Classic Load Balancers serve their HTTPS and SSL listeners with certificates from AWS Certificate
 * Manager: each such listener's `sslcertificateId` is an ACM certificate ARN, not an IAM server
 * certificate (`arn:aws:iam::…:server-certificate/…`). A load balancer without an HTTPS or SSL listener
 * is NOT_APPLICABLE (the page: "To use this rule, use an SSL or HTTPS listener"), and so is one whose
 * listeners, or a listener's certificate, were not recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elb-acm-certificate-required.html
 */
export const elbAcmCertificateRequired = {
  id: 'elb-acm-certificate-required',
  title: 'Classic Load Balancers use certificates from AWS Certificate Manager',
  resourceTypes: [CLASSIC_LOAD_BALANCER_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'ACM renews the certificates it issues and tracks their expiry; certificates uploaded to IAM expire silently and take the site down with them.',
  remediationAdvice:
    'Request or import the certificate in ACM, then point the listener at it: `aws elb set-load-balancer-listener-ssl-certificate --load-balancer-name <name> --load-balancer-port 443 --ssl-certificate-id <acm-arn>`.',
  evaluate(item) {
    const name = loadBalancerName(item);
    const listeners = classicTlsListeners(item.configuration);
    if (listeners === undefined) return notApplicable(`The listeners of ${name} were not recorded.`);
    if (listeners.length === 0) return notApplicable(`${name} has no HTTPS or SSL listener.`);
    const unrecorded = listeners.filter((listener) => listener.certificateId === undefined);
    if (unrecorded.length > 0) {
      return notApplicable(
        `The certificate of ${name}'s ${unrecorded[0]?.protocol} listener on port ${unrecorded[0]?.port} was not recorded.`,
      );
    }
    const outside = listeners.filter((listener) => !ACM_CERTIFICATE.test(listener.certificateId ?? ''));
    if (outside.length === 0) {
      return compliant(`Every HTTPS/SSL listener of ${name} uses an ACM certificate.`);
    }
    const described = outside.map(
      (listener) => `${listener.protocol} ${listener.port} uses ${listener.certificateId}`,
    );
    return nonCompliant(`${name} has listeners without an ACM certificate: ${described.join('; ')}.`);
  },
} as const satisfies Rule<Record<string, never>, ClassicLoadBalancerConfiguration>;
