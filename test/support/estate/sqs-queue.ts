import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { PairSeeder, SeededPair } from './pair';

/** A queue created with server-side encryption turned off beside a twin encrypted with SQS-managed keys. */
export const SQS_QUEUE_SEEDER: PairSeeder = {
  resourceType: 'AWS::SQS::Queue',
  async seed(clients, { suffix }) {
    const sqs = await clients.client('sqs');
    const urls: string[] = [];
    const events: SeededPair['events'][number][] = [];
    for (const [name, encrypted] of [
      [`vigil-queue-open-${suffix}`, 'false'],
      [`vigil-queue-closed-${suffix}`, 'true'],
    ] as const) {
      const attributes = { SqsManagedSseEnabled: encrypted };
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
      );
      urls.push(QueueUrl ?? '');
      events.push({
        eventSource: 'sqs.amazonaws.com',
        eventName: 'CreateQueue',
        requestParameters: { queueName: name, attribute: attributes },
        responseElements: { queueUrl: QueueUrl ?? null },
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::SQS::Queue', resourceId: urls[0] ?? '' },
      compliant: { resourceType: 'AWS::SQS::Queue', resourceId: urls[1] ?? '' },
      failingRules: ['sqs-queue-encrypted'],
      events,
    };
  },
};
