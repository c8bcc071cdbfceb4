import type { Rule } from '#shared/rules/rule';
import { albHttpDropInvalidHeaderEnabled } from './alb-http-drop-invalid-header-enabled';
import { albHttpToHttpsRedirectionCheck } from './alb-http-to-https-redirection-check';
import { albWafEnabled } from './alb-waf-enabled';
import { elbAcmCertificateRequired } from './elb-acm-certificate-required';
import { elbCrossZoneLoadBalancingEnabled } from './elb-cross-zone-load-balancing-enabled';
import { elbDeletionProtectionEnabled } from './elb-deletion-protection-enabled';
import { elbLoggingEnabled } from './elb-logging-enabled';
import { elbPredefinedSecurityPolicySslCheck } from './elb-predefined-security-policy-ssl-check';
import { elbTlsHttpsListenersOnly } from './elb-tls-https-listeners-only';
import { elbv2MultipleAz } from './elbv2-multiple-az';

/** elb rules. */
export const elbRules: readonly Rule[] = [
  elbTlsHttpsListenersOnly,
  albHttpToHttpsRedirectionCheck,
  elbLoggingEnabled,
  elbDeletionProtectionEnabled,
  albHttpDropInvalidHeaderEnabled,
  albWafEnabled,
  elbv2MultipleAz,
  elbCrossZoneLoadBalancingEnabled,
  elbAcmCertificateRequired,
  elbPredefinedSecurityPolicySslCheck,
];
