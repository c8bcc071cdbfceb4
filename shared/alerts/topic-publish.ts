import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { NotifierError } from './errors';

/** One message for the alert topic: what a person reads and the attributes subscriptions filter on. */
export interface TopicMessage {
  readonly subject: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, MessageAttributeValue>>;
}

/**
 * Publishes a message to an SNS topic.
 * @throws NotifierError with `failure`'s message and context, the SDK error as its cause.
 */
export async function publishToTopic(
  target: { readonly client: SNSClient; readonly topicArn: string },
  message: TopicMessage,
  failure: { readonly message: string; readonly context: Record<string, unknown> },
): Promise<void> {
  try {
    await target.client.send(
      new PublishCommand({
        TopicArn: target.topicArn,
        Subject: message.subject,
        Message: message.body,
        MessageAttributes: { ...message.attributes },
      }),
    );
  } catch (error) {
    throw new NotifierError(failure.message, { cause: error, context: failure.context });
  }
}
