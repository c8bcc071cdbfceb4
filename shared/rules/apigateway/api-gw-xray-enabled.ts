import {
  API_GATEWAY_STAGE_TYPE,
  type RestApiStageConfiguration,
  stageLabel,
} from '#shared/resources/apigateway';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * REST API stages trace requests with AWS X-Ray (`tracingEnabled`). GetStage leaves `tracingEnabled` out
 * of a stage that never turned tracing on, as it does other unset flags, so a live stage without the field
 * fails (like the managed rule, which is COMPLIANT only when tracing is enabled).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/api-gw-xray-enabled.html
 */
export const apiGwXrayEnabled = {
  id: 'api-gw-xray-enabled',
  title: 'API Gateway REST API stages trace requests with X-Ray',
  resourceTypes: [API_GATEWAY_STAGE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'Request traces show which backend a request reached and where it failed, which helps tell an attack or outage from normal behaviour.',
  remediationAdvice:
    'Enable it: `aws apigateway update-stage --rest-api-id <api> --stage-name <stage> --patch-operations op=replace,path=/tracingEnabled,value=true`.',
  evaluate(item) {
    const label = stageLabel(item, item.configuration?.stageName);
    return item.configuration?.tracingEnabled === true
      ? compliant(`${label} traces requests with X-Ray.`)
      : nonCompliant(`${label} does not trace requests with X-Ray.`);
  },
} as const satisfies Rule<Record<string, never>, RestApiStageConfiguration>;
