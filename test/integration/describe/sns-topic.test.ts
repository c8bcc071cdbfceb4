import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { SNS_TOPIC_SEEDER } from '#test/support/estate/sns-topic';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(SNS_TOPIC_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const topicArn = pair.misconfigured.resourceId;
    await (await clients.client('sns')).send(new DeleteTopicCommand({ TopicArn: topicArn }));
    return {
      eventSource: 'sns.amazonaws.com',
      eventName: 'DeleteTopic',
      requestParameters: { topicArn },
      responseElements: null,
    };
  },
});
