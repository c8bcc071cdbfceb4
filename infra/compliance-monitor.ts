import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as config from 'aws-cdk-lib/aws-config';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import { DIGESTS_PREFIX } from '#shared/evidence/digest';
import { FINDINGS_PREFIX, REJECTED_PREFIX } from '#shared/evidence/finding';
import { REMEDIATIONS_PREFIX } from '#shared/remediations/record';
import type { ComplianceMonitorProps } from './compliance-monitor-props';
import { Acceptances } from './constructs/acceptances';
import { Alerting } from './constructs/alerting';
import { Approvals, approvalTtlHoursOf, approversJsonOf } from './constructs/approvals';
import { Evaluation } from './constructs/evaluation';
import { EvidenceJobs, EXPORTS_PREFIX, exportFrameworkIds } from './constructs/evidence-jobs';
import { DEFAULT_EVIDENCE_RETENTION_DAYS, EvidenceStore } from './constructs/evidence-store';
import { Ingestion } from './constructs/ingestion';
import { type Organization, resolveOrganization } from './constructs/organization';
import { Remediation } from './constructs/remediation';
import {
  alertMinSeverityOf,
  logLevelOf,
  maxReceiveCountOf,
  parameterNamespaceOf,
  ruleParametersJsonOf,
  ruleSelectionOf,
  settleEnvironmentOf,
} from './constructs/setting-checks';
import { DEFAULT_SWEEP_SETTINGS, Sweep } from './constructs/sweep';
import { customRuleFolderOf } from './custom-rules';
import { InfraConfigError } from './errors';
import type { VigilFunction, VigilRuntimeSettings } from './vigil-function';

/** How a rule's auto-remediation runs (`off`, `dry-run`, `approve`, `on`; the first is the default), defined once in shared/. */
export { REMEDIATION_MODES, type RemediationMode } from '#shared/remediations/toggles';
export type { ComplianceMonitorProps } from './compliance-monitor-props';
export { cloudTrailPatterns } from './constructs/change-events';
export { configRuleScopeTypes } from './constructs/evaluation';
export { DEFAULT_EVIDENCE_RETENTION_DAYS } from './constructs/evidence-store';
export type { OrganizationProps } from './constructs/organization';
export { remediationModeParameterName } from './constructs/remediation';
export {
  DEFAULT_MAX_RECEIVE_COUNT,
  DEFAULT_PARAMETER_NAMESPACE,
  type RuleParameterOverrides,
} from './constructs/setting-checks';
export { DEFAULT_SWEEP_SETTINGS } from './constructs/sweep';

/**
 * Vigil's whole deployment, composed of parts that each own their resources and grants (all transparent to
 * logical ids, so a stack deployed before they existed keeps every resource; infra/constructs/logical-ids.ts):
 * the evidence store (key, evidence and access-log buckets, state table, signing key, and the denies that
 * protect them), alerting (topic, Slack secret, alarms), remediation (queue, SSM mode switches, function),
 * evaluation (evaluator, config-rule function and rule), the sharded sweep (planner, FIFO sweep queue,
 * workers), the evidence jobs (sealer, export, daily digest) and ingestion (the change queue and the rules
 * feeding it). In organization mode changes arrive on an organization bus and resources are read (and
 * remediated) through roles in the member accounts.
 */
export class ComplianceMonitor extends Construct {
  /** Customer managed key (rotated yearly) encrypting evidence, state, alerts, queues and logs. */
  readonly key: kms.Key;
  /** Where the evidence bucket's server access logs go. */
  readonly accessLogBucket: s3.Bucket;
  /** Findings and rejected inputs, locked in COMPLIANCE mode. */
  readonly evidenceBucket: s3.Bucket;
  /** Compliance state per resource × rule, sweeps and digest chain heads. */
  readonly stateTable: dynamodb.Table;
  /** Alerts on status changes and on the monitor's own failures. */
  readonly alertTopic: sns.Topic;
  /** Config and CloudTrail change events waiting for the evaluator. */
  readonly changeQueue: sqs.Queue;
  /** Change events the evaluator failed `maxReceiveCount` times, or EventBridge could not deliver. */
  readonly changeDeadLetterQueue: sqs.Queue;
  /** Evaluates change events from the queue. */
  readonly evaluator: VigilFunction;
  /** Plans each scheduled sweep: one message per account, region and resource type on the sweep queue. */
  readonly sweep: VigilFunction;
  /** Judges one page of one sweep shard per invocation, from the sweep queue. */
  readonly sweepWorker: VigilFunction;
  /** Sweep shard pages waiting for a worker (FIFO). */
  readonly sweepQueue: sqs.Queue;
  /** Sweep shard pages the workers failed `maxReceiveCount` times (FIFO). */
  readonly sweepDeadLetterQueue: sqs.Queue;
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
  /** The risk-acceptance register's writers: the hourly expiry job and the AcceptanceAdmin role. */
  readonly acceptances: Acceptances;
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
  /** Organization mode: the bus the member stacks forward their Config and CloudTrail events to. */
  readonly organizationBus: events.EventBus | undefined;
  /**
   * Organization mode: the roles that assume the member accounts' read-only role, which must trust them
   * (the member stack's `CentralRoleArns`); the remediation function's role assumes the remediation role.
   */
  readonly memberReaderRoles: readonly iam.IRole[];
  /** Approve-to-fix: the Slack and CLI endpoints (function URLs) and the hourly expiry pass. */
  readonly approvals: Approvals;

  constructor(scope: Construct, id: string, props: ComplianceMonitorProps = {}) {
    super(scope, id);
    const custom = props.customRules === undefined ? undefined : customRuleFolderOf(props.customRules);
    const customRules = custom?.rules ?? [];
    const selection = ruleSelectionOf(props.enabledRules, customRules);
    const maxReceiveCount = maxReceiveCountOf(props.maxReceiveCount);
    const organization =
      props.organization === undefined ? undefined : resolveOrganization(props.organization);
    const configRuleEnabled = props.configRule ?? organization === undefined;
    const inventorySource = inventorySourceOf(props.inventorySource, configRuleEnabled, organization);
    this.parameterNamespace = parameterNamespaceOf(props.parameterNamespace);
    const logRetention = props.logRetention ?? RetentionDays.ONE_YEAR;
    const retentionDays = props.evidenceRetentionDays ?? DEFAULT_EVIDENCE_RETENTION_DAYS;

    const store = new EvidenceStore(this, 'EvidenceStore', {
      retentionDays,
      accessLogBucketObjectLock: props.accessLogBucketObjectLock,
    });
    const alerting = new Alerting(this, 'Alerting', {
      encryptionKey: store.key,
      alertEmail: props.alertEmail,
    });
    const settings: VigilRuntimeSettings = {
      evidenceBucket: store.evidenceBucket,
      stateTable: store.stateTable,
      alertTopic: alerting.topic,
      evidenceRetentionDays: retentionDays,
      ruleParametersJson: ruleParametersJsonOf(props.ruleParameters, customRules),
      enabledRules: selection.env,
      logLevel: logLevelOf(props.logLevel),
      serviceName: props.serviceName ?? 'vigil',
      metricsNamespace: props.metricsNamespace ?? 'Vigil',
      alertMinSeverity: alertMinSeverityOf(props.alertMinSeverity),
      slackWebhookSecretId: props.slackWebhookSecret ?? '',
      securityHub: props.securityHub ?? false,
      inventorySource,
      ...(inventorySource === 'aggregator' ? { aggregatorName: organization?.aggregatorName } : {}),
      ...(organization === undefined ? {} : { organization }),
      ...(custom === undefined ? {} : { customRules: custom.dir }),
    };
    const remediation = new Remediation(this, 'Remediation', {
      store,
      alertTopic: alerting.topic,
      settings,
      logRetention,
      maxReceiveCount,
      parameterNamespace: this.parameterNamespace,
      modes: props.remediationModes ?? {},
      flowLogDestination: props.remediationFlowLogDestination,
      s3KmsKeyId: props.remediationS3KmsKeyId,
      organization,
      approvalTtlHours: approvalTtlHoursOf(props.remediationApprovalTtlHours),
    });
    const approvals = new Approvals(this, 'Approvals', {
      store,
      settings,
      logRetention,
      remediation,
      approversJson: approversJsonOf(props.remediationApprovers),
      slackSigningSecret: props.slackSigningSecret,
    });
    const access = {
      store,
      alertTopic: alerting.topic,
      remediation,
      organization,
      aggregator: inventorySource === 'aggregator',
    };
    const evaluatorTimeout = props.evaluatorTimeout ?? Duration.seconds(60);
    const ingestion = new Ingestion(this, 'Ingestion', {
      evaluatorTimeout,
      encryptionKey: store.key,
      alertTopic: alerting.topic,
      maxReceiveCount,
      organization,
    });
    const evaluation = new Evaluation(this, 'Evaluation', {
      ...access,
      settings,
      logRetention,
      evaluatorTimeout,
      ingestion,
      evaluatorReservedConcurrency: props.evaluatorReservedConcurrency,
      configRule: configRuleEnabled,
      enabledRuleIds: selection.ids,
      customRules,
      settle: settleEnvironmentOf(props.settleSeconds, props.settleSecondsByType),
    });
    const sweep = new Sweep(this, 'Sweeping', {
      ...access,
      settings,
      logRetention,
      schedule: props.sweepSchedule ?? events.Schedule.rate(Duration.hours(24)),
      plannerTimeout: props.sweepTimeout ?? Duration.minutes(15),
      workerTimeout: props.sweepWorkerTimeout ?? Duration.minutes(5),
      workerConcurrency: props.sweepWorkerConcurrency ?? DEFAULT_SWEEP_SETTINGS.workerConcurrency,
      concurrency: props.sweepConcurrency ?? DEFAULT_SWEEP_SETTINGS.concurrency,
      pageSize: props.sweepPageSize ?? DEFAULT_SWEEP_SETTINGS.pageSize,
      pagesPerService: props.sweepPagesPerService ?? DEFAULT_SWEEP_SETTINGS.pagesPerService,
      maxReceiveCount,
      metrics: { namespace: settings.metricsNamespace, serviceName: settings.serviceName },
    });
    const jobs = new EvidenceJobs(this, 'EvidenceJobs', {
      store,
      alertTopic: alerting.topic,
      settings,
      logRetention,
      exportSchedule: props.exportSchedule ?? events.Schedule.cron({ day: '1', hour: '2', minute: '0' }),
      exportFrameworks: exportFrameworkIds(props.exportFrameworks),
      dailyDigestSchedule: props.dailyDigestSchedule ?? events.Schedule.cron({ hour: '8', minute: '0' }),
    });
    const judges = [evaluation.evaluator, sweep.worker, evaluation.configRuleFunction];
    const acceptances = new Acceptances(this, 'Acceptances', {
      store,
      alertTopic: alerting.topic,
      settings,
      logRetention,
    });
    const posters = [
      ...judges,
      remediation.function,
      jobs.dailyDigest,
      approvals.expiryFunction,
      acceptances.expiry,
    ];
    alerting.grantSlackSecret(posters, props.slackWebhookSecret);
    // Only the functions whose alerts change a status import findings (not the digest's summaries).
    if (settings.securityHub === true) {
      alerting.grantSecurityHubImport([...judges, remediation.function, acceptances.expiry]);
    }
    const approvalFunctions = [approvals.slackFunction, approvals.cliFunction, approvals.expiryFunction];

    // Before the change rules: a target queue's key gets a statement for EventBridge, which must follow the
    // deny so that a deployed key policy keeps its statements in order.
    const protection = store.protect({
      evidencePrefixes: [
        FINDINGS_PREFIX,
        DIGESTS_PREFIX,
        REMEDIATIONS_PREFIX,
        REJECTED_PREFIX,
        EXPORTS_PREFIX,
        ACCEPTANCES_PREFIX,
      ],
      // Every function that puts evidence with Object Lock headers (also authorized as s3:PutObjectRetention),
      // and the role `vigil accept` runs as.
      writerRoleArns: [
        ...[
          ...judges,
          remediation.function,
          jobs.sealDigests,
          jobs.exporter,
          acceptances.expiry,
          ...approvalFunctions,
        ].map((writer) => writer.role.roleArn),
        acceptances.adminRole.roleArn,
      ],
      breakGlassRoleArn: props.breakGlassRoleArn,
    });
    const changeRules = ingestion.routeChanges();

    this.key = store.key;
    this.accessLogBucket = store.accessLogBucket;
    this.evidenceBucket = store.evidenceBucket;
    this.stateTable = store.stateTable;
    this.digestSigningKey = store.digestSigningKey;
    this.breakGlassRoleArn = protection.breakGlassRoleArn;
    this.breakGlassRole = protection.breakGlassRole;
    this.alertTopic = alerting.topic;
    this.remediationQueue = remediation.queue;
    this.remediationDeadLetterQueue = remediation.deadLetterQueue;
    this.remediate = remediation.function;
    this.remediationModeParameters = remediation.modeParameters;
    this.evaluator = evaluation.evaluator;
    this.configRuleFunction = evaluation.configRuleFunction;
    this.configRule = evaluation.configRule;
    this.sweep = sweep.planner;
    this.sweepWorker = sweep.worker;
    this.sweepQueue = sweep.queue;
    this.sweepDeadLetterQueue = sweep.deadLetterQueue;
    this.sweepRule = sweep.rule;
    this.exporter = jobs.exporter;
    this.exportRule = jobs.exportRule;
    this.sealDigests = jobs.sealDigests;
    this.sealRule = jobs.sealRule;
    this.dailyDigest = jobs.dailyDigest;
    this.acceptances = acceptances;
    this.dailyDigestRule = jobs.dailyDigestRule;
    this.changeQueue = ingestion.queue;
    this.changeDeadLetterQueue = ingestion.deadLetterQueue;
    this.changeRules = changeRules;
    this.organizationBus = ingestion.organizationBus;
    this.memberReaderRoles = organization === undefined ? [] : judges.map((judge) => judge.role);
    const functions = [evaluation.evaluator, sweep.planner, sweep.worker, evaluation.configRuleFunction];
    functions.push(
      remediation.function,
      jobs.exporter,
      jobs.sealDigests,
      jobs.dailyDigest,
      ...approvalFunctions,
    );
    this.approvals = approvals;
    this.alarms = [
      ingestion.deadLetterAlarm,
      remediation.deadLetterAlarm,
      ...sweep.alarms,
      ...alerting.watch(functions, [evaluation.evaluator]),
    ];
  }
}

function inventorySourceOf(
  value: ComplianceMonitorProps['inventorySource'],
  configRule: boolean,
  organization: Organization | undefined,
): 'config' | 'describe' | 'aggregator' {
  const aggregatorName = organization?.aggregatorName;
  const source = value ?? (aggregatorName !== undefined ? 'aggregator' : configRule ? 'config' : 'describe');
  if (source === 'aggregator' && aggregatorName === undefined) {
    throw new InfraConfigError('inventorySource aggregator needs organization.aggregatorName');
  }
  return source;
}
