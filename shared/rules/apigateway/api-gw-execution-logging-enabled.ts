import {
  API_GATEWAY_STAGE_TYPE,
  type RestApiStageConfiguration,
  stageLabel,
} from '#shared/resources/apigateway';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The stage-wide entry of `methodSettings`, which every method without its own entry inherits. */
const ALL_METHODS = '*/*';

/**
 * Every method of a REST API stage logs execution to CloudWatch Logs at one of the `loggingLevel` levels
 * (default `ERROR,INFO`): the stage-wide entry of `methodSettings` sets an accepted level (methods
 * without their own entry inherit it; with no such entry they do not log), and no per-method override
 * sets another level (e.g. `OFF`). A stage whose `methodSettings` was not recorded is NOT_APPLICABLE
 * (GetStage gives an empty map for a stage that never set any). HTTP and WebSocket API stages
 * (`AWS::ApiGatewayV2::Stage`), which the managed rule also covers, are not described by Vigil.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/api-gw-execution-logging-enabled.html
 */
export const apiGwExecutionLoggingEnabled = {
  id: 'api-gw-execution-logging-enabled',
  title: 'API Gateway REST API stages log every method to CloudWatch Logs',
  resourceTypes: [API_GATEWAY_STAGE_TYPE],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page judges REST and HTTP/WebSocket stages ("Resource Types: AWS::ApiGateway::Stage, AWS::ApiGatewayV2::Stage"); Vigil judges REST API stages (AWS::ApiGateway::Stage) only, since it does not describe API Gateway v2 stages yet.',
  parameters: {
    loggingLevel: {
      type: 'string-list',
      default: ['ERROR', 'INFO'],
      description: 'Accepted logging levels, comma-separated (ERROR, INFO).',
    },
  },
  rationale:
    'Execution logs record each request API Gateway handled and how it failed, which incident response and audits rely on.',
  remediationAdvice:
    'Set the stage-wide level: `aws apigateway update-stage --rest-api-id <api> --stage-name <stage> --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR` (the account needs a CloudWatch Logs role in API Gateway settings), and remove per-method overrides that set OFF.',
  evaluate(item, { parameters }) {
    const label = stageLabel(item, item.configuration?.stageName);
    const settings = item.configuration?.methodSettings;
    if (settings === undefined || settings === null || typeof settings !== 'object') {
      return notApplicable(`${label}: method settings were not recorded.`);
    }
    const accepted = parameters.loggingLevel.map((level) => level.toUpperCase());
    const levelOf = (key: string): string => settings[key]?.loggingLevel?.toUpperCase() ?? 'OFF';
    const gaps = Object.keys(settings)
      .filter((key) => !accepted.includes(levelOf(key)))
      .map((key) => `${key} ${levelOf(key)}`);
    if (!(ALL_METHODS in settings)) gaps.unshift(`${ALL_METHODS} OFF (no stage-wide setting)`);
    if (gaps.length > 0) {
      return nonCompliant(
        `${label} does not log every method at ${accepted.join(' or ')}: ${gaps.slice(0, 4).join(', ')}.`,
      );
    }
    return compliant(
      `${label} logs every method to CloudWatch Logs (${ALL_METHODS} ${levelOf(ALL_METHODS)}).`,
    );
  },
} as const satisfies Rule<{ loggingLevel: readonly string[] }, RestApiStageConfiguration>;
