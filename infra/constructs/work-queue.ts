import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { VigilFunction } from '../vigil-function';
import { deadLetterAlarm } from './alarms';
import { keptUniqueId } from './logical-ids';

/** The most SQS keeps a message: a stall longer than the default 4 days would drop work before the DLQ. */
const RETENTION = Duration.days(14);

/** Properties of {@link createWorkQueue}. */
export interface WorkQueueProps {
  /** The customer managed key both queues are encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** How long a received message stays invisible: six times the consumer's timeout plus its batching window. */
  readonly visibilityTimeout: Duration;
  /** Receives of a message before it moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Where the dead-letter alarm notifies. */
  readonly alertTopic: sns.ITopic;
  /**
   * A FIFO queue (and FIFO dead-letter queue): order and deduplication within each message group.
   * @default false
   */
  readonly fifo?: boolean;
}

/** A work queue, its dead-letter queue and the alarm on the dead-letter queue's depth. */
export interface WorkQueue {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
}

/**
 * Vigil's one way to build a queue of work for a function: `<name>Queue` (KMS, TLS only, 14 days) with its
 * dead-letter queue `<name>DeadLetterQueue` after `maxReceiveCount` receives, and the alarm
 * `<name>DeadLetterQueueDepth` on any message there.
 */
export function createWorkQueue(scope: Construct, name: string, props: WorkQueueProps): WorkQueue {
  const fifo = props.fifo === true ? { fifo: true } : {};
  const deadLetterQueue = new sqs.Queue(scope, `${name}DeadLetterQueue`, {
    ...fifo,
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.encryptionKey,
    enforceSSL: true,
    retentionPeriod: RETENTION,
  });
  const queue = new sqs.Queue(scope, `${name}Queue`, {
    ...fifo,
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.encryptionKey,
    enforceSSL: true,
    retentionPeriod: RETENTION,
    visibilityTimeout: props.visibilityTimeout,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });
  return {
    queue,
    deadLetterQueue,
    deadLetterAlarm: deadLetterAlarm(scope, `${name}DeadLetterQueue`, deadLetterQueue, props.alertTopic),
  };
}

/** How a function reads its work queue. */
export interface ConsumeOptions {
  /** Messages per invocation. */
  readonly batchSize: number;
  /** How long to gather a batch (not for FIFO queues). */
  readonly maxBatchingWindow?: Duration;
  /** Concurrent invocations the mapping starts at most (2 to 1000). */
  readonly maxConcurrency?: number;
}

/**
 * Lets `consumer` read `queue` through an event source mapping with partial batch failures, as
 * `SqsEventSource` does, under the id `SqsEventSource` would give it were the queue a direct child of its
 * transparent part's scope: Lambda refuses a second mapping of one queue to one function, so a deployed
 * mapping must keep its logical id.
 */
export function consumeWorkQueue(consumer: VigilFunction, queue: sqs.IQueue, options: ConsumeOptions): void {
  consumer.function.addEventSourceMapping(`SqsEventSource:${keptUniqueId(queue)}`, {
    eventSourceArn: queue.queueArn,
    batchSize: options.batchSize,
    maxBatchingWindow: options.maxBatchingWindow,
    maxConcurrency: options.maxConcurrency,
    reportBatchItemFailures: true,
  });
  queue.grantConsumeMessages(consumer.role);
}
