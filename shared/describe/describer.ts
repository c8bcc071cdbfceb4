import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** A resource to describe: its Config type and the identifier its service API takes. */
export interface ResourceRef {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  /**
   * What the service API looks the resource up by: bucket name, group id, instance id, key id or ARN,
   * log group name, DB instance identifier, account id.
   */
  readonly lookupId: string;
  /** The AWS Config resource id when the event names it and it differs from `lookupId` (RDS `db-…`). */
  readonly resourceId?: string;
  /** When the change happened (CloudTrail `eventTime`); becomes the item's capture time. */
  readonly captureTime: string;
}

/**
 * Builds AWS Config-shaped configuration items from the service APIs, for accounts without a Config
 * recorder and for the account-level pseudo-resource Config does not record.
 */
export interface ResourceDescriber {
  /** Resource types this describer can build items for. */
  readonly supportedTypes: readonly string[];
  /** The item of one resource as of now; status `ResourceDeleted` when the resource is gone. */
  describe(ref: ResourceRef): Promise<ConfigurationItem>;
  /** Every resource of a supported type in the describer's region, for sweeps without a recorder. */
  listRefs(resourceType: string, accountId: string, captureTime: string): Promise<ResourceRef[]>;
}
