import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config's type of an SNS topic. */
export const SNS_TOPIC_TYPE = 'AWS::SNS::Topic';

const topicInCall: CloudTrailExtractor = (record) => [
  [
    SNS_TOPIC_TYPE,
    stringAt(record.responseElements, 'topicArn') ?? stringAt(record.requestParameters, 'topicArn'),
  ],
];

/** Tag calls name the resource by `resourceArn`; SNS tags only topics. */
const taggedTopic: CloudTrailExtractor = (record) => [
  [SNS_TOPIC_TYPE, stringAt(record.requestParameters, 'resourceArn')],
];

/**
 * SNS topics: their attributes, KMS encryption (`KmsMasterKeyId`) among them. `CreateTopic` logs the new
 * topic's ARN in `responseElements.topicArn`; the other calls name it in `requestParameters.topicArn`.
 */
export const SNS_TOPIC: DescribableType = {
  resourceType: SNS_TOPIC_TYPE,
  services: ['sns'],
  permissions: [
    {
      actions: ['sns:ListTopics'],
      resources: ['*'],
      reason: 'sns:ListTopics supports no resource-level permissions; it lists topic ARNs only.',
    },
    {
      actions: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
      resources: ['arn:{partition}:sns:{region}:{account}:*'],
      reason: 'Vigil judges every topic of this account and region; attribute and tag reads only.',
    },
  ],
  cloudTrail: {
    'sns.amazonaws.com': {
      ...sameExtractor(
        ['CreateTopic', 'DeleteTopic', 'SetTopicAttributes', 'AddPermission', 'RemovePermission'],
        topicInCall,
      ),
      ...sameExtractor(['TagResource', 'UntagResource'], taggedTopic),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeSnsTopic(await clients.client('sns'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listSnsTopics(await clients.client('sns'), base),
};
