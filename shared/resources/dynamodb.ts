/**
 * The parts of an `AWS::DynamoDB::Table` configuration item that Vigil's DynamoDB rules read.
 *
 * Config records `DescribeTable` in the AWS SDK for Java v1 bean casing, which lowercases acronyms:
 * `ssedescription.status`, `ssedescription.ssetype`, `ssedescription.kmsmasterKeyArn`. Point-in-time
 * recovery lives in `supplementaryConfiguration.ContinuousBackupsDescription`
 * (`pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`). Readers also accept the SDK's own
 * casing (`SSEDescription.KMSMasterKeyArn`, …) for items a describer builds from the API.
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::DynamoDB::Table.properties.json
 */
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { decodeJsonValue } from './s3';

/** The `AWS::DynamoDB::Table` resource type. */
export const DYNAMODB_TABLE_TYPE = 'AWS::DynamoDB::Table';

type SseDescription = {
  readonly status?: string;
  readonly ssetype?: string;
  readonly sseType?: string;
  readonly kmsmasterKeyArn?: string;
  readonly kmsMasterKeyArn?: string;
  readonly Status?: string;
  readonly SSEType?: string;
  readonly KMSMasterKeyArn?: string;
};

/** `configuration` of an `AWS::DynamoDB::Table` item. */
export type DynamoDbTableConfiguration = {
  readonly tableName?: string;
  readonly tableArn?: string;
  /** `CREATING`, `UPDATING`, `DELETING`, `ACTIVE`, `INACCESSIBLE_ENCRYPTION_CREDENTIALS`, `ARCHIVING`, `ARCHIVED`. */
  readonly tableStatus?: string;
  /** Absent when the table is encrypted with an AWS owned key (the default). */
  readonly ssedescription?: SseDescription | null;
  readonly sseDescription?: SseDescription | null;
  readonly SSEDescription?: SseDescription | null;
  /** DescribeTable's `DeletionProtectionEnabled`; older Config items may lack it. */
  readonly deletionProtectionEnabled?: boolean;
};

/** The table's name, from the configuration or the item. */
export function tableName(item: ConfigurationItem<DynamoDbTableConfiguration>): string {
  return item.configuration?.tableName ?? item.resourceName ?? item.resourceId;
}

/** How a table is encrypted at rest: `status`/`sseType` upper-cased, undefined when not recorded. */
export function tableEncryption(configuration: DynamoDbTableConfiguration | null): {
  readonly status: string | undefined;
  readonly sseType: string | undefined;
  readonly kmsKeyArn: string | undefined;
} {
  const sse = configuration?.ssedescription ?? configuration?.sseDescription ?? configuration?.SSEDescription;
  return {
    status: (sse?.status ?? sse?.Status)?.toUpperCase(),
    sseType: (sse?.ssetype ?? sse?.sseType ?? sse?.SSEType)?.toUpperCase(),
    kmsKeyArn: sse?.kmsmasterKeyArn ?? sse?.kmsMasterKeyArn ?? sse?.KMSMasterKeyArn,
  };
}

/** The table's point-in-time recovery status (`ENABLED`/`DISABLED`), undefined when not recorded. */
export function pointInTimeRecoveryStatus(item: ConfigurationItem): string | undefined {
  const raw = decodeJsonValue(item.supplementaryConfiguration.ContinuousBackupsDescription);
  if (raw === null || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  const description = record.pointInTimeRecoveryDescription ?? record.PointInTimeRecoveryDescription;
  if (description === null || typeof description !== 'object') return undefined;
  const inner = description as Record<string, unknown>;
  const status = inner.pointInTimeRecoveryStatus ?? inner.PointInTimeRecoveryStatus;
  return typeof status === 'string' ? status.toUpperCase() : undefined;
}
