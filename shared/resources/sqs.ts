import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** AWS Config resource type of an SQS queue. */
export const SQS_QUEUE_TYPE = 'AWS::SQS::Queue';

/**
 * `configuration` of an `AWS::SQS::Queue` item: the queue attributes (GetQueueAttributes names, values as
 * SQS returns them, so flags are the strings `"true"`/`"false"`) plus `QueueUrl` and `QueueName`.
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::SQS::Queue.properties.json
 */
export type SqsQueueConfiguration = {
  readonly QueueName?: string;
  readonly QueueUrl?: string;
  readonly QueueArn?: string;
  readonly KmsMasterKeyId?: string | null;
  readonly SqsManagedSseEnabled?: string | boolean | null;
  readonly KmsDataKeyReusePeriodSeconds?: string | number;
  readonly FifoQueue?: string | boolean;
};

/** The queue's name as people know it, falling back to the item's name or id (the queue URL). */
export function sqsQueueName(item: ConfigurationItem<SqsQueueConfiguration>): string {
  return item.configuration?.QueueName ?? item.resourceName ?? item.resourceId;
}

/** The queue name at the end of a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function queueNameOfUrl(url: string): string {
  return url.replace(/\/+$/, '').split('/').pop() ?? url;
}
