import { CreateTopicCommand, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import type { PairSeeder, SeededPair } from './pair';

/**
 * An unencrypted SNS topic beside one encrypted afterwards with the AWS managed key (`SetTopicAttributes
 * KmsMasterKeyId=alias/aws/sns`): the first fails `sns-encrypted-kms`, the second passes it.
 */
export const SNS_TOPIC_SEEDER: PairSeeder = {
  resourceType: 'AWS::SNS::Topic',
  async seed(clients, { suffix }): Promise<SeededPair> {
    const sns = await clients.client('sns');
    const events: SeededPair['events'][number][] = [];
    const arns: string[] = [];
    for (const name of [`vigil-plain-topic-${suffix}`, `vigil-encrypted-topic-${suffix}`]) {
      const created = await sns.send(new CreateTopicCommand({ Name: name }));
      const topicArn = created.TopicArn ?? '';
      arns.push(topicArn);
      events.push({
        eventSource: 'sns.amazonaws.com',
        eventName: 'CreateTopic',
        requestParameters: { name },
        responseElements: { topicArn },
      });
    }
    const [plain = '', encrypted = ''] = arns;
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: encrypted,
        AttributeName: 'KmsMasterKeyId',
        AttributeValue: 'alias/aws/sns',
      }),
    );
    events.push({
      eventSource: 'sns.amazonaws.com',
      eventName: 'SetTopicAttributes',
      requestParameters: {
        topicArn: encrypted,
        attributeName: 'KmsMasterKeyId',
        attributeValue: 'alias/aws/sns',
      },
      responseElements: null,
    });
    return {
      misconfigured: { resourceType: 'AWS::SNS::Topic', resourceId: plain },
      compliant: { resourceType: 'AWS::SNS::Topic', resourceId: encrypted },
      failingRules: ['sns-encrypted-kms'],
      events,
    };
  },
};
