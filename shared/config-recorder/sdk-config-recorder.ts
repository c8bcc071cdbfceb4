import {
  BatchGetResourceConfigCommand,
  type ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  NoAvailableConfigurationRecorderException,
  PutEvaluationsCommand,
  ResourceNotDiscoveredException,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { type ConfigurationItem, normalizeConfigurationItem } from '#shared/config-item/configuration-item';
import { truncateAnnotation } from '#shared/rules/engine';
import { chunks } from './chunks';
import {
  BATCH_GET_MAX,
  type ConfigEvaluation,
  type ConfigRecorder,
  PUT_EVALUATIONS_MAX,
  type ResourceKey,
  type ResourcePage,
} from './config-recorder';
import { ConfigRecorderError } from './errors';

const UNPROCESSED_RETRIES = 3;

/** A result token that makes PutEvaluations run in test mode (validated, not recorded). */
export const TEST_MODE_RESULT_TOKEN = 'TESTMODE';

function wrap(message: string, context: Record<string, unknown>): (error: unknown) => never {
  return (error) => {
    throw new ConfigRecorderError(`${message}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      context,
    });
  };
}

/** ConfigRecorder on the AWS Config API (SDK v3). */
export class SdkConfigRecorder implements ConfigRecorder {
  readonly #client: ConfigServiceClient;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: {
    readonly client: ConfigServiceClient;
    readonly sleep?: (ms: number) => Promise<void>;
  }) {
    this.#client = options.client;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async itemAt(key: ResourceKey, captureTime: string): Promise<ConfigurationItem | undefined> {
    try {
      const response = await this.#client.send(
        new GetResourceConfigHistoryCommand({
          resourceType: key.resourceType as ResourceType,
          resourceId: key.resourceId,
          laterTime: new Date(captureTime),
          limit: 1,
        }),
      );
      const [raw] = response.configurationItems ?? [];
      return raw === undefined ? undefined : normalizeConfigurationItem(raw);
    } catch (error) {
      // No recorder in the account (CloudTrail-only deployments) means no item, not a failure to retry.
      if (
        error instanceof ResourceNotDiscoveredException ||
        error instanceof NoAvailableConfigurationRecorderException
      )
        return undefined;
      return wrap(`cannot read history of ${key.resourceType} ${key.resourceId}`, { ...key })(error);
    }
  }

  async listResources(resourceType: string): Promise<ResourceKey[]> {
    const keys: ResourceKey[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.listResourcesPage(resourceType, nextToken);
      keys.push(...page.keys);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return keys;
  }

  async listResourcesPage(resourceType: string, nextToken?: string, limit?: number): Promise<ResourcePage> {
    const response = await this.#client
      .send(
        new ListDiscoveredResourcesCommand({
          resourceType: resourceType as ResourceType,
          includeDeletedResources: false,
          ...(nextToken === undefined ? {} : { nextToken }),
          ...(limit === undefined ? {} : { limit }),
        }),
      )
      .catch(wrap(`cannot list ${resourceType} resources`, { resourceType }));
    const keys: ResourceKey[] = [];
    for (const identifier of response.resourceIdentifiers ?? []) {
      if (identifier.resourceId) keys.push({ resourceType, resourceId: identifier.resourceId });
    }
    // Config may answer an empty string on the last page.
    return response.nextToken ? { keys, nextToken: response.nextToken } : { keys };
  }

  async batchGet(keys: readonly ResourceKey[]): Promise<ConfigurationItem[]> {
    const items: ConfigurationItem[] = [];
    for (const chunk of chunks(keys, BATCH_GET_MAX)) {
      let pending: readonly ResourceKey[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > UNPROCESSED_RETRIES) {
          throw new ConfigRecorderError(`Config left ${pending.length} resource keys unprocessed`, {
            context: { unprocessed: pending.slice(0, 5) },
          });
        }
        if (attempt > 0) await this.#sleep(100 * 2 ** attempt);
        const response = await this.#client
          .send(
            new BatchGetResourceConfigCommand({
              resourceKeys: pending.map((key) => ({
                resourceType: key.resourceType as ResourceType,
                resourceId: key.resourceId,
              })),
            }),
          )
          .catch(wrap('cannot batch-get configuration items', { count: pending.length }));
        for (const raw of response.baseConfigurationItems ?? []) items.push(normalizeConfigurationItem(raw));
        pending = (response.unprocessedResourceKeys ?? []).flatMap((key) =>
          key.resourceType && key.resourceId
            ? [{ resourceType: key.resourceType, resourceId: key.resourceId }]
            : [],
        );
      }
    }
    return items;
  }

  async putEvaluations(
    resultToken: string,
    evaluations: readonly ConfigEvaluation[],
  ): Promise<ConfigEvaluation[]> {
    const failed: ConfigEvaluation[] = [];
    for (const chunk of chunks(evaluations, PUT_EVALUATIONS_MAX)) {
      const response = await this.#client
        .send(
          new PutEvaluationsCommand({
            ResultToken: resultToken,
            // Config's convention for trying a rule without recording results (and all moto supports).
            ...(resultToken === TEST_MODE_RESULT_TOKEN ? { TestMode: true } : {}),
            Evaluations: chunk.map((evaluation) => ({
              ComplianceResourceType: evaluation.resourceType,
              ComplianceResourceId: evaluation.resourceId,
              ComplianceType: evaluation.compliance,
              Annotation: truncateAnnotation(evaluation.annotation),
              OrderingTimestamp: evaluation.orderingTimestamp,
            })),
          }),
        )
        .catch(wrap('cannot put evaluations', { count: chunk.length }));
      for (const refused of response.FailedEvaluations ?? []) {
        const match = chunk.find(
          (evaluation) =>
            evaluation.resourceType === refused.ComplianceResourceType &&
            evaluation.resourceId === refused.ComplianceResourceId,
        );
        if (match) failed.push(match);
      }
    }
    return failed;
  }
}
