import { performance } from 'node:perf_hooks';
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

/** One invocation of the worker handler, as {@link drainSweepQueue} saw it. */
export interface SweepInvocation {
  /** Which poller ran it (0 … workers − 1): with a runtime per worker, which container. */
  readonly worker: number;
  /** The page message it was given. */
  readonly body: string;
  /** Wall time of the handler call. */
  readonly ms: number;
  /** Whether the page was returned for retry (or set aside as a dead letter). */
  readonly failed: boolean;
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
  /**
   * The worker's runtime: one shared by every poller, or one per poller (each then stands for its own
   * Lambda container, with its own clients and cached credentials).
   */
  readonly runtime: SweepRuntime | ((worker: number) => SweepRuntime);
  readonly workers: number;
  readonly maxReceiveCount?: number;
  /**
   * Pause of a poller that found no message before it asks again (default 20 ms). Lambda's pollers long-poll;
   * a longer pause keeps idle pollers from loading the local server while the FIFO groups are busy.
   */
  readonly idlePollMs?: number;
  /** How long a received message stays hidden (default 60 s); the stack's queue uses six times the worker timeout. */
  readonly visibilityTimeoutSeconds?: number;
  /** Called before each invocation, e.g. to inject a fault. */
  readonly beforeInvocation?: (body: string, receiveCount: number) => void;
  /** Called after each invocation, e.g. to record how long it took and which container ran it. */
  readonly afterInvocation?: (invocation: SweepInvocation) => void;
}): Promise<DrainedQueue> {
  const { sqs, queueUrl } = options;
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const idlePollMs = options.idlePollMs ?? 20;
  const visibilityTimeout = options.visibilityTimeoutSeconds ?? 60;
  let invocations = 0;
  let retried = 0;
  let busy = 0;
  const deadLetters: string[] = [];
  const runtimeOf = (worker: number): SweepRuntime =>
    typeof options.runtime === 'function' ? options.runtime(worker) : options.runtime;
  const poll = async (_: unknown, worker: number): Promise<void> => {
    const runtime = runtimeOf(worker);
    let idleRounds = 0;
    while (idleRounds < 3 || busy > 0) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: 0,
          VisibilityTimeout: visibilityTimeout,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      const [message] = received.Messages ?? [];
      if (message?.ReceiptHandle === undefined || message.Body === undefined) {
        idleRounds++;
        await new Promise((resolve) => setTimeout(resolve, idlePollMs));
        continue;
      }
      idleRounds = 0;
      busy++;
      try {
        const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
        options.beforeInvocation?.(message.Body, receiveCount);
        invocations++;
        const started = performance.now();
        const response = await judgeSweepPages(
          {
            Records: [
              {
                messageId: message.MessageId ?? 'm',
                body: message.Body,
                receiptHandle: message.ReceiptHandle,
                attributes: { ApproximateReceiveCount: String(receiveCount) },
              },
            ],
          },
          runtime,
        );
        const failed = response.batchItemFailures.length > 0;
        options.afterInvocation?.({ worker, body: message.Body, ms: performance.now() - started, failed });
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
