import {
  API_GATEWAY_STAGE_TYPE,
  type RestApiStageConfiguration,
  stageLabel,
} from '#shared/resources/apigateway';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * REST API stages are protected by an AWS WAF web ACL (`webAclArn` on GetStage), one of `WebAclArns` when
 * that parameter is set. GetStage leaves `webAclArn` out of a stage without a web ACL, so a recorded stage
 * without it fails; a stage whose configuration was not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/api-gw-associated-with-waf.html
 */
export const apiGwAssociatedWithWaf = {
  id: 'api-gw-associated-with-waf',
  title: 'API Gateway REST API stages are protected by an AWS WAF web ACL',
  resourceTypes: [API_GATEWAY_STAGE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    WebAclArns: {
      type: 'string-list',
      default: [],
      description: 'Web ACL ARNs the stage must use, comma-separated; empty accepts any web ACL.',
    },
  },
  rationale:
    'A web ACL in front of an API filters injection, credential stuffing and floods before they reach the backend.',
  remediationAdvice:
    'Associate a regional web ACL with the stage: `aws wafv2 associate-web-acl --web-acl-arn <acl> --resource-arn arn:aws:apigateway:<region>::/restapis/<api>/stages/<stage>`.',
  evaluate(item, { parameters }) {
    const configuration = item.configuration;
    const label = stageLabel(item, configuration?.stageName);
    if (configuration === null || configuration === undefined) {
      return notApplicable(`The configuration of ${label} was not recorded.`);
    }
    const webAcl = typeof configuration.webAclArn === 'string' ? configuration.webAclArn.trim() : '';
    if (webAcl === '') return nonCompliant(`${label} is not associated with a WAF web ACL.`);
    const allowed = parameters.WebAclArns;
    if (allowed.length > 0 && !allowed.includes(webAcl)) {
      return nonCompliant(`${label} uses web ACL ${webAcl}, not one of ${allowed.join(', ')}.`);
    }
    return compliant(`${label} is protected by web ACL ${webAcl}.`);
  },
} as const satisfies Rule<{ WebAclArns: readonly string[] }, RestApiStageConfiguration>;
