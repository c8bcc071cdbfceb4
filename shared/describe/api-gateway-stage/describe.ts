import {
  type APIGatewayClient,
  GetStageCommand,
  type GetStageCommandOutput,
  GetStagesCommand,
  type GetStagesCommandOutput,
  paginateGetRestApis,
} from '@aws-sdk/client-api-gateway';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { deletedItem, describedItem, errorNameOf } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { API_GATEWAY_STAGE_TYPE, parseStageArn, stageArn } from './stage-arn';

/** The stage or its REST API is gone. */
const NOT_FOUND: readonly string[] = ['NotFoundException'];

/** API Gateway's REST management API already speaks camelCase: as plain JSON, dates as ISO strings. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined && key !== '$metadata') result[key] = plain(member);
  }
  return result;
}

/**
 * An `AWS::ApiGateway::Stage` item (a REST API stage) as AWS Config records it: GetStage (client
 * certificate, method settings with logging, metrics and caching, X-Ray tracing, access log settings, WAF
 * web ACL), its tags moved from the configuration to the item. The lookup id, resource id and ARN are the
 * stage ARN `arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>`, the resource name the stage.
 */
export async function describeApiGatewayStage(
  client: APIGatewayClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const parsed = parseStageArn(ref.lookupId);
  if (parsed === undefined) throw new Error(`not an API Gateway REST API stage ARN: ${ref.lookupId}`);
  let response: GetStageCommandOutput;
  try {
    response = await client.send(new GetStageCommand(parsed));
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  const { tags, ...stage } = response;
  return describedItem(ref, {
    resourceId: ref.lookupId,
    resourceName: stage.stageName ?? parsed.stageName,
    arn: ref.lookupId,
    configuration: plain(stage) as Record<string, unknown>,
    tags: { ...tags },
  });
}

/** Every stage of every REST API of the region. */
export async function listApiGatewayStages(client: APIGatewayClient, base: RefBase): Promise<ResourceRef[]> {
  const apiIds: string[] = [];
  for await (const page of paginateGetRestApis({ client }, {})) {
    for (const api of page.items ?? []) if (api.id) apiIds.push(api.id);
  }
  const refs: ResourceRef[] = [];
  for (const restApiId of apiIds) {
    let stages: GetStagesCommandOutput;
    try {
      stages = await client.send(new GetStagesCommand({ restApiId }));
    } catch (error) {
      // Deleted between the two listings.
      if (NOT_FOUND.includes(errorNameOf(error))) continue;
      throw error;
    }
    for (const stage of stages.item ?? []) {
      if (stage.stageName) {
        refs.push({
          ...base,
          resourceType: API_GATEWAY_STAGE_TYPE,
          lookupId: stageArn(base.region, restApiId, stage.stageName),
        });
      }
    }
  }
  return refs;
}
