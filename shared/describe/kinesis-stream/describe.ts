import {
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ListTagsForStreamCommand,
  paginateListStreams,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { KINESIS_STREAM_TYPE } from '#shared/resources/kinesis';
import { deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { streamNameOf } from './index';

/** Errors that leave the tags uncollected: no permission to read them. */
const UNREADABLE = ['AccessDeniedException', 'AccessDenied'];

/**
 * An `AWS::Kinesis::Stream` item in Config's CloudFormation-style naming (`Name`, `Arn`,
 * `RetentionPeriodHours`, `ShardCount`, `StreamEncryption` only when encrypted, `StreamModeDetails`), keyed
 * and named by the stream name: one DescribeStreamSummary and one ListTagsForStream (the first 50 tags, which
 * no rule judges; left out when they may not be read). A stream Kinesis no longer knows, or is deleting, is
 * deleted.
 */
export async function describeKinesisStream(
  client: KinesisClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const name = streamNameOf(ref.lookupId);
  let stream: StreamDescriptionSummary | undefined;
  try {
    stream = (await client.send(new DescribeStreamSummaryCommand({ StreamName: name })))
      .StreamDescriptionSummary;
  } catch (error) {
    if (errorNameOf(error) === 'ResourceNotFoundException') return deletedItem(ref, name);
    throw error;
  }
  if (stream?.StreamName === undefined || stream.StreamStatus === 'DELETING') return deletedItem(ref, name);
  const tags = await optionalRead(
    () => client.send(new ListTagsForStreamCommand({ StreamName: name })),
    UNREADABLE,
  );
  const encrypted = stream.EncryptionType !== undefined && stream.EncryptionType !== 'NONE';
  const configuration: Record<string, unknown> = {
    Name: stream.StreamName,
    ...(stream.StreamARN === undefined ? {} : { Arn: stream.StreamARN }),
    ...(stream.RetentionPeriodHours === undefined
      ? {}
      : { RetentionPeriodHours: stream.RetentionPeriodHours }),
    ...(stream.OpenShardCount === undefined ? {} : { ShardCount: stream.OpenShardCount }),
    ...(encrypted
      ? { StreamEncryption: { EncryptionType: stream.EncryptionType, KeyId: stream.KeyId } }
      : {}),
    ...(stream.StreamModeDetails?.StreamMode === undefined
      ? {}
      : { StreamModeDetails: { StreamMode: stream.StreamModeDetails.StreamMode } }),
  };
  return describedItem(ref, {
    resourceId: stream.StreamName,
    resourceName: stream.StreamName,
    ...(stream.StreamARN === undefined ? {} : { arn: stream.StreamARN }),
    configuration,
    tags: tagMap(tags?.Tags),
  });
}

/** Every data stream of the region. */
export async function listKinesisStreams(client: KinesisClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListStreams({ client }, {})) {
    for (const name of page.StreamNames ?? []) {
      refs.push({ ...base, resourceType: KINESIS_STREAM_TYPE, lookupId: name, resourceId: name });
    }
  }
  return refs;
}
