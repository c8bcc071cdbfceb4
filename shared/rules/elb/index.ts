import type { Rule } from '#shared/rules/rule';
import { albHttpToHttpsRedirectionCheck } from './alb-http-to-https-redirection-check';
import { elbLoggingEnabled } from './elb-logging-enabled';
import { elbTlsHttpsListenersOnly } from './elb-tls-https-listeners-only';

/** elb rules. */
export const elbRules: readonly Rule[] = [
  elbTlsHttpsListenersOnly,
  albHttpToHttpsRedirectionCheck,
  elbLoggingEnabled,
];
