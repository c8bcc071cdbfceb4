import {
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  paginateListQueues,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { queueNameOfUrl, SQS_QUEUE_TYPE } from '#shared/resources/sqs';
import { deletedItem, describedItem, errorNameOf, optionalRead } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/** SQS's answers for a queue that no longer exists (JSON protocol, then the older query protocol's code). */
const GONE = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];

/** Errors that leave the tags uncollected: no permission to read them. */
const UNREADABLE = ['AccessDenied', 'AccessDeniedException'];

/**
 * An `AWS::SQS::Queue` item as Config records it: every queue attribute (GetQueueAttributes `All`, values
 * as SQS returns them) plus `QueueUrl` and `QueueName`, keyed by the queue URL and named by the queue name;
 * one GetQueueAttributes and one ListQueueTags (left out when it may not be read). A queue SQS no longer
 * knows is deleted.
 */
export async function describeSqsQueue(client: SQSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const url = ref.lookupId;
  let attributes: Record<string, string> | undefined;
  try {
    attributes = (
      await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))
    ).Attributes;
  } catch (error) {
    if (GONE.includes(errorNameOf(error))) return deletedItem(ref, url);
    throw error;
  }
  const tags = await optionalRead(() => client.send(new ListQueueTagsCommand({ QueueUrl: url })), UNREADABLE);
  const name = queueNameOfUrl(url);
  const arn = attributes?.QueueArn;
  return describedItem(ref, {
    resourceId: url,
    resourceName: name,
    ...(arn === undefined ? {} : { arn }),
    configuration: { ...attributes, QueueUrl: url, QueueName: name },
    tags: { ...tags?.Tags },
  });
}

/** Every queue of the region, by URL. */
export async function listSqsQueues(client: SQSClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListQueues({ client }, { MaxResults: 1000 })) {
    for (const url of page.QueueUrls ?? []) {
      refs.push({ ...base, resourceType: SQS_QUEUE_TYPE, lookupId: url, resourceId: url });
    }
  }
  return refs;
}
