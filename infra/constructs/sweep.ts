import { Duration, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { InfraConfigError } from '../errors';
import { grantKeyUse } from '../grants';
import { VigilFunction, type VigilRuntimeSettings } from '../vigil-function';
import { type VigilMetrics, vigilMetricAlarm } from './alarms';
import { grantJudging, type JudgeAccess } from './evaluation';
import { transparentToLogicalIds } from './logical-ids';
import { grantAccountListing } from './resource-access';
import { consumeWorkQueue, createWorkQueue } from './work-queue';

/** The sweep settings the construct deploys unless told otherwise (the benches run these too). */
export const DEFAULT_SWEEP_SETTINGS = {
  /** Resources described and evaluated at once within one page (`SWEEP_CONCURRENCY`). */
  concurrency: 4,
  /** Resources one page holds, i.e. one worker invocation judges at most (`SWEEP_PAGE_SIZE`). */
  pageSize: 100,
  /** Pages of one account and service in flight at once: FIFO message groups (`SWEEP_PAGES_PER_SERVICE`). */
  pagesPerService: 2,
  /** Worker invocations the sweep queue's event source starts at most. */
  workerConcurrency: 10,
} as const;

/** Properties of {@link Sweep}. */
export interface SweepProps extends JudgeAccess {
  readonly settings: VigilRuntimeSettings;
  readonly logRetention: RetentionDays;
  readonly schedule: events.Schedule;
  /** Timeout of the planner. */
  readonly plannerTimeout: Duration;
  /** Timeout of one worker invocation (one page); the sweep queue hides a message six times as long. */
  readonly workerTimeout: Duration;
  readonly workerConcurrency: number;
  readonly concurrency: number;
  readonly pageSize: number;
  readonly pagesPerService: number;
  /** Receives of a shard page before the sweep dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Where the functions put their metrics (the sweep alarms watch `SweepIncomplete`, `SweepShardFailures`). */
  readonly metrics: VigilMetrics;
}

function checkWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InfraConfigError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/**
 * The scheduled sweep, sharded: the planner (scheduled) enumerates (account, region, resource type) shards
 * and queues one message per shard on the FIFO sweep queue; workers judge one page of one shard per
 * invocation (continuation pages go back to the queue), at most `workerConcurrency` at once. A page that
 * keeps failing lands in the sweep dead-letter queue; alarms fire on it, on `SweepShardFailures` and on
 * `SweepIncomplete` (a sweep started while the previous one had not completed). Transparent to logical ids.
 */
export class Sweep extends Construct {
  /** Plans each sweep: its shards, queued on the sweep queue. */
  readonly planner: VigilFunction;
  /** Judges one page of one shard per invocation. */
  readonly worker: VigilFunction;
  /** Shard pages waiting for a worker (FIFO: message groups per account and service). */
  readonly queue: sqs.Queue;
  /** Shard pages the workers failed `maxReceiveCount` times. */
  readonly deadLetterQueue: sqs.Queue;
  /** The planner's schedule. */
  readonly rule: events.Rule;
  /** The sweep queue's dead-letter alarm, and the alarms on the sweep's own metrics. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SweepProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    checkWhole('sweepWorkerConcurrency', props.workerConcurrency, 2, 1000);
    checkWhole('sweepConcurrency', props.concurrency, 1, 64);
    checkWhole('sweepPageSize', props.pageSize, 1, 100);
    checkWhole('sweepPagesPerService', props.pagesPerService, 1, 20);
    const { store } = props;
    const queues = createWorkQueue(this, 'SweepShard', {
      fifo: true,
      encryptionKey: store.key,
      // As AWS recommends for SQS event sources; FIFO queues take no batching window.
      visibilityTimeout: Duration.seconds(props.workerTimeout.toSeconds() * 6),
      maxReceiveCount: props.maxReceiveCount,
      alertTopic: props.alertTopic,
    });
    this.queue = queues.queue;
    this.deadLetterQueue = queues.deadLetterQueue;
    const environment = {
      SWEEP_QUEUE_URL: this.queue.queueUrl,
      SWEEP_CONCURRENCY: String(props.concurrency),
      SWEEP_PAGE_SIZE: String(props.pageSize),
      SWEEP_PAGES_PER_SERVICE: String(props.pagesPerService),
    };

    this.planner = new VigilFunction(this, 'Sweep', {
      entry: 'functions/sweep.ts',
      description:
        'Vigil: plans the scheduled sweep, queueing one message per account, region and resource type',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: props.plannerTimeout,
      memorySize: 1024,
      logRetention: props.logRetention,
      environment,
    });
    this.grantPlanning(props);

    this.worker = new VigilFunction(this, 'SweepWorker', {
      entry: 'functions/sweep-worker.ts',
      description: 'Vigil: judges one page of one sweep shard from the sweep queue',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: props.workerTimeout,
      memorySize: 1024,
      logRetention: props.logRetention,
      // Fed only by the sweep queue, whose redrive policy is its dead-letter path.
      deadLetterQueue: false,
      environment: { ...environment, ...props.remediation.requestEnvironment },
    });
    consumeWorkQueue(this.worker, this.queue, { batchSize: 1, maxConcurrency: props.workerConcurrency });
    grantJudging(this.worker, props);
    this.grantQueueSend(this.worker);

    this.rule = new events.Rule(this, 'SweepSchedule', {
      description: 'Vigil: scheduled sweep of every supported resource',
      schedule: props.schedule,
      targets: [
        new targets.LambdaFunction(this.planner.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.planner.deadLetterQueue,
        }),
      ],
    });
    this.alarms = [
      queues.deadLetterAlarm,
      vigilMetricAlarm(this, props.metrics, 'SweepIncomplete', props.alertTopic, {
        description: 'Vigil: a sweep started while the previous one had not completed (vigil sweep status)',
        threshold: 1,
      }),
      vigilMetricAlarm(this, props.metrics, 'SweepShardFailures', props.alertTopic, {
        description: 'Vigil: a sweep shard page failed; it is retried alone, then lands in the sweep DLQ',
        threshold: 1,
      }),
    ];
  }

  /**
   * The planner reads the latest sweeps, records the new one with its shards, queues each shard's first page
   * and, in organization mode without an account list, lists the organization's accounts. It judges
   * nothing: no evidence, alerts, remediation or resource reads.
   */
  private grantPlanning(props: SweepProps): void {
    const { role } = this.planner;
    iam.Grant.addToPrincipal({
      grantee: role,
      // The sweep rows (BatchWriteItem for the shards), and the index of sweeps (Query) for the previous one.
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query'],
      resourceArns: [props.store.stateTable.tableArn],
    });
    grantKeyUse(role, props.store.key);
    this.grantQueueSend(this.planner);
    if (props.organization !== undefined) grantAccountListing(this, role, props.organization);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Resource "*" only for actions without resource-level permissions: X-Ray PutTraceSegments/' +
        'PutTelemetryRecords (active tracing) and, in organization mode without an account list, ' +
        'organizations:ListAccounts.',
    });
  }

  /** Lets the function queue shard pages (first pages, or continuation pages). */
  private grantQueueSend(sender: VigilFunction): void {
    iam.Grant.addToPrincipal({
      grantee: sender.role,
      // The queue's key is covered by grantKeyUse; grantSendMessages would add kms:ReEncrypt* on top.
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: [this.queue.queueArn],
    });
  }
}
