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
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CLOUDTRAIL_EXTRACTORS } from '#shared/describe/cloudtrail-refs';
import { DIGESTS_PREFIX } from '#shared/evidence/digest';
import { FINDINGS_PREFIX, REJECTED_PREFIX } from '#shared/evidence/finding';
import { REMEDIATIONS_PREFIX } from '#shared/remediations/record';
import { remediationPermissions } from '#shared/remediations/registry';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import { resolveParameters } from '#shared/rules/parameters';
import { RULES } from '#shared/rules/registry';
import { ACCOUNT_RESOURCE_TYPE, type ParameterValue, type Rule, SEVERITIES } from '#shared/rules/rule';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { InfraConfigError } from './errors';
import { EvidenceProtection } from './evidence-protection';
import {
  DESCRIBE_PERMISSIONS,
  describeNagFinding,
  describeResourceArn,
  grantAlertPublish,
  grantConfigEvaluations,
  grantDescribe,
  grantEvidencePut,
  grantEvidenceRead,
  grantEvidenceVersionsRead,
  grantEvidenceWrite,
  grantKeyUse,
  grantParametersRead,
  grantSecretRead,
  grantStateReadWrite,
  REMEDIATION_ACTION_SCOPES,
  remediationStatements,
} from './grants';
import { VigilFunction, type VigilLogLevel, type VigilRuntimeSettings } from './vigil-function';

/** Per rule id, parameter overrides: `{ "cw-loggroup-retention-period-check": { "MinRetentionTime": 400 } }`. */
export type RuleParameterOverrides = Readonly<Record<string, Readonly<Record<string, ParameterValue>>>>;

/** Default days each finding stays locked (COMPLIANCE mode): a 12-month audit window plus a margin. */
export const DEFAULT_EVIDENCE_RETENTION_DAYS = 400;

/** Default receives of a change event before it moves to the dead-letter queue. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

/** Default SSM Parameter Store namespace of Vigil's run-time switches. */
export const DEFAULT_PARAMETER_NAMESPACE = '/vigil';

/** How a rule's auto-remediation runs: not at all, planned and recorded only, or for real. */
export type RemediationMode = 'off' | 'dry-run' | 'on';

/** Every remediation mode, the first being the default. */
export const REMEDIATION_MODES: readonly RemediationMode[] = ['off', 'dry-run', 'on'];

/** Key prefix of the export bundles in the evidence bucket. */
const EXPORTS_PREFIX = 'exports/';

/** AWS Config accepts at most this many resource types in a rule's scope. */
const MAX_CONFIG_SCOPE_TYPES = 100;

const LOG_LEVELS: readonly VigilLogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/** Properties of {@link ComplianceMonitor}. String props may be CloudFormation parameter tokens unless noted. */
export interface ComplianceMonitorProps {
  /**
   * Days each finding stays locked in COMPLIANCE mode, both the bucket's default retention and the
   * retain-until date the functions put. A number (checked: 1 to 36500) or a Number parameter token
   * (CloudFormation checks its MinValue/MaxValue). Cannot be shortened for objects already written.
   * @default 400
   */
  readonly evidenceRetentionDays?: number;
  /**
   * ARN of the one IAM role excepted from the denies that protect evidence and keys: the evidence bucket's
   * deny of `s3:DeleteObject*`, `s3:PutBucketObjectLockConfiguration`, `s3:PutObjectRetention` and
   * `s3:BypassGovernanceRetention`, and both keys' deny of `kms:ScheduleKeyDeletion`, `kms:DisableKey`,
   * `kms:PutKeyPolicy` (and `kms:DisableKeyRotation`). COMPLIANCE-mode locks still bind this role until
   * retention ends. An empty string, like no value, makes the construct create one; a parameter token may
   * be either.
   * @default - a role created by the construct, assumable from this account only with MFA (`aws:MultiFactorAuthPresent`)
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
   * How many times the evaluator may receive a change event before it moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Lowest rule severity that alerts (`critical`, `high`, `medium`, `low`, `informational`); an empty
   * string alerts on every severity.
   * @default '' - every severity
   */
  readonly alertMinSeverity?: string;
  /**
   * Name or ARN of the Secrets Manager secret holding the Slack incoming-webhook URL (never the URL itself).
   * The alerting functions may read this one secret and nothing else. An empty string turns Slack off.
   * The secret must be encrypted with the AWS managed key `aws/secretsmanager` (or a key whose policy lets
   * the functions' roles decrypt).
   * @default - no Slack
   */
  readonly slackWebhookSecret?: string;
  /**
   * Where the sweep reads the resource inventory: the AWS Config recorder, or the service APIs.
   * @default - 'config' when the Config rule is created, else 'describe'
   */
  readonly inventorySource?: 'config' | 'describe';
  /**
   * Per remediable rule id, how its auto-remediation runs (`off`, `dry-run`, `on`; may be parameter
   * tokens). Each becomes the initial value of an SSM parameter `<namespace>/remediation/<rule-id>` that can
   * be changed at run time; the remediation function is granted the write permissions of every rule not
   * deployed `off` (so switching one from `off` to `on` at run time needs a redeploy, by design).
   * @default {} - every remediation off
   */
  readonly remediationModes?: Readonly<Record<string, string>>;
  /**
   * Where `vpc-flow-logs-enabled` sends the flow logs it creates; without one that remediation refuses.
   * With a CloudWatch Logs destination the remediation function may pass exactly that delivery role.
   * @default - none
   */
  readonly remediationFlowLogDestination?:
    | { readonly bucketArn: string }
    | { readonly logGroupName: string; readonly deliverLogsRoleArn: string };
  /**
   * KMS key (id, ARN or alias) `s3-bucket-server-side-encryption-enabled` sets as bucket default encryption.
   * @default - SSE-S3 (AES256)
   */
  readonly remediationS3KmsKeyId?: string;
  /**
   * When the export function bundles the previous month's evidence for auditors.
   * @default events.Schedule.cron({ day: '1', hour: '2', minute: '0' }) - 02:00 UTC on the 1st
   */
  readonly exportSchedule?: events.Schedule;
  /**
   * When the daily digest of open failures goes out.
   * @default events.Schedule.cron({ hour: '8', minute: '0' }) - 08:00 UTC
   */
  readonly dailyDigestSchedule?: events.Schedule;
  /**
   * SSM Parameter Store namespace (starting with `/`) of Vigil's run-time switches.
   * @default '/vigil'
   */
  readonly parameterNamespace?: string;
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
 * alert topic, change queue fed by AWS Config and CloudTrail events, remediation queue and SSM mode switches,
 * the evaluator, sweep, Config-rule, remediate, seal-digests, daily-digest and export functions with
 * least-privilege roles, the AWS Config custom rule and alarms, under one customer managed KMS key (plus an
 * asymmetric key that signs digests).
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
  /** Change events the evaluator failed `maxReceiveCount` times, or EventBridge could not deliver. */
  readonly changeDeadLetterQueue: sqs.Queue;
  /** Evaluates change events from the queue. */
  readonly evaluator: VigilFunction;
  /** Re-reads and re-evaluates every resource on a schedule. */
  readonly sweep: VigilFunction;
  /** Serves the AWS Config custom rule. */
  readonly configRuleFunction: VigilFunction;
  /** Remediation requests from the evaluators, waiting for the remediation function. */
  readonly remediationQueue: sqs.Queue;
  /** Remediation requests the remediation function failed repeatedly. */
  readonly remediationDeadLetterQueue: sqs.Queue;
  /** Runs the auto-remediations that are not off, with only their write permissions. */
  readonly remediate: VigilFunction;
  /** Bundles evidence for auditors, monthly and on demand. */
  readonly exporter: VigilFunction;
  /** The export's monthly schedule. */
  readonly exportRule: events.Rule;
  /** Asymmetric RSA_2048 SIGN_VERIFY key that signs the hourly evidence digests (never leaves KMS). */
  readonly digestSigningKey: kms.Key;
  /** Seals each hour of findings into a signed, locked digest. */
  readonly sealDigests: VigilFunction;
  /** The sealer's hourly schedule. */
  readonly sealRule: events.Rule;
  /** Sends the daily summary of open failures. */
  readonly dailyDigest: VigilFunction;
  /** The daily digest's schedule. */
  readonly dailyDigestRule: events.Rule;
  /** The AWS Config custom rule, when enabled. */
  readonly configRule: config.CustomRule | undefined;
  /** Namespace (starting with `/`) of the SSM parameters holding run-time switches. */
  readonly parameterNamespace: string;
  /** Per remediable rule id, the SSM parameter holding its remediation mode. */
  readonly remediationModeParameters: Readonly<Record<string, ssm.StringParameter>>;
  /** The EventBridge rules feeding the change queue: Config item changes, then CloudTrail API calls. */
  readonly changeRules: readonly events.Rule[];
  /** The sweep's schedule. */
  readonly sweepRule: events.Rule;
  /** Every alarm, all notifying the alert topic. */
  readonly alarms: readonly cloudwatch.Alarm[];
  /** ARN of the one role the evidence bucket and key denies except (given, or created here). */
  readonly breakGlassRoleArn: string;
  /** The break-glass role created here, when none was given (with a parameter token: while it is empty). */
  readonly breakGlassRole: iam.Role | undefined;

  constructor(scope: Construct, id: string, props: ComplianceMonitorProps = {}) {
    super(scope, id);
    const retentionDays = props.evidenceRetentionDays ?? DEFAULT_EVIDENCE_RETENTION_DAYS;
    const selection = ruleSelectionOf(props.enabledRules);
    const evaluatorTimeout = props.evaluatorTimeout ?? Duration.seconds(60);
    const batchingWindow = Duration.seconds(1);
    const maxReceiveCount = props.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new InfraConfigError(
        `maxReceiveCount must be a whole number from 1 to 1000, got ${maxReceiveCount}`,
      );
    }
    if (
      !Token.isUnresolved(retentionDays) &&
      (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 36_500)
    ) {
      throw new InfraConfigError(
        `evidenceRetentionDays must be a whole number of days from 1 to 36500, got ${retentionDays}`,
        { context: { path: this.node.path } },
      );
    }
    const configRuleEnabled = props.configRule ?? true;
    this.parameterNamespace = parameterNamespaceOf(props.parameterNamespace);

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
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
        // A parameter token is put in below: ObjectLockRetention needs a number to validate.
        Duration.days(Token.isUnresolved(retentionDays) ? DEFAULT_EVIDENCE_RETENTION_DAYS : retentionDays),
      ),
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

    if (Token.isUnresolved(retentionDays)) {
      const cfnBucket = this.evidenceBucket.node.defaultChild;
      if (cfnBucket instanceof s3.CfnBucket) {
        cfnBucket.addPropertyOverride('ObjectLockConfiguration.Rule.DefaultRetention.Days', retentionDays);
      }
    }

    this.stateTable = new dynamodb.Table(this, 'State', {
      partitionKey: { name: STATE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: STATE_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      // Remediation rate-limit counters expire; compliance state rows and digest chain heads carry no expiresAt.
      timeToLiveAttribute: 'expiresAt',
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
      // The most SQS allows: a stall longer than the default 4 days would drop events before the DLQ.
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(evaluatorTimeout.toSeconds() * 6 + batchingWindow.toSeconds()),
      deadLetterQueue: { queue: this.changeDeadLetterQueue, maxReceiveCount },
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
      alertMinSeverity: alertMinSeverityOf(props.alertMinSeverity),
      slackWebhookSecretId: props.slackWebhookSecret ?? '',
      inventorySource: props.inventorySource ?? (configRuleEnabled ? 'config' : 'describe'),
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

    const remediationTimeout = Duration.seconds(120);
    this.remediationDeadLetterQueue = new sqs.Queue(this, 'RemediationDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.remediationQueue = new sqs.Queue(this, 'RemediationQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(remediationTimeout.toSeconds() * 6 + batchingWindow.toSeconds()),
      deadLetterQueue: { queue: this.remediationDeadLetterQueue, maxReceiveCount },
    });
    const remediationPrefix = `${this.parameterNamespace}/remediation`;
    const modes = props.remediationModes ?? {};
    const remediationEnvironment = {
      REMEDIATION_QUEUE_URL: this.remediationQueue.queueUrl,
      REMEDIATION_SSM_PREFIX: remediationPrefix,
      // Deploy-time modes; the SSM parameters below start with the same values and win when changed.
      REMEDIATION_TOGGLES: Stack.of(this).toJsonString(
        Object.fromEntries(REMEDIABLE_RULE_IDS.map((ruleId) => [ruleId, modes[ruleId] ?? 'off'])),
      ),
    };
    for (const worker of [this.evaluator, this.sweep, this.configRuleFunction]) {
      for (const [name, value] of Object.entries(remediationEnvironment))
        worker.function.addEnvironment(name, value);
    }

    this.remediate = new VigilFunction(this, 'Remediate', {
      entry: 'functions/remediate.ts',
      description: 'Vigil: runs the auto-remediations that are not off, recording each attempt as evidence',
      settings,
      encryptionKey: this.key,
      timeout: remediationTimeout,
      logRetention,
      deadLetterQueue: false,
      environment: {
        ...remediationEnvironment,
        ...remediationSettingsEnvironment(props.remediationFlowLogDestination, props.remediationS3KmsKeyId),
      },
    });
    this.remediate.function.addEventSource(
      new SqsEventSource(this.remediationQueue, {
        batchSize: 5,
        maxBatchingWindow: batchingWindow,
        reportBatchItemFailures: true,
      }),
    );
    grantEvidencePut(this.remediate.role, this.evidenceBucket, [REMEDIATIONS_PREFIX]);
    grantEvidenceRead(this.remediate.role, this.evidenceBucket, [REMEDIATIONS_PREFIX]);
    grantStateReadWrite(this.remediate.role, this.stateTable);
    grantAlertPublish(this.remediate.role, this.alertTopic);
    grantKeyUse(this.remediate.role, this.key);
    grantDescribe(this.remediate.role);
    grantParametersRead(this.remediate.role, remediationPrefix);
    acknowledgeParameterRead(this.remediate.role, remediationPrefix);
    iam.Grant.addToPrincipal({
      grantee: this.remediate.role,
      // The remediation reader's extra reads (VPC flow logs, log group tags for exemptions).
      actions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
      resourceArns: ['*'],
    });
    iam.Grant.addToPrincipal({
      grantee: this.remediate.role,
      actions: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      resourceArns: [describeResourceArn('arn:{partition}:logs:{region}:{account}:log-group:*')],
    });
    this.protectVigilBuckets(this.remediate.role);
    this.grantRemediationWrites(modes, props.remediationFlowLogDestination);
    acknowledgeWorkerFindings(this.remediate, this.evidenceBucket, [REMEDIATIONS_PREFIX]);

    this.exporter = new VigilFunction(this, 'Export', {
      entry: 'functions/export.ts',
      description: 'Vigil: bundles a period of evidence for auditors (monthly, or on demand with {from, to})',
      settings,
      encryptionKey: this.key,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention,
      environment: { EXPORT_PREFIX: EXPORTS_PREFIX },
    });
    grantEvidenceRead(this.exporter.role, this.evidenceBucket, [
      FINDINGS_PREFIX,
      DIGESTS_PREFIX,
      REMEDIATIONS_PREFIX,
    ]);
    // The bundle copies each object version a digest lists, read by its version id.
    iam.Grant.addToPrincipal({
      grantee: this.exporter.role,
      actions: ['s3:GetObjectVersion'],
      resourceArns: [FINDINGS_PREFIX, REMEDIATIONS_PREFIX].map((prefix) =>
        this.evidenceBucket.arnForObjects(`${prefix}*`),
      ),
    });
    grantEvidencePut(this.exporter.role, this.evidenceBucket, [EXPORTS_PREFIX]);
    grantKeyUse(this.exporter.role, this.key);
    acknowledgeWorkerFindings(this.exporter, this.evidenceBucket, [
      FINDINGS_PREFIX,
      DIGESTS_PREFIX,
      REMEDIATIONS_PREFIX,
      EXPORTS_PREFIX,
    ]);
    this.exportRule = new events.Rule(this, 'ExportSchedule', {
      description: 'Vigil: monthly evidence export of the previous calendar month',
      schedule: props.exportSchedule ?? events.Schedule.cron({ day: '1', hour: '2', minute: '0' }),
      targets: [
        new targets.LambdaFunction(this.exporter.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.exporter.deadLetterQueue,
        }),
      ],
    });

    this.digestSigningKey = new kms.Key(this, 'DigestSigningKey', {
      description: 'Vigil: signs the hourly evidence digests (RSASSA-PSS SHA-256)',
      keySpec: kms.KeySpec.RSA_2048,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Old digests must stay verifiable for as long as their evidence is kept.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.sealDigests = new VigilFunction(this, 'SealDigests', {
      entry: 'functions/seal-digests.ts',
      description: 'Vigil: seals each complete hour of findings into a signed, locked digest',
      settings,
      encryptionKey: this.key,
      timeout: Duration.minutes(5),
      logRetention,
      environment: { DIGEST_SIGNING_KEY_ID: this.digestSigningKey.keyArn },
    });
    grantEvidencePut(this.sealDigests.role, this.evidenceBucket, [DIGESTS_PREFIX]);
    grantEvidenceRead(this.sealDigests.role, this.evidenceBucket, [DIGESTS_PREFIX]);
    // Each hour's digest lists the object versions written under findings/ and remediations/ that hour.
    grantEvidenceVersionsRead(this.sealDigests.role, this.evidenceBucket, [
      FINDINGS_PREFIX,
      REMEDIATIONS_PREFIX,
    ]);
    iam.Grant.addToPrincipal({
      grantee: this.sealDigests.role,
      // The digest chain head: GetItem, and a PutItem that never moves it backwards.
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      resourceArns: [this.stateTable.tableArn],
    });
    grantKeyUse(this.sealDigests.role, this.key);
    iam.Grant.addToPrincipal({
      grantee: this.sealDigests.role,
      actions: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'],
      resourceArns: [this.digestSigningKey.keyArn],
    });
    acknowledgeWorkerFindings(this.sealDigests, this.evidenceBucket, [
      DIGESTS_PREFIX,
      FINDINGS_PREFIX,
      REMEDIATIONS_PREFIX,
    ]);
    // Export bundles carry the digest signing public key, so auditors verify them offline, and a manifest
    // signed with the same key.
    iam.Grant.addToPrincipal({
      grantee: this.exporter.role,
      actions: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'],
      resourceArns: [this.digestSigningKey.keyArn],
    });
    // The exporter is built before the key exists; the manifest signer reads it from here.
    this.exporter.function.addEnvironment('DIGEST_SIGNING_KEY_ID', this.digestSigningKey.keyArn);
    this.sealRule = new events.Rule(this, 'SealSchedule', {
      description: 'Vigil: hourly sealing of evidence digests',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [
        new targets.LambdaFunction(this.sealDigests.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.sealDigests.deadLetterQueue,
        }),
      ],
    });

    this.dailyDigest = new VigilFunction(this, 'DailyDigest', {
      entry: 'functions/daily-digest.ts',
      description: 'Vigil: daily summary of open failures by SOC 2 criterion (SNS and Slack)',
      settings,
      encryptionKey: this.key,
      timeout: Duration.minutes(5),
      logRetention,
    });
    iam.Grant.addToPrincipal({
      grantee: this.dailyDigest.role,
      // Reads every state row (Scan); writes nothing to the table.
      actions: ['dynamodb:Scan'],
      resourceArns: [this.stateTable.tableArn],
    });
    grantAlertPublish(this.dailyDigest.role, this.alertTopic);
    grantKeyUse(this.dailyDigest.role, this.key);
    this.dailyDigestRule = new events.Rule(this, 'DailyDigestSchedule', {
      description: 'Vigil: daily digest of open failures',
      schedule: props.dailyDigestSchedule ?? events.Schedule.cron({ hour: '8', minute: '0' }),
      targets: [
        new targets.LambdaFunction(this.dailyDigest.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: this.dailyDigest.deadLetterQueue,
        }),
      ],
    });
    Validations.of(this.dailyDigest.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray PutTraceSegments/PutTelemetryRecords (active tracing), which have no resource-level permissions.',
    });

    const workers = [this.evaluator, this.sweep, this.configRuleFunction];
    for (const worker of workers) {
      iam.Grant.addToPrincipal({
        grantee: worker.role,
        // The queue's key is covered by grantKeyUse; grantSendMessages would add kms:ReEncrypt* on top.
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resourceArns: [this.remediationQueue.queueArn],
      });
      grantParametersRead(worker.role, remediationPrefix);
      acknowledgeParameterRead(worker.role, remediationPrefix);
      grantEvidenceWrite(worker.role, this.evidenceBucket);
      grantStateReadWrite(worker.role, this.stateTable);
      grantAlertPublish(worker.role, this.alertTopic);
      grantKeyUse(worker.role, this.key);
      grantDescribe(worker.role);
      acknowledgeWorkerFindings(worker, this.evidenceBucket);
    }
    this.grantSlackSecret([...workers, this.remediate, this.dailyDigest], props.slackWebhookSecret);
    this.remediationModeParameters = this.createRemediationModeParameters(props.remediationModes ?? {});
    // Every function that puts evidence with Object Lock headers (also authorized as s3:PutObjectRetention).
    const evidenceWriters = [...workers, this.remediate, this.sealDigests, this.exporter];
    const protection = new EvidenceProtection(this, 'Protection', {
      evidenceBucket: this.evidenceBucket,
      evidencePrefixes: [
        FINDINGS_PREFIX,
        DIGESTS_PREFIX,
        REMEDIATIONS_PREFIX,
        REJECTED_PREFIX,
        EXPORTS_PREFIX,
      ],
      writerRoleArns: evidenceWriters.map((writer) => writer.role.roleArn),
      keys: [this.key, this.digestSigningKey],
      breakGlassRoleArn: props.breakGlassRoleArn,
    });
    this.breakGlassRoleArn = protection.breakGlassRoleArn;
    this.breakGlassRole = protection.breakGlassRole;

    const changeTarget = new targets.SqsQueue(this.changeQueue, {
      deadLetterQueue: this.changeDeadLetterQueue,
    });
    this.changeRules = [
      new events.Rule(this, 'ConfigChanges', {
        description: 'Vigil: AWS Config configuration item changes (oversized ones too) to the change queue',
        // Oversized items arrive with the same detail-type and `messageType` OversizedConfigurationItem…
        eventPattern: { source: ['aws.config'], detailType: ['Config Configuration Item Change'] },
        targets: [changeTarget],
      }),
      ...cloudTrailPatterns().map(
        ({ service, pattern }) =>
          new events.Rule(this, `ApiCalls${pascalCase(service)}`, {
            description: `Vigil: ${service} write API calls (CloudTrail) that change what rules judge, to the change queue`,
            eventPattern: pattern,
            targets: [changeTarget],
          }),
      ),
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

    this.configRule = configRuleEnabled ? this.createConfigRule(selection.ids) : undefined;
    this.alarms = this.createAlarms(
      [...workers, this.remediate, this.exporter, this.sealDigests, this.dailyDigest],
      [
        ['ChangeDeadLetterQueue', this.changeDeadLetterQueue],
        ['RemediationDeadLetterQueue', this.remediationDeadLetterQueue],
      ],
    );
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
   * Lets the alerting functions read the Slack webhook secret, and nothing else in Secrets Manager. With a
   * parameter token the grant is a separate policy that exists only when the parameter is not empty.
   */
  private grantSlackSecret(functions: readonly VigilFunction[], secret: string | undefined): void {
    if (secret === undefined || secret === '') return;
    if (/^https?:/i.test(secret)) {
      throw new InfraConfigError('slackWebhookSecret names the secret holding the webhook URL, not the URL', {
        context: { path: this.node.path },
      });
    }
    const policy = new iam.Policy(this, 'SlackSecretRead', {
      statements: [grantSecretRead(this, secret)],
      roles: functions.map((fn) => fn.role),
    });
    if (Token.isUnresolved(secret)) {
      const cfn = policy.node.defaultChild;
      if (cfn instanceof iam.CfnPolicy) {
        cfn.cfnOptions.condition = new CfnCondition(this, 'HasSlackSecret', {
          expression: Fn.conditionNot(Fn.conditionEquals(secret, '')),
        });
      }
    }
  }

  /**
   * One SSM parameter per remediable rule holding its mode, so it can change at run time without a
   * redeploy (the remediation function reads it on every message).
   */
  private createRemediationModeParameters(
    modes: Readonly<Record<string, string>>,
  ): Record<string, ssm.StringParameter> {
    const unknown = Object.keys(modes).filter(
      (id) => !(REMEDIABLE_RULE_IDS as readonly string[]).includes(id),
    );
    if (unknown.length > 0) {
      throw new InfraConfigError(
        `remediationModes names rules without a remediation: ${unknown.join(', ')}`,
        {
          context: { unknown },
        },
      );
    }
    const parameters: Record<string, ssm.StringParameter> = {};
    for (const ruleId of REMEDIABLE_RULE_IDS) {
      const mode = modes[ruleId] ?? 'off';
      if (!Token.isUnresolved(mode) && !(REMEDIATION_MODES as readonly string[]).includes(mode)) {
        throw new InfraConfigError(`remediation mode of ${ruleId} must be off, dry-run or on, got ${mode}`, {
          context: { ruleId },
        });
      }
      parameters[ruleId] = new ssm.StringParameter(this, `RemediationMode${pascalCase(ruleId)}`, {
        parameterName: remediationModeParameterName(this.parameterNamespace, ruleId),
        description: `Vigil: auto-remediation mode of ${ruleId} (off, dry-run or on)`,
        stringValue: mode,
        allowedPattern: '^(off|dry-run|on)$',
        tier: ssm.ParameterTier.STANDARD,
      });
    }
    return parameters;
  }

  /**
   * Explicitly denies the remediation role every bucket-configuration write on Vigil's own buckets, so no
   * remediation can loosen the evidence bucket's policy, encryption or versioning.
   */
  private protectVigilBuckets(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DenyVigilBucketChanges',
        effect: iam.Effect.DENY,
        actions: [
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketPublicAccessBlock',
          's3:PutEncryptionConfiguration',
          's3:PutBucketVersioning',
        ],
        resources: [this.evidenceBucket.bucketArn, this.accessLogBucket.bucketArn],
      }),
    );
  }

  /**
   * Grants the remediation function the write permissions of each remediation not deployed `off`: one
   * policy per rule, which with a parameter-token mode exists only while that parameter is not `off`.
   */
  private grantRemediationWrites(
    modes: Readonly<Record<string, string>>,
    flowLogDestination: ComplianceMonitorProps['remediationFlowLogDestination'],
  ): void {
    const passRole =
      flowLogDestination !== undefined && 'deliverLogsRoleArn' in flowLogDestination
        ? flowLogDestination.deliverLogsRoleArn
        : undefined;
    for (const ruleId of REMEDIABLE_RULE_IDS) {
      const mode = modes[ruleId] ?? 'off';
      if (mode === 'off') continue;
      const statements = remediationStatements(remediationPermissions([ruleId]), passRole);
      if (statements.length === 0) continue;
      const policy = new iam.Policy(this, `RemediationWrites${pascalCase(ruleId)}`, {
        statements,
        roles: [this.remediate.role],
      });
      if (Token.isUnresolved(mode)) {
        const cfn = policy.node.defaultChild;
        if (cfn instanceof iam.CfnPolicy) {
          cfn.cfnOptions.condition = new CfnCondition(this, `RemediationEnabled${pascalCase(ruleId)}`, {
            expression: Fn.conditionNot(Fn.conditionEquals(mode, 'off')),
          });
        }
      }
      for (const finding of remediationNagFindings(remediationPermissions([ruleId]))) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            `The ${ruleId} remediation fixes whichever resource of this account fails the rule, so its write ` +
            'actions are scoped to the account, region and resource type (infra/grants.ts ' +
            'REMEDIATION_ACTION_SCOPES; "*" only for logs:CreateLogDelivery, which has no resource-level ' +
            'permissions), not to names known at deploy time.',
        });
      }
    }
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

  private createAlarms(
    workers: readonly VigilFunction[],
    deadLetterQueues: readonly [string, sqs.Queue][],
  ): cloudwatch.Alarm[] {
    const action = new SnsAction(this.alertTopic);
    const alarms: cloudwatch.Alarm[] = [];
    const queues: [string, sqs.Queue | undefined][] = [
      ...deadLetterQueues,
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
    alarms.push(
      new cloudwatch.Alarm(this, 'EvaluatorThrottles', {
        alarmDescription: 'Vigil: the Evaluator function was throttled; change events wait in the queue',
        metric: this.evaluator.function.metricThrottles({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.SUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
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

/** The SSM parameter holding the remediation mode of a rule. */
export function remediationModeParameterName(namespace: string, ruleId: string): string {
  return `${namespace}/remediation/${ruleId}`;
}

/** One EventBridge pattern per service, matching exactly the CloudTrail write calls the describer follows. */
export function cloudTrailPatterns(): { readonly service: string; readonly pattern: events.EventPattern }[] {
  return Object.entries(CLOUDTRAIL_EXTRACTORS)
    .map(([eventSource, byName]) => {
      const service = eventSource.split('.')[0] ?? eventSource;
      return {
        service,
        pattern: {
          source: [`aws.${service}`],
          detailType: ['AWS API Call via CloudTrail'],
          // Named write calls only: read-only calls and S3 data events (Vigil's own evidence puts) never match.
          detail: { eventSource: [eventSource], eventName: Object.keys(byName).sort() },
        },
      };
    })
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** Acknowledges the wildcard of an SSM path read: the parameters under it are created at run time too. */
function acknowledgeParameterRead(role: iam.IRole, path: string): void {
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter${path}/*]`,
    reason:
      `Reads only the run-time switches directly under ${path} (GetParametersByPath needs every parameter ` +
      'of the path); operators may add parameters there (e.g. "all") without a redeploy.',
  });
}

/** The cdk-nag IAM5 finding names of the wildcard resources a remediation's writes are scoped to. */
function remediationNagFindings(permissions: readonly string[]): string[] {
  const findings = new Set<string>();
  for (const action of permissions) {
    for (const resource of REMEDIATION_ACTION_SCOPES[action]?.resources ?? []) {
      if (resource.includes('*')) findings.add(describeNagFinding(resource));
    }
  }
  return [...findings];
}

function remediationSettingsEnvironment(
  flowLogDestination: ComplianceMonitorProps['remediationFlowLogDestination'],
  s3KmsKeyId: string | undefined,
): Record<string, string> {
  const environment: Record<string, string> = {};
  if (flowLogDestination !== undefined) {
    environment.REMEDIATION_FLOW_LOG_DESTINATION =
      'bucketArn' in flowLogDestination ? flowLogDestination.bucketArn : JSON.stringify(flowLogDestination);
  }
  if (s3KmsKeyId !== undefined && s3KmsKeyId !== '') environment.REMEDIATION_S3_KMS_KEY_ID = s3KmsKeyId;
  return environment;
}

function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
}

function parameterNamespaceOf(value: string | undefined): string {
  const namespace = value ?? DEFAULT_PARAMETER_NAMESPACE;
  if (!/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(namespace) || namespace.startsWith('/aws')) {
    throw new InfraConfigError(`parameterNamespace must look like /vigil or /team/vigil, got ${namespace}`);
  }
  return namespace;
}

function alertMinSeverityOf(value: string | undefined): string {
  if (value === undefined) return '';
  if (Token.isUnresolved(value) || value === '' || (SEVERITIES as readonly string[]).includes(value))
    return value;
  throw new InfraConfigError(
    `alertMinSeverity must be one of ${SEVERITIES.join(', ')} or empty, got ${value}`,
  );
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
function acknowledgeWorkerFindings(
  worker: VigilFunction,
  evidenceBucket: s3.Bucket,
  prefixes: readonly string[] = [FINDINGS_PREFIX, REJECTED_PREFIX],
): void {
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
    for (const prefix of prefixes) {
      role.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`,
        reason:
          `Evidence keys (findings, rejected inputs, remediation records, digests, exports) are derived from ` +
          `content and time and unknown at deploy time; access is limited to the ${prefix} prefix.`,
      });
    }
  }
}
