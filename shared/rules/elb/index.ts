import type { Rule } from '#shared/rules/rule';
import { albHttpDropInvalidHeaderEnabled } from './alb-http-drop-invalid-header-enabled';
import { albHttpToHttpsRedirectionCheck } from './alb-http-to-https-redirection-check';
import { albWafEnabled } from './alb-waf-enabled';
import { elbDeletionProtectionEnabled } from './elb-deletion-protection-enabled';
import { elbLoggingEnabled } from './elb-logging-enabled';
import { elbTlsHttpsListenersOnly } from './elb-tls-https-listeners-only';

/** elb rules. */
export const elbRules: readonly Rule[] = [
  elbTlsHttpsListenersOnly,
  albHttpToHttpsRedirectionCheck,
  elbLoggingEnabled,
  elbDeletionProtectionEnabled,
  albHttpDropInvalidHeaderEnabled,
  albWafEnabled,
];
