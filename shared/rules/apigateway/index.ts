import type { Rule } from '#shared/rules/rule';
import { apiGwAssociatedWithWaf } from './api-gw-associated-with-waf';
import { apiGwExecutionLoggingEnabled } from './api-gw-execution-logging-enabled';
import { apiGwSslEnabled } from './api-gw-ssl-enabled';
import { apiGwXrayEnabled } from './api-gw-xray-enabled';

/** apigateway rules. */
export const apigatewayRules: readonly Rule[] = [
  apiGwSslEnabled,
  apiGwExecutionLoggingEnabled,
  apiGwXrayEnabled,
  apiGwAssociatedWithWaf,
];
