import { Duration, type Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ComplianceMonitor, DEFAULT_SWEEP_SETTINGS } from '#infra/compliance-monitor';
import { InfraConfigError } from '#infra/errors';
import { parseConfig } from '#shared/config';
import {
  functionEnvironment,
  iamStatements,
  logicalIdOf,
  resourcesOf,
  synthMonitor,
} from '#test/infra/support';

/** The actions of a role's Allow statements. */
function allowedActions(template: Template, roleId: string): string[] {
  return [
    ...new Set(
      iamStatements(template, roleId)
        .filter((statement) => statement.Effect === 'Allow')
        .flatMap((statement) => [statement.Action].flat().map(String)),
    ),
  ].sort();
}

describe('the sharded sweep', () => {
  let stack: Stack;
  let monitor: ComplianceMonitor;
  let template: Template;
  beforeAll(() => {
    ({ stack, monitor, template } = synthMonitor());
  });

  it('queues shard pages on a KMS-encrypted FIFO queue with a FIFO dead-letter queue after 5 receives', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const queue = queues[logicalIdOf(stack, monitor.sweepQueue)]?.Properties;
    expect(queue).toMatchObject({
      FifoQueue: true,
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.key), 'Arn'] },
      MessageRetentionPeriod: 1_209_600,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.sweepDeadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    // Duplicates are dropped by the planner's deduplication ids, not by content.
    expect(queue?.ContentBasedDeduplication).toBeUndefined();
    expect(queues[logicalIdOf(stack, monitor.sweepDeadLetterQueue)]?.Properties).toMatchObject({
      FifoQueue: true,
    });
  });

  it('hides a received page at least six times the worker timeout', () => {
    const queue = resourcesOf(template, 'AWS::SQS::Queue')[logicalIdOf(stack, monitor.sweepQueue)];
    const workerTimeout = resourcesOf(template, 'AWS::Lambda::Function')[
      logicalIdOf(stack, monitor.sweepWorker.function)
    ]?.Properties.Timeout as number;
    expect(workerTimeout).toBe(300);
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * workerTimeout);
  });

  it('feeds the worker one page at a time with partial failures and a bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.sweepQueue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(stack, monitor.sweepWorker.function) },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: DEFAULT_SWEEP_SETTINGS.workerConcurrency },
    });
  });

  it('tells the planner and the worker the queue and the page settings the construct deploys', () => {
    for (const fn of [monitor.sweep, monitor.sweepWorker]) {
      expect(functionEnvironment(template, logicalIdOf(stack, fn.function))).toMatchObject({
        SWEEP_QUEUE_URL: { Ref: logicalIdOf(stack, monitor.sweepQueue) },
        SWEEP_CONCURRENCY: '4',
        SWEEP_PAGE_SIZE: '100',
        SWEEP_PAGES_PER_SERVICE: '2',
      });
    }
  });

  it('deploys the settings the functions default to (so benches can run what the stack deploys)', () => {
    const config = parseConfig({
      EVIDENCE_BUCKET: 'evidence',
      STATE_TABLE: 'state',
      ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
    });
    expect(config).toMatchObject({
      sweepConcurrency: DEFAULT_SWEEP_SETTINGS.concurrency,
      sweepPageSize: DEFAULT_SWEEP_SETTINGS.pageSize,
      sweepPagesPerService: DEFAULT_SWEEP_SETTINGS.pagesPerService,
    });
  });

  it('lets the planner record sweeps and queue pages, and judge nothing', () => {
    const roleId = logicalIdOf(stack, monitor.sweep.role);
    expect(allowedActions(template, roleId)).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const sends = iamStatements(template, roleId).filter((statement) =>
      [statement.Action].flat().includes('sqs:SendMessage'),
    );
    // The sweep queue, and its own dead-letter queue for failed scheduled invocations.
    expect(sends.map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': [logicalIdOf(stack, monitor.sweep.deadLetterQueue ?? monitor), 'Arn'] },
      { 'Fn::GetAtt': [logicalIdOf(stack, monitor.sweepQueue), 'Arn'] },
    ]);
  });

  it('lets the worker judge like the evaluator, read its queue and queue continuation pages', () => {
    const worker = allowedActions(template, logicalIdOf(stack, monitor.sweepWorker.role));
    const evaluator = allowedActions(template, logicalIdOf(stack, monitor.evaluator.role));
    // The evaluator alone closes settle windows (DeleteItem on SETTLE# rows): the sweep never settles.
    expect(evaluator).toContain('dynamodb:DeleteItem');
    expect(worker).toEqual(evaluator.filter((action) => action !== 'dynamodb:DeleteItem'));
    const queueArn = { 'Fn::GetAtt': [logicalIdOf(stack, monitor.sweepQueue), 'Arn'] };
    const onQueue = iamStatements(template, logicalIdOf(stack, monitor.sweepWorker.role)).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(queueArn),
    );
    expect(onQueue.flatMap((statement) => [statement.Action].flat()).sort()).toEqual(
      expect.arrayContaining(['sqs:DeleteMessage', 'sqs:ReceiveMessage', 'sqs:SendMessage']),
    );
  });

  it('alarms on pages in the sweep dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.sweepDeadLetterQueue), 'QueueName'] },
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: logicalIdOf(stack, monitor.alertTopic) }],
    });
  });

  it.each(['SweepIncomplete', 'SweepShardFailures'])(
    'alarms when the functions report %s ≥ 1 (namespace and service of the construct)',
    (metricName) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Vigil',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: 'vigil' }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: logicalIdOf(stack, monitor.alertTopic) }],
      });
    },
  );
});

describe('the sharded sweep with its settings', () => {
  it('takes the worker concurrency, timeout and page settings it is given', () => {
    const { stack, monitor, template } = synthMonitor({
      sweepWorkerConcurrency: 25,
      sweepWorkerTimeout: Duration.minutes(2),
      sweepConcurrency: 8,
      sweepPageSize: 50,
      sweepPagesPerService: 3,
      metricsNamespace: 'Audit',
      serviceName: 'vigil-prod',
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(stack, monitor.sweepWorker.function) },
      ScalingConfig: { MaximumConcurrency: 25 },
    });
    const queue = resourcesOf(template, 'AWS::SQS::Queue')[logicalIdOf(stack, monitor.sweepQueue)];
    expect(queue?.Properties.VisibilityTimeout).toBe(720);
    expect(functionEnvironment(template, logicalIdOf(stack, monitor.sweepWorker.function))).toMatchObject({
      SWEEP_CONCURRENCY: '8',
      SWEEP_PAGE_SIZE: '50',
      SWEEP_PAGES_PER_SERVICE: '3',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Audit',
      MetricName: 'SweepIncomplete',
      Dimensions: [{ Name: 'service', Value: 'vigil-prod' }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_METRICS_NAMESPACE: 'Audit' }) },
    });
  });

  it.each([
    ['a worker concurrency below the event source minimum of 2', { sweepWorkerConcurrency: 1 }],
    ['a page larger than 100 resources', { sweepPageSize: 101 }],
    ['zero pages per service', { sweepPagesPerService: 0 }],
    ['a fractional concurrency', { sweepConcurrency: 2.5 }],
  ])('refuses %s', (_name, props) => {
    expect(() => synthMonitor(props)).toThrow(InfraConfigError);
  });
});
