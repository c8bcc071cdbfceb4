import { SQS_QUEUE_TYPE } from '#shared/resources/sqs';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The queue a call names by its URL (every SQS call after CreateQueue does). */
const queueInCall: CloudTrailExtractor = (record) => {
  const url = stringAt(record.requestParameters, 'queueUrl');
  return url === undefined ? [] : [[SQS_QUEUE_TYPE, url, url]];
};

/** CreateQueue: the new queue, whose URL only the response gives. */
const createdQueue: CloudTrailExtractor = (record) => {
  const url = stringAt(record.responseElements, 'queueUrl');
  return url === undefined ? [] : [[SQS_QUEUE_TYPE, url, url]];
};

/**
 * SQS queues with their attributes (encryption, retention, redrive, policy) and tags, keyed by queue URL as
 * AWS Config keys them.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/logging-using-cloudtrail.html
 */
export const SQS_QUEUE: DescribableType = {
  resourceType: SQS_QUEUE_TYPE,
  services: ['sqs'],
  permissions: [
    {
      actions: ['sqs:ListQueues'],
      resources: ['*'],
      reason: 'sqs:ListQueues supports no resource-level permissions; it returns queue URLs only.',
    },
    {
      actions: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
      resources: ['arn:{partition}:sqs:{region}:{account}:*'],
      reason:
        'Vigil judges every SQS queue of this account and region; attributes and tags only, no messages.',
    },
  ],
  cloudTrail: {
    'sqs.amazonaws.com': {
      CreateQueue: createdQueue,
      ...sameExtractor(
        ['DeleteQueue', 'SetQueueAttributes', 'AddPermission', 'RemovePermission', 'TagQueue', 'UntagQueue'],
        queueInCall,
      ),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeSqsQueue(await clients.client('sqs'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listSqsQueues(await clients.client('sqs'), base),
};
