import type { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ApproverMap } from '#shared/approvals/approvers';
import type { OrganizationProps } from './constructs/organization';
import type { RuleParameterOverrides } from './constructs/setting-checks';

/** Properties of `ComplianceMonitor`. String props may be CloudFormation parameter tokens unless noted. */
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
   * A folder of your own rules (docs/custom-rules.md), relative to where the synth runs: loaded and
   * validated at synth time (a broken rule fails the synth with its file and problem) and bundled into
   * every function, so `enabledRules`, `ruleParameters`, findings and exports know them like built-in ones.
   * @default - the built-in catalog only
   */
  readonly customRules?: string;
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
   * Seconds a describe triggered by a CloudTrail call waits for its resource to settle; every call about the
   * same resource inside that window leads to one describe (docs/settle.md). 0 describes at once; at most 900.
   * @default 90
   */
  readonly settleSeconds?: number;
  /**
   * Per resource type, settle periods that replace `settleSeconds` (`{ 'AWS::IAM::User': 0 }`).
   * @default - none: every type waits `settleSeconds`
   */
  readonly settleSecondsByType?: Readonly<Record<string, number>>;
  /**
   * Timeout of the sweep planner (the scheduled function that queues the sweep's shards).
   * @default Duration.minutes(15)
   */
  readonly sweepTimeout?: Duration;
  /**
   * Timeout of one sweep worker invocation (one page of one shard); the sweep queue's visibility timeout is
   * six times this.
   * @default Duration.minutes(5)
   */
  readonly sweepWorkerTimeout?: Duration;
  /**
   * Sweep worker invocations the sweep queue's event source runs at most (2 to 1000): with
   * `sweepConcurrency` calls per page, the bound on the sweep's describe calls in flight.
   * @default 10
   */
  readonly sweepWorkerConcurrency?: number;
  /**
   * Resources a sweep worker describes and evaluates at once within its page (`SWEEP_CONCURRENCY`, 1 to 64).
   * @default 4
   */
  readonly sweepConcurrency?: number;
  /**
   * Resources one sweep page holds: the most one worker invocation judges (`SWEEP_PAGE_SIZE`, 1 to 100).
   * @default 100
   */
  readonly sweepPageSize?: number;
  /**
   * Pages of one account and service judged at once (FIFO message groups, `SWEEP_PAGES_PER_SERVICE`, 1 to 20).
   * @default 2
   */
  readonly sweepPagesPerService?: number;
  /**
   * Create the AWS Config custom rule. Creating a Config rule fails in a region without a configuration
   * recorder; turn it off there and rely on the CloudTrail events and the sweep. In organization mode the
   * rule would judge the central account only (members' changes arrive as events).
   * @default - true; false in organization mode
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
   * Import every status change into AWS Security Hub as an ASFF finding (one per resource and rule) under
   * this account's default product; the functions that alert get `securityhub:BatchImportFindings` on that
   * product only. Security Hub must be enabled in the account and region.
   * @default false
   */
  readonly securityHub?: boolean;
  /** Approve mode: secret (name or ARN) of the Slack signing secret; with one, the Slack URL exists. @default - none */
  readonly slackSigningSecret?: string;
  /** Approve mode: per rule id or `*`, Slack user ids / IAM ARNs who may decide (or JSON). @default {} - nobody */
  readonly remediationApprovers?: ApproverMap | string;
  /** Approve mode: hours to decide before a request expires (1 to 168, or a Number token). @default 24 */
  readonly remediationApprovalTtlHours?: number;
  /**
   * Where the sweep reads the resource inventory: the AWS Config recorder, the service APIs, or (organization
   * mode, with `organization.aggregatorName`) the central AWS Config aggregator.
   * @default - 'aggregator' with an aggregator name, else 'config' when the Config rule is created, else 'describe'
   */
  readonly inventorySource?: 'config' | 'describe' | 'aggregator';
  /**
   * Per remediable rule id, how its auto-remediation runs (`off`, `dry-run`, `approve`, `on`; may be parameter
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
   * Frameworks the scheduled export shows controls and coverage of (summary.json, controls.csv, report.html):
   * short ids (`soc2`, `cis`, `iso27001`, `pci`) or versioned ones; an unknown id fails the synth.
   * @default ['soc2']
   */
  readonly exportFrameworks?: readonly string[];
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
  /**
   * Organization mode: this is the central deployment of an AWS Organization. The Config and CloudTrail
   * events of every member account arrive on an event bus that admits only the organization, the functions
   * read (and remediate) through roles in each member account (the member stack, `infra/member-stack.ts`),
   * and `ACCOUNT_ID` is not set, so events of every account are judged.
   * @default - single-account mode: this account's default bus and APIs
   */
  readonly organization?: OrganizationProps;
}
