/** AWS Config resource type of an API Gateway REST API stage. */
export const API_GATEWAY_STAGE_TYPE = 'AWS::ApiGateway::Stage';

/** `arn:<partition>:apigateway:<region>::/restapis/<api-id>/stages/<stage>`, capturing the API id and stage. */
const STAGE_ARN = /^arn:[^:]+:apigateway:[^:]*::\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/** `aws`, `aws-cn` or `aws-us-gov`, from the region name. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The ARN of a REST API stage, which is also its AWS Config resource id. */
export function stageArn(region: string, restApiId: string, stageName: string): string {
  return `arn:${partitionOf(region)}:apigateway:${region}::/restapis/${restApiId}/stages/${stageName}`;
}

/** The REST API id and stage name of a stage ARN; undefined for any other ARN (an HTTP API, a method, …). */
export function parseStageArn(
  arn: string,
): { readonly restApiId: string; readonly stageName: string } | undefined {
  const match = STAGE_ARN.exec(arn);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { restApiId: match[1], stageName: match[2] };
}
