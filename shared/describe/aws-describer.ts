import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ResourceDescriber, ResourceRef } from './describer';
import { DescribeError } from './errors';
import { DESCRIBABLE_BY_TYPE, DESCRIBABLE_TYPES } from './registry';
import type { ServiceClients } from './service-clients';

/** ResourceDescriber over the service APIs of one region, for every type in the describe registry. */
export class AwsResourceDescriber implements ResourceDescriber {
  readonly supportedTypes: readonly string[] = DESCRIBABLE_TYPES;
  readonly #clients: ServiceClients;
  readonly #region: string;

  constructor(options: { readonly clients: ServiceClients; readonly region: string }) {
    this.#clients = options.clients;
    this.#region = options.region;
  }

  async describe(ref: ResourceRef): Promise<ConfigurationItem> {
    const support = DESCRIBABLE_BY_TYPE.get(ref.resourceType);
    if (support === undefined) {
      throw new DescribeError(`cannot describe ${ref.resourceType}`, { context: { ...ref } });
    }
    try {
      return await support.describe(this.#clients, ref);
    } catch (error) {
      throw new DescribeError(
        `cannot describe ${ref.resourceType} ${ref.lookupId}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, context: { ...ref } },
      );
    }
  }

  async listRefs(resourceType: string, accountId: string, captureTime: string): Promise<ResourceRef[]> {
    const support = DESCRIBABLE_BY_TYPE.get(resourceType);
    if (support === undefined) return [];
    try {
      return await support.list(this.#clients, { accountId, region: this.#region, captureTime });
    } catch (error) {
      throw new DescribeError(
        `cannot list ${resourceType}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, context: { resourceType } },
      );
    }
  }
}
