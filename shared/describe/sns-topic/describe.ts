import {
  GetTopicAttributesCommand,
  type GetTopicAttributesCommandOutput,
  ListTagsForResourceCommand,
  paginateListTopics,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { SNS_TOPIC_TYPE } from './index';

/**
 * Attributes Config does not record: the access policy (its own concern, and large) and the raw delivery
 * policy (`EffectiveDeliveryPolicy` is recorded).
 */
const UNRECORDED: ReadonlySet<string> = new Set(['Policy', 'DeliveryPolicy']);

/** The caller may not read the tags (no rule judges them): they stay absent. */
const NOT_PERMITTED: readonly string[] = ['AuthorizationErrorException', 'AccessDeniedException'];

/**
 * An `AWS::SNS::Topic` item as AWS Config records it: `configuration` holds GetTopicAttributes' attributes
 * under their own names (`TopicArn`, `KmsMasterKeyId`, `Owner`, …; an unencrypted topic has no
 * `KmsMasterKeyId`); resource id and ARN are the topic ARN, the name its last part.
 */
export async function describeSnsTopic(client: SNSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const TopicArn = ref.lookupId;
  let response: GetTopicAttributesCommandOutput;
  try {
    response = await client.send(new GetTopicAttributesCommand({ TopicArn }));
  } catch (error) {
    if (errorNameOf(error) === 'NotFoundException') return deletedItem(ref);
    throw error;
  }
  const tags = await optionalRead(
    () => client.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn })),
    NOT_PERMITTED,
  );
  const configuration: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(response.Attributes ?? {})) {
    if (!UNRECORDED.has(name)) configuration[name] = value;
  }
  const arn = typeof configuration.TopicArn === 'string' ? configuration.TopicArn : TopicArn;
  return describedItem(ref, {
    resourceId: arn,
    resourceName: arn.slice(arn.lastIndexOf(':') + 1),
    arn,
    configuration,
    tags: tagMap(tags?.Tags),
  });
}

/** Every topic of the region. */
export async function listSnsTopics(client: SNSClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListTopics({ client }, {})) {
    for (const topic of page.Topics ?? []) {
      if (topic.TopicArn) refs.push({ ...base, resourceType: SNS_TOPIC_TYPE, lookupId: topic.TopicArn });
    }
  }
  return refs;
}
