import type { Rule } from '#shared/rules/rule';
import { apiGwSslEnabled } from './api-gw-ssl-enabled';

/** apigateway rules. */
export const apigatewayRules: readonly Rule[] = [apiGwSslEnabled];
