/** The account every sample resource belongs to. */
export const ACCOUNT_ID = '123456789012';

/** The region most of the sample account lives in; a few resources are in `SECONDARY_REGION`. */
export const PRIMARY_REGION = 'us-east-1';

/** The second region of the sample account. */
export const SECONDARY_REGION = 'eu-west-1';

/** A configuration item exactly as AWS Config writes it into a snapshot file (notification shape). */
export type RawConfigurationItem = Record<string, unknown>;

/** What a sample resource declares; the envelope fields AWS Config adds are filled in by `configurationItem`. */
export interface SampleResource {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  /** Omitted for types Config records without an ARN (the account pseudo-resource). */
  readonly arn?: string;
  readonly region?: string;
  readonly captureTime: string;
  readonly createdAt?: string | null;
  readonly status?: 'OK' | 'ResourceDeleted';
  readonly availabilityZone?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly relationships?: readonly {
    readonly resourceType: string;
    readonly resourceId?: string;
    readonly resourceName?: string;
    readonly name: string;
  }[];
  readonly configuration: Record<string, unknown> | null;
  readonly supplementaryConfiguration?: Record<string, unknown>;
}

/** Wraps a resource in the envelope of a Config snapshot item (version 1.3), with AWS's field order. */
export function configurationItem(resource: SampleResource): RawConfigurationItem {
  const deleted = resource.status === 'ResourceDeleted';
  return {
    relatedEvents: [],
    relationships: deleted ? [] : (resource.relationships ?? []),
    configuration: deleted ? null : resource.configuration,
    supplementaryConfiguration: deleted ? {} : (resource.supplementaryConfiguration ?? {}),
    tags: resource.tags ?? {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: resource.captureTime,
    configurationStateId: Date.parse(resource.captureTime),
    awsAccountId: ACCOUNT_ID,
    configurationItemStatus: resource.status ?? 'OK',
    resourceType: resource.resourceType,
    resourceId: resource.resourceId,
    ...(resource.resourceName === undefined ? {} : { resourceName: resource.resourceName }),
    ...(resource.arn === undefined ? {} : { ARN: resource.arn }),
    awsRegion: resource.region ?? PRIMARY_REGION,
    availabilityZone: resource.availabilityZone ?? 'Not Applicable',
    configurationStateMd5Hash: '',
    resourceCreationTime: resource.createdAt ?? null,
  };
}

/** Tags in the `[{key, value}]` form EC2 and RDS configurations repeat inside `configuration`. */
export function tagList(tags: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** Tags in the `[{Key, Value}]` form of CloudFormation-style resources (EKS, ECR). */
export function capitalTagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
