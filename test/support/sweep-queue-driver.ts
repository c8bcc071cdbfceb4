import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { judgeSweepPages } from '#functions/sweep-worker';
import type { SweepRuntime } from '#shared/sweep/sweep-runtime';

/** Creates a FIFO sweep queue as the stack does (deduplication by the ids Vigil sends); returns its URL. */
export async function createSweepQueue(sqs: SQSClient, name: string): Promise<string> {
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', VisibilityTimeout: '60' },
    }),
  );
  if (created.QueueUrl === undefined) throw new Error(`no URL for queue ${name}`);
  return created.QueueUrl;
}

/** What the workers did while draining the queue. */
export interface DrainedQueue {
  readonly invocations: number;
  /** Invocations whose page failed and was returned to the queue. */
  readonly retried: number;
  /** Bodies of messages dropped after `maxReceiveCount` receives (what the stack's DLQ would hold). */
  readonly deadLetters: readonly string[];
}

/**
 * Drives the real sweep worker handler from the real FIFO queue the way the Lambda event source does:
 * `workers` pollers, one message per invocation, the message deleted on success, made visible again at
 * once on failure (instead of waiting out the visibility timeout), and set aside after `maxReceiveCount`
 * receives as the redrive policy would. Returns when the queue is empty and no worker is busy.
 */
export async function drainSweepQueue(options: {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly runtime: SweepRuntime;
  readonly workers: number;
  readonly maxReceiveCount?: number;
  /** Called before each invocation, e.g. to inject a fault. */
  readonly beforeInvocation?: (body: string, receiveCount: number) => void;
}): Promise<DrainedQueue> {
  const { sqs, queueUrl } = options;
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  let invocations = 0;
  let retried = 0;
  let busy = 0;
  const deadLetters: string[] = [];
  const poll = async (): Promise<void> => {
    let idleRounds = 0;
    while (idleRounds < 3 || busy > 0) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 60,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      const [message] = received.Messages ?? [];
      if (message?.ReceiptHandle === undefined || message.Body === undefined) {
        idleRounds++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      idleRounds = 0;
      busy++;
      try {
        const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
        options.beforeInvocation?.(message.Body, receiveCount);
        invocations++;
        const response = await judgeSweepPages(
          { Records: [{ messageId: message.MessageId ?? 'm', body: message.Body }] },
          options.runtime,
        );
        const failed = response.batchItemFailures.length > 0;
        if (!failed || receiveCount >= maxReceiveCount) {
          if (failed) deadLetters.push(message.Body);
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        } else {
          retried++;
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queueUrl,
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 0,
            }),
          );
        }
      } finally {
        busy--;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, poll));
  return { invocations, retried, deadLetters };
}
