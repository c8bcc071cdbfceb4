import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** AWS Config resource type of a Kinesis data stream. */
export const KINESIS_STREAM_TYPE = 'AWS::Kinesis::Stream';

/**
 * `configuration` of an `AWS::Kinesis::Stream` item in Config's CloudFormation-style naming. Config leaves
 * `StreamEncryption` out for a stream without server-side encryption.
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::Kinesis::Stream.properties.json
 */
export type KinesisStreamConfiguration = {
  readonly Name?: string;
  readonly Arn?: string;
  readonly RetentionPeriodHours?: number;
  readonly ShardCount?: number;
  readonly StreamEncryption?: { readonly EncryptionType?: string; readonly KeyId?: string } | null;
  readonly StreamModeDetails?: { readonly StreamMode?: string } | null;
};

/** The stream's name as people know it, falling back to the item's name or id. */
export function kinesisStreamName(item: ConfigurationItem<KinesisStreamConfiguration>): string {
  return item.configuration?.Name ?? item.resourceName ?? item.resourceId;
}

/** True when the item records the stream itself (its name or ARN), so an absent field means "not set". */
export function isRecordedStream(item: ConfigurationItem<KinesisStreamConfiguration>): boolean {
  const configuration = item.configuration;
  return typeof configuration?.Name === 'string' || typeof configuration?.Arn === 'string';
}
