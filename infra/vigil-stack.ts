import {
  CfnCondition,
  CfnOutput,
  CfnParameter,
  Fn,
  Stack,
  type StackProps,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import { CfnConfigRule } from 'aws-cdk-lib/aws-config';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import { SEVERITIES } from '#shared/rules/rule';
import {
  ComplianceMonitor,
  DEFAULT_EVIDENCE_RETENTION_DAYS,
  type OrganizationProps,
  REMEDIATION_MODES,
} from './compliance-monitor';
import { approversJsonOf, DEFAULT_APPROVAL_TTL_HOURS, MAX_APPROVERS_BYTES } from './constructs/approvals';
import type { VigilSettings } from './settings';

/** Names of the stack's CloudFormation parameters (also the keys of `parameter_overrides` in samconfig.toml). */
export const VIGIL_PARAMETERS = {
  evidenceRetentionDays: 'EvidenceRetentionDays',
  alertEmail: 'AlertEmail',
  alertMinSeverity: 'AlertMinSeverity',
  slackWebhookSecret: 'SlackWebhookSecretName',
  sweepSchedule: 'SweepSchedule',
  ruleParameters: 'RuleParameters',
  enabledRules: 'EnabledRules',
  breakGlassRoleArn: 'BreakGlassRoleArn',
  logLevel: 'LogLevel',
  enableConfigRule: 'EnableConfigRule',
  slackSigningSecret: 'SlackSigningSecretName',
  remediationApprovers: 'RemediationApprovers',
  remediationApprovalTtlHours: 'RemediationApprovalTtlHours',
} as const;

/** Properties of {@link VigilStack}. */
export interface VigilStackProps extends StackProps {
  /** Settings from CDK context; they become the parameters' defaults. */
  readonly settings: VigilSettings;
  /**
   * Organization mode: the organization settings of the monitor, made in the stack (so they may be its
   * parameters); see `VigilCentralStack`.
   * @default - single-account mode
   */
  readonly organizationOf?: (stack: Stack) => OrganizationProps;
}

/** The CloudFormation parameter holding the deploy-time remediation mode of a rule. */
export function remediationModeParameterId(ruleId: string): string {
  return `Remediation${ruleId
    .split('-')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('')}`;
}

/**
 * The deployable Vigil stack: one {@link ComplianceMonitor} whose deploy-time settings are CloudFormation
 * parameters defaulting to the CDK context, so `cdk deploy --parameters` and `sam deploy` can change them.
 * Synth-time only (context): the rule catalog checks, the Config rule switch, the reserved concurrency, the
 * max receive count and the SSM namespace.
 */
export class VigilStack extends Stack {
  /** The monitor this stack deploys. */
  readonly monitor: ComplianceMonitor;

  constructor(scope: Construct, id: string, props: VigilStackProps) {
    super(scope, id, {
      description: 'Vigil: serverless SOC 2 continuous compliance monitor',
      ...props,
    });
    const { settings } = props;

    const retentionDays = new CfnParameter(this, VIGIL_PARAMETERS.evidenceRetentionDays, {
      type: 'Number',
      default: settings.evidenceRetentionDays ?? DEFAULT_EVIDENCE_RETENTION_DAYS,
      minValue: 1,
      maxValue: 36_500,
      description:
        'Days each finding stays locked in COMPLIANCE mode (default retention of the evidence bucket). ' +
        'Raising it applies to new findings; nobody can shorten the lock of findings already written.',
    });
    const alertMinSeverity = new CfnParameter(this, VIGIL_PARAMETERS.alertMinSeverity, {
      type: 'String',
      default: settings.alertMinSeverity ?? '',
      allowedValues: ['', ...SEVERITIES],
      description: 'Lowest rule severity that alerts (SNS and Slack); empty alerts on every severity.',
    });
    const slackWebhookSecret = new CfnParameter(this, VIGIL_PARAMETERS.slackWebhookSecret, {
      type: 'String',
      default: settings.slackWebhookSecret ?? '',
      // A secret name or ARN; never a URL, so the webhook itself cannot end up in the template.
      allowedPattern: '^$|^(?!https?:)[A-Za-z0-9/_+=.@:-]{1,2048}$',
      description:
        'Name (or ARN) of the Secrets Manager secret holding the Slack incoming-webhook URL; empty for no Slack.',
    });
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W2509',
      reason:
        'SlackWebhookSecretName holds the name of the Secrets Manager secret, not the webhook URL (its ' +
        'pattern refuses URLs); the name must stay readable in the console and in change sets.',
    });
    const slackSigningSecret = new CfnParameter(this, VIGIL_PARAMETERS.slackSigningSecret, {
      type: 'String',
      default: settings.slackSigningSecret ?? '',
      allowedPattern: '^$|^(?!https?:)[A-Za-z0-9/_+=.@:-]{1,2048}$',
      description:
        'Name (or ARN) of the Secrets Manager secret holding the Slack app signing secret (approve mode); ' +
        'empty: no Slack interactivity URL.',
    });
    const approvers = new CfnParameter(this, VIGIL_PARAMETERS.remediationApprovers, {
      type: 'String',
      default: approversJsonOf(settings.remediationApprovers),
      maxLength: MAX_APPROVERS_BYTES,
      description:
        'Approve mode: who may approve, as JSON {"<ruleId>"|"*": ["<Slack user id>", "<IAM user or role ARN>"]}.',
    });
    const approvalTtlHours = new CfnParameter(this, VIGIL_PARAMETERS.remediationApprovalTtlHours, {
      type: 'Number',
      default: settings.remediationApprovalTtlHours ?? DEFAULT_APPROVAL_TTL_HOURS,
      minValue: 1,
      maxValue: 168,
      description: 'Approve mode: hours a person has to approve or reject a planned remediation.',
    });
    const remediationModes: Record<string, string> = {};
    for (const ruleId of REMEDIABLE_RULE_IDS) {
      remediationModes[ruleId] = new CfnParameter(this, remediationModeParameterId(ruleId), {
        type: 'String',
        default: settings.remediationModes?.[ruleId] ?? 'off',
        allowedValues: [...REMEDIATION_MODES],
        description: `Initial auto-remediation mode of ${ruleId} (SSM parameter, changeable at run time).`,
      }).valueAsString;
    }
    const alertEmail = new CfnParameter(this, VIGIL_PARAMETERS.alertEmail, {
      type: 'String',
      default: settings.alertEmail ?? '',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      description: 'E-mail address subscribed to the alert topic; empty for none.',
    });
    const sweepSchedule = new CfnParameter(this, VIGIL_PARAMETERS.sweepSchedule, {
      type: 'String',
      default: settings.sweepSchedule ?? 'rate(24 hours)',
      allowedPattern: '^(rate|cron)\\(.+\\)$',
      description: 'EventBridge schedule expression of the full sweep.',
    });
    const ruleParameters = new CfnParameter(this, VIGIL_PARAMETERS.ruleParameters, {
      type: 'String',
      default: JSON.stringify(settings.ruleParameters ?? {}),
      description: 'Rule parameter overrides as JSON: {"<ruleId>": {"<parameter>": value}}.',
    });
    const enabledRules = new CfnParameter(this, VIGIL_PARAMETERS.enabledRules, {
      type: 'String',
      default: Array.isArray(settings.enabledRules)
        ? settings.enabledRules.join(',')
        : (settings.enabledRules ?? ''),
      allowedPattern: '^[a-z0-9,\\s-]*$',
      description: 'Comma-separated rule ids to run; empty for the whole catalog.',
    });
    const breakGlassRoleArn = new CfnParameter(this, VIGIL_PARAMETERS.breakGlassRoleArn, {
      type: 'String',
      default: settings.breakGlassRoleArn ?? '',
      allowedPattern: '^$|^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$',
      description:
        'IAM role excepted from the evidence bucket deny (deletes, lock configuration, retention changes) and ' +
        'the key policy deny (deletion, disabling, policy changes); empty: the stack creates one that needs MFA.',
    });
    const logLevel = new CfnParameter(this, VIGIL_PARAMETERS.logLevel, {
      type: 'String',
      default: settings.logLevel ?? 'INFO',
      allowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'],
      description: 'Log level of the Vigil functions.',
    });

    const organization = props.organizationOf?.(this);
    const configRule = settings.configRule ?? organization === undefined;
    this.monitor = new ComplianceMonitor(this, 'Monitor', {
      ...(organization === undefined ? {} : { organization }),
      evidenceRetentionDays: retentionDays.valueAsNumber,
      alertEmail: alertEmail.valueAsString,
      alertMinSeverity: alertMinSeverity.valueAsString,
      slackWebhookSecret: slackWebhookSecret.valueAsString,
      slackSigningSecret: slackSigningSecret.valueAsString,
      remediationApprovers: approvers.valueAsString,
      remediationApprovalTtlHours: approvalTtlHours.valueAsNumber,
      remediationModes,
      maxReceiveCount: settings.maxReceiveCount,
      parameterNamespace: settings.parameterNamespace,
      inventorySource: settings.inventorySource,
      remediationFlowLogDestination: settings.remediationFlowLogDestination,
      remediationS3KmsKeyId: settings.remediationS3KmsKeyId,
      dailyDigestSchedule:
        settings.dailyDigestSchedule === undefined
          ? undefined
          : Schedule.expression(settings.dailyDigestSchedule),
      exportSchedule:
        settings.exportSchedule === undefined ? undefined : Schedule.expression(settings.exportSchedule),
      exportFrameworks: settings.exportFrameworks,
      sweepSchedule: Schedule.expression(sweepSchedule.valueAsString),
      ruleParameters: ruleParameters.valueAsString,
      enabledRules: enabledRules.valueAsString,
      customRules: settings.customRules,
      breakGlassRoleArn: breakGlassRoleArn.valueAsString,
      logLevel: logLevel.valueAsString,
      configRule,
      evaluatorReservedConcurrency: settings.evaluatorReservedConcurrency,
      settleSeconds: settings.settleSeconds,
      settleSecondsByType: settings.settleSecondsByType,
      sweepWorkerConcurrency: settings.sweepWorkerConcurrency,
      accessLogBucketObjectLock: settings.accessLogBucketObjectLock,
      securityHub: settings.securityHub,
    });

    if (configRule) {
      const enableConfigRule = new CfnParameter(this, VIGIL_PARAMETERS.enableConfigRule, {
        type: 'String',
        default: 'true',
        allowedValues: ['true', 'false'],
        description:
          'Create the AWS Config custom rule ("false" in regions without a configuration recorder).',
      });
      const cfnRule = this.monitor.configRule?.node.defaultChild;
      if (cfnRule instanceof CfnConfigRule) {
        cfnRule.cfnOptions.condition = new CfnCondition(this, 'ConfigRuleEnabled', {
          expression: Fn.conditionEquals(enableConfigRule.valueAsString, 'true'),
        });
      }
    }

    Tags.of(this).add('app', 'vigil');
    const { monitor } = this;
    new CfnOutput(this, 'EvidenceBucketName', { value: monitor.evidenceBucket.bucketName });
    new CfnOutput(this, 'AccessLogBucketName', { value: monitor.accessLogBucket.bucketName });
    new CfnOutput(this, 'StateTableName', { value: monitor.stateTable.tableName });
    new CfnOutput(this, 'AlertTopicArn', { value: monitor.alertTopic.topicArn });
    new CfnOutput(this, 'ChangeQueueUrl', { value: monitor.changeQueue.queueUrl });
    new CfnOutput(this, 'KeyArn', { value: monitor.key.keyArn });
    new CfnOutput(this, 'DigestSigningKeyArn', { value: monitor.digestSigningKey.keyArn });
    new CfnOutput(this, 'BreakGlassRole', {
      value: monitor.breakGlassRoleArn,
      description:
        'ARN of the break-glass role, the one principal excepted from the evidence bucket and key policy ' +
        'denies (docs/deploy.md, Key protection)',
    });
    // The validator reports output findings on the stack, so the acknowledgement can only sit there.
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W1001',
      reason:
        'Only the BreakGlassRole output reads a conditional resource: the created break-glass role, in the ' +
        "Fn::If branch taken under that role's own condition (CreateBreakGlassRole); otherwise it is the " +
        'BreakGlassRoleArn parameter.',
    });
    new CfnOutput(this, 'AcceptanceAdminRoleArn', {
      value: monitor.acceptances.adminRole.roleArn,
      description: 'Role to assume (with MFA) for vigil accept and vigil revoke (docs/acceptances.md)',
    });
    new CfnOutput(this, 'RemediationParameterPath', {
      value: `${monitor.parameterNamespace}/remediation/`,
      description: `SSM parameters holding each rule's remediation mode (${REMEDIATION_MODES.join(', ')})`,
    });
    const { approvals } = monitor;
    new CfnOutput(this, 'ApprovalCliUrl', {
      value: approvals.cliUrl.url,
      description: 'URL `vigil remediation approve|reject|list` calls (AWS_IAM: lambda:InvokeFunctionUrl)',
    });
    if (approvals.slackUrl !== undefined) {
      new CfnOutput(this, 'ApprovalSlackUrl', {
        value: approvals.slackUrl.url,
        description: "Request URL of the Slack app's Interactivity (approve mode; docs/remediation.md)",
        ...(approvals.slackUrlCondition === undefined ? {} : { condition: approvals.slackUrlCondition }),
      });
    }
  }
}
