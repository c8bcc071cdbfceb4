import { Aws, CfnCondition, Duration, Fn, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as config from 'aws-cdk-lib/aws-config';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FINDINGS_PREFIX, REJECTED_PREFIX } from '#shared/evidence/finding';
import { resolveParameters } from '#shared/rules/parameters';
import { RULES } from '#shared/rules/registry';
import { ACCOUNT_RESOURCE_TYPE, type ParameterValue, type Rule } from '#shared/rules/rule';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { InfraConfigError } from './errors';
import {
  DESCRIBE_PERMISSIONS,
  describeNagFinding,
  grantAlertPublish,
  grantConfigEvaluations,
  grantDescribe,
  grantEvidenceWrite,
  grantKeyUse,
  grantStateReadWrite,
} from './grants';
import { VigilFunction, type VigilLogLevel, type VigilRuntimeSettings } from './vigil-function';

/** Per rule id, parameter overrides: `{ "cw-loggroup-retention-period-check": { "MinRetentionTime": 400 } }`. */
export type RuleParameterOverrides = Readonly<Record<string, Readonly<Record<string, ParameterValue>>>>;

/** Default days each finding stays locked (COMPLIANCE mode): a 12-month audit window plus a margin. */
export const DEFAULT_EVIDENCE_RETENTION_DAYS = 400;

/** EventBridge sources of the CloudTrail management events that can change what Vigil's rules judge. */
export const CLOUDTRAIL_EVENT_SOURCES = [
  'aws.s3',
  'aws.ec2',
  'aws.iam',
  'aws.kms',
  'aws.logs',
  'aws.rds',
  'aws.eks',
  'aws.ecr',
  'aws.cloudtrail',
] as const;

/** AWS Config accepts at most this many resource types in a rule's scope. */
const MAX_CONFIG_SCOPE_TYPES = 100;

/** `aws:PrincipalArn` always starts with `arn:`, so this value excepts nobody from a deny statement. */
const NOBODY = 'no-break-glass-role';

const LOG_LEVELS: readonly VigilLogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Properties of {@link ComplianceMonitor}. String props may be CloudFormation parameter tokens unless noted. */
export interface ComplianceMonitorProps {
  /**
   * Days each finding stays locked in COMPLIANCE mode, both the bucket's default retention and the
   * retain-until date the functions put. Must be known at synth time (not a CloudFormation parameter):
   * `ObjectLockRetention` validates the number. Cannot be shortened once objects exist.
   * @default 400
   */
  readonly evidenceRetentionDays?: number;
  /**
   * ARN of the one IAM role the evidence bucket policy does not deny `s3:DeleteObject*`,
   * `s3:PutBucketObjectLockConfiguration`, `s3:PutObjectRetention` and `s3:BypassGovernanceRetention`.
   * An empty string means none. COMPLIANCE-mode locks still bind this role until retention ends.
   * @default - none: those actions are denied to every principal (except `s3:PutObjectRetention` for Vigil's writers)
   */
  readonly breakGlassRoleArn?: string;
  /**
   * E-mail address subscribed to the alert topic (the recipient must confirm). An empty string means none.
   * @default - no subscription
   */
  readonly alertEmail?: string;
  /**
   * When the sweep re-reads and re-evaluates every resource.
   * @default events.Schedule.rate(Duration.hours(24))
   */
  readonly sweepSchedule?: events.Schedule;
  /**
   * Rule parameter overrides: an object (checked against the rule catalog at synth time) or the same as a
   * JSON string (e.g. a CloudFormation parameter, checked by the functions at cold start).
   * @default {} - every rule runs with its documented defaults
   */
  readonly ruleParameters?: RuleParameterOverrides | string;
  /**
   * Rule ids to run: a list (checked against the catalog at synth time; it also narrows the AWS Config rule's
   * scope) or a comma-separated string. Empty means all.
   * @default - the whole catalog
   */
  readonly enabledRules?: readonly string[] | string;
  /**
   * Powertools log level of every function.
   * @default 'INFO'
   */
  readonly logLevel?: string;
  /**
   * Timeout of the change evaluator; the change queue's visibility timeout is six times this plus the
   * batching window, as AWS recommends for SQS event sources.
   * @default Duration.seconds(60)
   */
  readonly evaluatorTimeout?: Duration;
  /**
   * Reserved concurrency of the change evaluator (also caps how hard it calls describe APIs).
   * @default - none: unreserved account concurrency
   */
  readonly evaluatorReservedConcurrency?: number;
  /**
   * Timeout of the scheduled sweep.
   * @default Duration.minutes(15)
   */
  readonly sweepTimeout?: Duration;
  /**
   * Create the AWS Config custom rule. Creating a Config rule fails in a region without a configuration
   * recorder; turn it off there and rely on the CloudTrail events and the sweep.
   * @default true
   */
  readonly configRule?: boolean;
  /**
   * Retention of every function's log group (Vigil's own `cw-loggroup-retention-period-check` wants ≥ 365 days).
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * Enable Object Lock on the access-log bucket (without default retention: S3 does not deliver server
   * access logs to a bucket that has one), so legal holds and `s3-bucket-default-lock-enabled` apply to it.
   * @default true
   */
  readonly accessLogBucketObjectLock?: boolean;
  /**
   * Powertools service name of the functions.
   * @default 'vigil'
   */
  readonly serviceName?: string;
  /**
   * CloudWatch namespace of the functions' metrics.
   * @default 'Vigil'
   */
  readonly metricsNamespace?: string;
}

/** The resource types an AWS Config custom rule running these rules must be scoped to (account-level excluded). */
export function configRuleScopeTypes(rules: readonly Rule[]): string[] {
  const types = new Set<string>();
  for (const rule of rules) {
    for (const type of rule.resourceTypes) if (type !== ACCOUNT_RESOURCE_TYPE) types.add(type);
  }
  return [...types].sort();
}

/**
 * Vigil's whole deployment: evidence bucket (Object Lock COMPLIANCE) with its access-log bucket, state table,
 * alert topic, change queue fed by AWS Config and CloudTrail events, the evaluator, sweep and Config-rule
 * functions with least-privilege roles, the AWS Config custom rule and alarms, all under one customer
 * managed KMS key.
 */
export class ComplianceMonitor extends Construct {
  /** Customer managed key (rotated yearly) encrypting evidence, state, alerts, queues and logs. */
  readonly key: kms.Key;
  /** Where the evidence bucket's server access logs go. */
  readonly accessLogBucket: s3.Bucket;
  /** Findings and rejected inputs, locked in COMPLIANCE mode. */
  readonly evidenceBucket: s3.Bucket;
  /** Compliance state per resource × rule. */
  readonly stateTable: dynamodb.Table;
  /** Alerts on status changes and on the monitor's own failures. */
  readonly alertTopic: sns.Topic;
  /** Config and CloudTrail change events waiting for the evaluator. */
  readonly changeQueue: sqs.Queue;
  /** Change events the evaluator failed five times, or EventBridge could not deliver. */
  readonly changeDeadLetterQueue: sqs.Queue;
  /** Evaluates change events from the queue. */
  readonly evaluator: VigilFunction;
  /** Re-reads and re-evaluates every resource on a schedule. */
  readonly sweep: VigilFunction;
  /** Serves the AWS Config custom rule. */
  readonly configRuleFunction: VigilFunction;
  /** The AWS Config custom rule, when enabled. */
  readonly configRule: config.CustomRule | undefined;
  /** The EventBridge rules feeding the change queue: Config item changes, then CloudTrail API calls. */
  readonly changeRules: readonly events.Rule[];
  /** The sweep's schedule. */
  readonly sweepRule: events.Rule;
  /** Every alarm, all notifying the alert topic. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ComplianceMonitorProps = {}) {
    super(scope, id);
    const retentionDays = props.evidenceRetentionDays ?? DEFAULT_EVIDENCE_RETENTION_DAYS;
    const selection = ruleSelectionOf(props.enabledRules);
    const evaluatorTimeout = props.evaluatorTimeout ?? Duration.seconds(60);
    const batchingWindow = Duration.seconds(1);

    this.key = new kms.Key(this, 'Key', {
      description: 'Vigil: evidence, compliance state, alerts, queues and logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.allowServiceKeyUse();

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      // S3 delivers server access logs only to buckets with SSE-S3 default encryption.
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      objectLockEnabled: props.accessLogBucketObjectLock ?? true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log destination; logging it to itself would loop and logging it elsewhere ' +
        'only moves the problem. CloudTrail data events can cover reads of it.',
    });

    this.evidenceBucket = new s3.Bucket(this, 'Evidence', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateTable = new dynamodb.Table(this, 'State', {
      partitionKey: { name: STATE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: STATE_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.alertTopic = new sns.Topic(this, 'Alerts', {
      displayName: 'Vigil compliance alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    // A topic with its own policy no longer has the default one, so CloudWatch alarms need an explicit allow.
    this.alertTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertTopic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    this.subscribeAlertEmail(props.alertEmail);

    this.changeDeadLetterQueue = new sqs.Queue(this, 'ChangeDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.changeQueue = new sqs.Queue(this, 'ChangeQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(evaluatorTimeout.toSeconds() * 6 + batchingWindow.toSeconds()),
      deadLetterQueue: { queue: this.changeDeadLetterQueue, maxReceiveCount: 5 },
    });

    const settings: VigilRuntimeSettings = {
      evidenceBucket: this.evidenceBucket,
      stateTable: this.stateTable,
      alertTopic: this.alertTopic,
      evidenceRetentionDays: retentionDays,
      ruleParametersJson: ruleParametersJsonOf(props.ruleParameters),
      enabledRules: selection.env,
      logLevel: logLevelOf(props.logLevel),
      serviceName: props.serviceName ?? 'vigil',
      metricsNamespace: props.metricsNamespace ?? 'Vigil',
    };
    const logRetention = props.logRetention ?? RetentionDays.ONE_YEAR;

    this.evaluator = new VigilFunction(this, 'Evaluator', {
      entry: 'functions/evaluator.ts',
      description: 'Vigil: evaluates AWS Config and CloudTrail change events from the change queue',
      settings,
      encryptionKey: this.key,
      timeout: evaluatorTimeout,
      reservedConcurrentExecutions: props.evaluatorReservedConcurrency,
      logRetention,
      // Fed only by the change queue, whose redrive policy is its dead-letter path.
      deadLetterQueue: false,
    });
    this.evaluator.function.addEventSource(
      new SqsEventSource(this.changeQueue, {
        batchSize: 10,
        maxBatchingWindow: batchingWindow,
        reportBatchItemFailures: true,
      }),
    );

    this.sweep = new VigilFunction(this, 'Sweep', {
      entry: 'functions/sweep.ts',
      description: 'Vigil: re-reads and re-evaluates every supported resource on a schedule',
      settings,
      encryptionKey: this.key,
      timeout: props.sweepTimeout ?? Duration.minutes(15),
      memorySize: 1024,
      logRetention,
    });

    this.configRuleFunction = new VigilFunction(this, 'ConfigRuleHandler', {
      entry: 'functions/config-rule.ts',
      description: 'Vigil: evaluates AWS Config custom rule invocations and reports them with PutEvaluations',
      settings,
      encryptionKey: this.key,
      timeout: Duration.seconds(120),
      logRetention,
    });
    grantConfigEvaluations(this.configRuleFunction.role);

    const workers = [this.evaluator, this.sweep, this.configRuleFunction];
    for (const worker of workers) {
      grantEvidenceWrite(worker.role, this.evidenceBucket);
      grantStateReadWrite(worker.role, this.stateTable);
      grantAlertPublish(worker.role, this.alertTopic);
      grantKeyUse(worker.role, this.key);
      grantDescribe(worker.role);
      acknowledgeWorkerFindings(worker, this.evidenceBucket);
    }
    this.protectEvidence(
      workers.map((worker) => worker.role.roleArn),
      props.breakGlassRoleArn,
    );

    const changeTarget = new targets.SqsQueue(this.changeQueue, {
      deadLetterQueue: this.changeDeadLetterQueue,
    });
    this.changeRules = [
      new events.Rule(this, 'ConfigChanges', {
        description: 'Vigil: AWS Config configuration item changes to the change queue',
        eventPattern: { source: ['aws.config'], detailType: ['Config Configuration Item Change'] },
        targets: [changeTarget],
      }),
      new events.Rule(this, 'ApiCalls', {
        description: 'Vigil: mutating CloudTrail management events of judged services to the change queue',
        eventPattern: {
          source: [...CLOUDTRAIL_EVENT_SOURCES],
          detailType: ['AWS API Call via CloudTrail'],
          // Management events only: with S3 data events on, Vigil's own evidence writes would loop back.
          detail: { readOnly: [false], eventCategory: ['Management'] },
        },
        targets: [changeTarget],
      }),
    ];

    this.sweepRule = new events.Rule(this, 'SweepSchedule', {
      description: 'Vigil: scheduled sweep of every supported resource',
      schedule: props.sweepSchedule ?? events.Schedule.rate(Duration.hours(24)),
      targets: [
        new targets.LambdaFunction(this.sweep.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.sweep.deadLetterQueue,
        }),
      ],
    });

    this.configRule = (props.configRule ?? true) ? this.createConfigRule(selection.ids) : undefined;
    this.alarms = this.createAlarms(workers);
  }

  /** Lets CloudWatch Logs encrypt the log groups and CloudWatch alarms publish to the encrypted topic. */
  private allowServiceKeyUse(): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
  }

  private subscribeAlertEmail(email: string | undefined): void {
    if (email === undefined || email === '') return;
    const subscription = this.alertTopic.addSubscription(new EmailSubscription(email));
    if (Token.isUnresolved(email)) {
      const cfn = subscription.node.defaultChild;
      if (cfn instanceof sns.CfnSubscription) {
        cfn.cfnOptions.condition = new CfnCondition(this, 'HasAlertEmail', {
          expression: Fn.conditionNot(Fn.conditionEquals(email, '')),
        });
      }
    }
  }

  /**
   * Denies evidence deletion, lock reconfiguration and retention changes to everyone but the break-glass role;
   * Vigil's writers may also set retention, which a put with Object Lock headers needs.
   */
  private protectEvidence(writerRoleArns: readonly string[], breakGlassRoleArn: string | undefined): void {
    const breakGlass = this.breakGlassPrincipal(breakGlassRoleArn);
    const bucket = this.evidenceBucket;
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyEvidenceTampering',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject*', 's3:PutBucketObjectLockConfiguration', 's3:BypassGovernanceRetention'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
        conditions:
          breakGlass === undefined ? undefined : { StringNotEquals: { 'aws:PrincipalArn': [breakGlass] } },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyRetentionChanges',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObjectRetention'],
        resources: [bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: {
            'aws:PrincipalArn': [...writerRoleArns, ...(breakGlass === undefined ? [] : [breakGlass])],
          },
        },
      }),
    );
  }

  private breakGlassPrincipal(arn: string | undefined): string | undefined {
    if (arn === undefined || arn === '') return undefined;
    if (Token.isUnresolved(arn)) {
      const hasRole = new CfnCondition(this, 'HasBreakGlassRole', {
        expression: Fn.conditionNot(Fn.conditionEquals(arn, '')),
      });
      return Token.asString(Fn.conditionIf(hasRole.logicalId, arn, NOBODY));
    }
    if (!ROLE_ARN_PATTERN.test(arn)) {
      throw new InfraConfigError(`breakGlassRoleArn must be an IAM role ARN, got ${arn}`, {
        context: { path: this.node.path },
      });
    }
    return arn;
  }

  private createConfigRule(enabledRules: readonly string[] | undefined): config.CustomRule {
    const rules = enabledRules === undefined ? RULES : RULES.filter((rule) => enabledRules.includes(rule.id));
    const types = configRuleScopeTypes(rules);
    return new config.CustomRule(this, 'ConfigRule', {
      description: 'Vigil: SOC 2 rule catalog evaluated by the Vigil config-rule function',
      lambdaFunction: this.configRuleFunction.function,
      configurationChanges: true,
      periodic: true,
      maximumExecutionFrequency: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
      // Config caps a scope at 100 types; past that, an unscoped rule sees every recorded type.
      ruleScope:
        types.length > 0 && types.length <= MAX_CONFIG_SCOPE_TYPES
          ? config.RuleScope.fromResources(types.map((type) => config.ResourceType.of(type)))
          : undefined,
    });
  }

  private createAlarms(workers: readonly VigilFunction[]): cloudwatch.Alarm[] {
    const action = new SnsAction(this.alertTopic);
    const alarms: cloudwatch.Alarm[] = [];
    const queues: [string, sqs.Queue | undefined][] = [
      ['ChangeDeadLetterQueue', this.changeDeadLetterQueue],
      ...workers.map((worker): [string, sqs.Queue | undefined] => [
        `${worker.node.id}DeadLetterQueue`,
        worker.deadLetterQueue,
      ]),
    ];
    for (const [name, queue] of queues) {
      if (queue === undefined) continue;
      alarms.push(
        new cloudwatch.Alarm(this, `${name}Depth`, {
          alarmDescription: `Vigil: messages in ${name}; events were not evaluated`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const worker of workers) {
      alarms.push(
        new cloudwatch.Alarm(this, `${worker.node.id}Errors`, {
          alarmDescription: `Vigil: the ${worker.node.id} function failed invocations`,
          metric: worker.function.metricErrors({
            period: Duration.minutes(5),
            statistic: cloudwatch.Stats.SUM,
          }),
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const alarm of alarms) alarm.addAlarmAction(action);
    return alarms;
  }
}

/** The rule selection as the `ENABLED_RULES` value and, when known at synth time, as checked ids. */
interface RuleSelection {
  readonly env: string;
  /** `undefined`: the whole catalog, or a selection only known at deploy time. */
  readonly ids: readonly string[] | undefined;
}

function ruleSelectionOf(value: readonly string[] | string | undefined): RuleSelection {
  if (value === undefined) return { env: '', ids: undefined };
  // A parameter token is passed through; the functions check it at cold start.
  if (typeof value === 'string' && Token.isUnresolved(value)) return { env: value, ids: undefined };
  const ids = (typeof value === 'string' ? value.split(',') : value)
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) return { env: '', ids: undefined };
  const unknown = ids.filter((id) => !RULES.some((rule) => rule.id === id));
  if (unknown.length > 0) {
    throw new InfraConfigError(`enabledRules names rules Vigil does not have: ${unknown.join(', ')}`, {
      context: { unknown },
    });
  }
  return { env: ids.join(','), ids };
}

function ruleParametersJsonOf(value: RuleParameterOverrides | string | undefined): string {
  if (value === undefined) return '{}';
  if (typeof value === 'string') return value;
  for (const [ruleId, overrides] of Object.entries(value)) {
    const rule = RULES.find((candidate) => candidate.id === ruleId);
    if (rule === undefined) {
      throw new InfraConfigError(`ruleParameters names a rule Vigil does not have: ${ruleId}`, {
        context: { ruleId },
      });
    }
    try {
      resolveParameters(rule, overrides);
    } catch (error) {
      throw new InfraConfigError(`ruleParameters for ${ruleId} are invalid`, {
        cause: error,
        context: { ruleId },
      });
    }
  }
  return JSON.stringify(value);
}

function logLevelOf(value: string | undefined): string {
  if (value === undefined) return 'INFO';
  if (Token.isUnresolved(value) || (LOG_LEVELS as readonly string[]).includes(value)) return value;
  throw new InfraConfigError(`logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${value}`);
}

/**
 * Acknowledges, on the worker, the cdk-nag findings its least-privilege policy cannot avoid, each with the
 * reason the wildcard cannot be narrower.
 */
function acknowledgeWorkerFindings(worker: VigilFunction, evidenceBucket: s3.Bucket): void {
  const role = Validations.of(worker.role);
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Resource "*" only for actions without resource-level permissions: X-Ray PutTraceSegments/' +
      'PutTelemetryRecords (active tracing), config:PutEvaluations, and the read-only describe APIs ' +
      `${DESCRIBE_PERMISSIONS[0]?.actions.join(', ')} (see infra/grants.ts).`,
  });
  for (const permission of DESCRIBE_PERMISSIONS) {
    for (const resource of permission.resources) {
      if (resource === '*') continue;
      role.acknowledge({
        id: `AwsSolutions-IAM5[${describeNagFinding(resource)}]`,
        reason: `${permission.actions.join(', ')}: ${permission.reason}`,
      });
    }
  }
  const bucket = evidenceBucket.node.defaultChild;
  if (bucket instanceof s3.CfnBucket) {
    const bucketArn = `<${Stack.of(bucket).getLogicalId(bucket)}.Arn>`;
    for (const prefix of [FINDINGS_PREFIX, REJECTED_PREFIX]) {
      role.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`,
        reason:
          `Finding and rejected-input keys are content-addressed and unknown until evaluation; access is ` +
          `limited to the ${prefix} prefix (writes to findings/ and rejected/, reads to findings/).`,
      });
    }
  }
  Validations.of(worker.function).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Vigil pins nodejs22.x (an LTS runtime Lambda supports) and tests its bundles on Node 22 semantics; ' +
      'moving to a newer runtime is a deliberate, tested upgrade, not a synth-time default.',
  });
}
