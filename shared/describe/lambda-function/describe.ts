import {
  type FunctionConfiguration,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  type LambdaClient,
  ListTagsCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { functionNameOf, LAMBDA_FUNCTION_TYPE } from './index';

/** Lambda's answer for a function, or a function policy, that does not exist. */
const NOT_FOUND = 'ResourceNotFoundException';

/** The caller may not read a part no rule judges (tags): that part stays absent. */
const NOT_PERMITTED: readonly string[] = ['AccessDeniedException'];

/**
 * An `AWS::Lambda::Function` item as AWS Config records it: `configuration` is GetFunctionConfiguration in
 * camelCase, without `environment` (Config does not record it, and its values may be secrets), and
 * `supplementaryConfiguration.Policy` is the resource-based policy JSON (absent when the function has none).
 * The resource id is the function name. A policy read the caller may not make fails the describe rather
 * than leaving `Policy` absent, which a rule would read as "no policy" (a pass from data not collected).
 */
export async function describeLambdaFunction(
  client: LambdaClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const name = functionNameOf(ref.lookupId) ?? ref.lookupId;
  let found: FunctionConfiguration;
  try {
    found = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  } catch (error) {
    if (errorNameOf(error) === NOT_FOUND) return deletedItem(ref, name);
    throw error;
  }
  const functionName = found.FunctionName ?? name;
  const arn = found.FunctionArn ?? `arn:aws:lambda:${ref.region}:${ref.accountId}:function:${functionName}`;
  const [policy, tags] = await Promise.all([
    optionalRead(() => client.send(new GetPolicyCommand({ FunctionName: functionName })), [NOT_FOUND]),
    optionalRead(() => client.send(new ListTagsCommand({ Resource: arn })), NOT_PERMITTED),
  ]);
  const { Environment: _environment, ...recorded } = found;
  return describedItem(ref, {
    resourceId: functionName,
    resourceName: functionName,
    arn,
    configuration: configObject(recorded),
    supplementaryConfiguration: policy?.Policy ? { Policy: policy.Policy } : {},
    tags: { ...(tags?.Tags ?? {}) },
  });
}

/** Every function of the region (unqualified: Config records functions, not versions). */
export async function listLambdaFunctions(client: LambdaClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListFunctions({ client }, {})) {
    for (const fn of page.Functions ?? []) {
      if (fn.FunctionName)
        refs.push({ ...base, resourceType: LAMBDA_FUNCTION_TYPE, lookupId: fn.FunctionName });
    }
  }
  return refs;
}
