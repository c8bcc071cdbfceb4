import type { CloudTrailRecord } from '#shared/pipeline/events';
import { type DescribableType, sameExtractor, stringAt, type TouchedResource } from '../resource-type';
import { API_GATEWAY_STAGE_TYPE, parseStageArn, stageArn } from './stage-arn';

export { API_GATEWAY_STAGE_TYPE } from './stage-arn';

/**
 * The stage an API Gateway call touched. CloudTrail logs the path parameters by name (`restApiId`,
 * `stageName`) and a request body under `<operation>Input`: CreateStage names its stage in
 * `createStageInput.stageName`, CreateDeployment (which creates or redeploys a stage when given one) in
 * `createDeploymentInput.stageName`; CreateStage and UpdateStage answer with the stage itself. A deployment
 * without a stage touches none.
 */
function touchedStage(record: CloudTrailRecord): readonly TouchedResource[] {
  const parameters = record.requestParameters;
  const restApiId = stringAt(parameters, 'restApiId');
  const stageName =
    stringAt(parameters, 'stageName') ??
    stringAt(parameters, 'createStageInput', 'stageName') ??
    stringAt(parameters, 'createDeploymentInput', 'stageName') ??
    stringAt(record.responseElements, 'stageName');
  if (restApiId === undefined || stageName === undefined) return [];
  return [[API_GATEWAY_STAGE_TYPE, stageArn(record.awsRegion, restApiId, stageName)]];
}

/** A stage named by its ARN (`resourceArn`: tagging, WAF web ACL association); nothing for other ARNs. */
function stageByArn(record: CloudTrailRecord): readonly TouchedResource[] {
  const arn = stringAt(record.requestParameters, 'resourceArn');
  const parsed = arn === undefined ? undefined : parseStageArn(arn);
  if (parsed === undefined) return [];
  return [[API_GATEWAY_STAGE_TYPE, stageArn(record.awsRegion, parsed.restApiId, parsed.stageName)]];
}

/** API Gateway REST API stages: client certificate, logging, caching, X-Ray tracing and WAF. */
export const API_GATEWAY_STAGE: DescribableType = {
  resourceType: API_GATEWAY_STAGE_TYPE,
  services: ['apigateway'],
  permissions: [
    {
      // API Gateway authorizes its management API by HTTP verb on the resource path: GET /restapis lists the
      // REST APIs, GET /restapis/<id>/stages[/<name>] reads stages (with their tags).
      actions: ['apigateway:GET'],
      resources: [
        'arn:{partition}:apigateway:{region}::/restapis',
        'arn:{partition}:apigateway:{region}::/restapis/*',
      ],
      reason:
        'Vigil judges every REST API stage of this region, whose API ids are unknown at deploy time; GET ' +
        'only (read-only).',
    },
  ],
  cloudTrail: {
    'apigateway.amazonaws.com': {
      ...sameExtractor(['CreateStage', 'UpdateStage', 'DeleteStage', 'CreateDeployment'], touchedStage),
      ...sameExtractor(['TagResource', 'UntagResource'], stageByArn),
    },
    // A web ACL associated with or removed from a stage changes its `webAclArn`.
    'wafv2.amazonaws.com': sameExtractor(['AssociateWebACL', 'DisassociateWebACL'], stageByArn),
    'waf-regional.amazonaws.com': sameExtractor(['AssociateWebACL', 'DisassociateWebACL'], stageByArn),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeApiGatewayStage(await clients.client('apigateway'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listApiGatewayStages(await clients.client('apigateway'), base),
};
