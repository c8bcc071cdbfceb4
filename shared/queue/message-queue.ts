import {
  DeleteMessageBatchCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { VigilError } from '#shared/errors';

/** A queue operation failed as a whole (not one entry of a batch). */
export class QueueError extends VigilError {
  override readonly name: string = 'QueueError';
}

/** A typed message attribute, as SQS keeps it. */
export interface QueueMessageAttribute {
  readonly dataType: string;
  readonly stringValue?: string;
  readonly binaryValue?: Uint8Array;
}

/** A message received from a queue, with what is needed to send an identical copy elsewhere. */
export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, QueueMessageAttribute>>;
  /** How many times the message was received (counting this one). */
  readonly receiveCount: number;
  /** FIFO queues only. */
  readonly groupId?: string;
  readonly deduplicationId?: string;
}

/** A message to send; `id` is unique within one batch. */
export interface OutgoingMessage {
  readonly id: string;
  readonly body: string;
  readonly attributes?: Readonly<Record<string, QueueMessageAttribute>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** Seconds (0..900) before the message can be received (standard queues only). */
  readonly delaySeconds?: number;
}

/** Per-entry result of a batch call: the ids that succeeded and the reasons of those that did not. */
export interface BatchResult {
  readonly succeeded: readonly string[];
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
}

/** The few queue operations Vigil needs (redrive, load runs), behind a port. */
export interface MessageQueue {
  /** Up to `max` (1..10) messages, hidden for `visibilityTimeoutSeconds`; waits up to `waitSeconds` for one. */
  receive(options: {
    readonly max: number;
    readonly visibilityTimeoutSeconds: number;
    readonly waitSeconds: number;
  }): Promise<ReceivedMessage[]>;
  /** Sends up to 10 messages in one call. */
  sendBatch(messages: readonly OutgoingMessage[]): Promise<BatchResult>;
  /** Deletes up to 10 received messages (by receipt handle) in one call; the result names message ids. */
  deleteBatch(messages: readonly ReceivedMessage[]): Promise<BatchResult>;
}

function fromSdkAttribute(value: MessageAttributeValue): QueueMessageAttribute {
  return {
    dataType: value.DataType ?? 'String',
    ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
    ...(value.BinaryValue === undefined ? {} : { binaryValue: value.BinaryValue }),
  };
}

function toSdkAttribute(value: QueueMessageAttribute): MessageAttributeValue {
  return {
    DataType: value.dataType,
    ...(value.stringValue === undefined ? {} : { StringValue: value.stringValue }),
    ...(value.binaryValue === undefined ? {} : { BinaryValue: value.binaryValue }),
  };
}

/** A queue on Amazon SQS, addressed by URL. */
export class SqsMessageQueue implements MessageQueue {
  readonly #client: SQSClient;
  readonly #url: string;

  constructor(options: { readonly client: SQSClient; readonly url: string }) {
    this.#client = options.client;
    this.#url = options.url;
  }

  /** The queue URL. */
  get url(): string {
    return this.#url;
  }

  async receive(options: {
    readonly max: number;
    readonly visibilityTimeoutSeconds: number;
    readonly waitSeconds: number;
  }): Promise<ReceivedMessage[]> {
    try {
      const response = await this.#client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#url,
          MaxNumberOfMessages: Math.min(10, Math.max(1, options.max)),
          VisibilityTimeout: options.visibilityTimeoutSeconds,
          WaitTimeSeconds: options.waitSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: [
            'ApproximateReceiveCount',
            'MessageGroupId',
            'MessageDeduplicationId',
          ],
        }),
      );
      return (response.Messages ?? []).flatMap((message): ReceivedMessage[] => {
        if (message.MessageId === undefined || message.ReceiptHandle === undefined) return [];
        const system = message.Attributes ?? {};
        return [
          {
            messageId: message.MessageId,
            receiptHandle: message.ReceiptHandle,
            body: message.Body ?? '',
            attributes: Object.fromEntries(
              Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
                name,
                fromSdkAttribute(value),
              ]),
            ),
            receiveCount: Number(system.ApproximateReceiveCount ?? '1'),
            ...(system.MessageGroupId === undefined ? {} : { groupId: system.MessageGroupId }),
            ...(system.MessageDeduplicationId === undefined
              ? {}
              : { deduplicationId: system.MessageDeduplicationId }),
          },
        ];
      });
    } catch (error) {
      throw new QueueError(`cannot receive from ${this.#url}`, { cause: error, context: { url: this.#url } });
    }
  }

  async sendBatch(messages: readonly OutgoingMessage[]): Promise<BatchResult> {
    if (messages.length === 0) return { succeeded: [], failed: [] };
    try {
      const response = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#url,
          Entries: messages.map((message) => ({
            Id: message.id,
            MessageBody: message.body,
            ...(message.attributes === undefined || Object.keys(message.attributes).length === 0
              ? {}
              : {
                  MessageAttributes: Object.fromEntries(
                    Object.entries(message.attributes).map(([name, value]) => [name, toSdkAttribute(value)]),
                  ),
                }),
            ...(message.groupId === undefined ? {} : { MessageGroupId: message.groupId }),
            ...(message.deduplicationId === undefined
              ? {}
              : { MessageDeduplicationId: message.deduplicationId }),
            ...(message.delaySeconds === undefined ? {} : { DelaySeconds: message.delaySeconds }),
          })),
        }),
      );
      return {
        succeeded: (response.Successful ?? []).flatMap((entry) => (entry.Id === undefined ? [] : [entry.Id])),
        failed: (response.Failed ?? []).map((entry) => ({
          id: entry.Id ?? '',
          reason: `${entry.Code ?? 'error'}: ${entry.Message ?? ''}`,
        })),
      };
    } catch (error) {
      throw new QueueError(`cannot send to ${this.#url}`, { cause: error, context: { url: this.#url } });
    }
  }

  async deleteBatch(messages: readonly ReceivedMessage[]): Promise<BatchResult> {
    if (messages.length === 0) return { succeeded: [], failed: [] };
    // Batch entry ids must be short and unique: use the position, then map back to message ids.
    try {
      const response = await this.#client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.#url,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.receiptHandle,
          })),
        }),
      );
      const idOf = (entryId: string | undefined): string =>
        messages[Number(entryId)]?.messageId ?? String(entryId);
      return {
        succeeded: (response.Successful ?? []).map((entry) => idOf(entry.Id)),
        failed: (response.Failed ?? []).map((entry) => ({
          id: idOf(entry.Id),
          reason: `${entry.Code ?? 'error'}: ${entry.Message ?? ''}`,
        })),
      };
    } catch (error) {
      throw new QueueError(`cannot delete from ${this.#url}`, { cause: error, context: { url: this.#url } });
    }
  }
}
