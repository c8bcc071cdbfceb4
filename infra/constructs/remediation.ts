import { CfnCondition, Duration, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { REMEDIATIONS_PREFIX } from '#shared/remediations/record';
import { remediationPermissions } from '#shared/remediations/registry';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import { REMEDIATION_MODES } from '#shared/remediations/toggles';
import { InfraConfigError } from '../errors';
import {
  grantAlertPublish,
  grantDescribe,
  grantEvidencePut,
  grantEvidenceRead,
  grantKeyUse,
  grantParametersRead,
  grantPermissions,
  grantRegisterRead,
  grantStateReadWrite,
  REMEDIATION_READ_PERMISSIONS,
  remediationStatements,
} from '../grants';
import { VigilFunction, type VigilRuntimeSettings } from '../vigil-function';
import type { EvidenceStore } from './evidence-store';
import { transparentToLogicalIds } from './logical-ids';
import { acknowledgeParameterRead, acknowledgeWorkerFindings, remediationNagFindings } from './nag';
import { pascalCase } from './naming';
import type { Organization } from './organization';
import { grantMemberRemediation } from './resource-access';
import { consumeWorkQueue, createWorkQueue } from './work-queue';

/** The allowed pattern of a remediation mode (SSM parameter values). */
export const REMEDIATION_MODE_PATTERN = `^(${REMEDIATION_MODES.join('|')})$`;

/** Where `vpc-flow-logs-enabled` sends the flow logs it creates. */
export type FlowLogDestination =
  | { readonly bucketArn: string }
  | { readonly logGroupName: string; readonly deliverLogsRoleArn: string };

/** The SSM parameter holding the remediation mode of a rule. */
export function remediationModeParameterName(namespace: string, ruleId: string): string {
  return `${namespace}/remediation/${ruleId}`;
}

/**
 * Checks the deploy-time remediation modes: known rules with a remediation, known modes (or tokens).
 * @throws InfraConfigError naming the first problem.
 */
export function checkRemediationModes(modes: Readonly<Record<string, string>>): void {
  const unknown = Object.keys(modes).filter((id) => !(REMEDIABLE_RULE_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new InfraConfigError(`remediationModes names rules without a remediation: ${unknown.join(', ')}`, {
      context: { unknown },
    });
  }
  for (const [ruleId, mode] of Object.entries(modes)) {
    if (!Token.isUnresolved(mode) && !(REMEDIATION_MODES as readonly string[]).includes(mode)) {
      throw new InfraConfigError(
        `remediation mode of ${ruleId} must be ${REMEDIATION_MODES.join(', ')}, got ${mode}`,
        { context: { ruleId } },
      );
    }
  }
}

/** Properties of {@link Remediation}. */
export interface RemediationProps {
  readonly store: EvidenceStore;
  readonly alertTopic: sns.ITopic;
  /** Settings every function gets. */
  readonly settings: VigilRuntimeSettings;
  readonly logRetention: RetentionDays;
  /** Receives of a request before its dead-letter queue. */
  readonly maxReceiveCount: number;
  /** SSM namespace of the run-time switches (`<namespace>/remediation/<rule-id>`). */
  readonly parameterNamespace: string;
  /** Per remediable rule id, the deploy-time mode (checked with {@link checkRemediationModes}). */
  readonly modes: Readonly<Record<string, string>>;
  readonly flowLogDestination: FlowLogDestination | undefined;
  readonly s3KmsKeyId: string | undefined;
  /** Organization mode: remediate through the member remediation role instead of this account's APIs. */
  readonly organization: Organization | undefined;
  /** Approve mode: hours a person has to decide on a plan (`REMEDIATION_APPROVAL_TTL_HOURS`; may be a token). */
  readonly approvalTtlHours: number;
}

/**
 * Auto-remediation: the remediation queue (with its dead-letter queue and alarm), one SSM parameter per
 * remediable rule holding its run-time mode, and the remediation function with only the write permissions
 * of the rules not deployed `off` (in organization mode, only the member remediation role to assume).
 * Evaluating functions get {@link requestEnvironment} and {@link grantRequests}. Transparent to logical ids.
 */
export class Remediation extends Construct {
  /** Remediation requests from the evaluators, waiting for the remediation function. */
  readonly queue: sqs.Queue;
  /** Remediation requests the remediation function failed repeatedly. */
  readonly deadLetterQueue: sqs.Queue;
  /** The alarm on messages in the dead-letter queue. */
  readonly deadLetterAlarm: cloudwatch.Alarm;
  /** Runs the auto-remediations that are not off, with only their write permissions. */
  readonly function: VigilFunction;
  /** Per remediable rule id, the SSM parameter holding its remediation mode. */
  readonly modeParameters: Readonly<Record<string, ssm.StringParameter>>;
  /** What a function that requests remediations must be told (`REMEDIATION_*`). */
  readonly requestEnvironment: Readonly<Record<string, string>>;
  /** The SSM path of the run-time modes. */
  readonly parameterPath: string;

  constructor(scope: Construct, id: string, props: RemediationProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    checkRemediationModes(props.modes);
    const { store } = props;
    const timeout = Duration.seconds(120);
    const batchingWindow = Duration.seconds(1);
    const queues = createWorkQueue(this, 'Remediation', {
      encryptionKey: store.key,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6 + batchingWindow.toSeconds()),
      maxReceiveCount: props.maxReceiveCount,
      alertTopic: props.alertTopic,
    });
    this.queue = queues.queue;
    this.deadLetterQueue = queues.deadLetterQueue;
    this.deadLetterAlarm = queues.deadLetterAlarm;
    this.parameterPath = `${props.parameterNamespace}/remediation`;
    this.requestEnvironment = {
      REMEDIATION_QUEUE_URL: this.queue.queueUrl,
      REMEDIATION_SSM_PREFIX: this.parameterPath,
      // Deploy-time modes; the SSM parameters start with the same values and win when changed.
      REMEDIATION_TOGGLES: Stack.of(this).toJsonString(
        Object.fromEntries(REMEDIABLE_RULE_IDS.map((ruleId) => [ruleId, props.modes[ruleId] ?? 'off'])),
      ),
    };

    this.function = new VigilFunction(this, 'Remediate', {
      entry: 'functions/remediate.ts',
      description: 'Vigil: runs the auto-remediations that are not off, recording each attempt as evidence',
      settings: props.settings,
      encryptionKey: store.key,
      timeout,
      logRetention: props.logRetention,
      deadLetterQueue: false,
      environment: {
        ...this.requestEnvironment,
        ...settingsEnvironment(props.flowLogDestination, props.s3KmsKeyId),
        REMEDIATION_APPROVAL_TTL_HOURS: Token.isUnresolved(props.approvalTtlHours)
          ? Token.asString(props.approvalTtlHours)
          : String(props.approvalTtlHours),
        ...(props.organization === undefined
          ? {}
          : { MEMBER_REMEDIATION_ROLE_NAME: props.organization.remediationRoleName }),
      },
    });
    consumeWorkQueue(this.function, this.queue, { batchSize: 5, maxBatchingWindow: batchingWindow });
    const { role } = this.function;
    grantEvidencePut(role, store.evidenceBucket, [REMEDIATIONS_PREFIX]);
    grantEvidenceRead(role, store.evidenceBucket, [REMEDIATIONS_PREFIX]);
    grantStateReadWrite(role, store.stateTable);
    grantRegisterRead(role, store.stateTable);
    grantAlertPublish(role, props.alertTopic);
    grantKeyUse(role, store.key);
    if (props.organization === undefined) grantDescribe(role);
    else grantMemberRemediation(role, props.organization);
    grantParametersRead(role, this.parameterPath);
    acknowledgeParameterRead(role, this.parameterPath);
    if (props.organization === undefined) grantPermissions(role, REMEDIATION_READ_PERMISSIONS);
    store.denyBucketChanges(role);
    // In organization mode the writes belong to the member remediation role (infra/member-stack.ts).
    if (props.organization === undefined) this.grantWrites(props.modes, props.flowLogDestination);
    acknowledgeWorkerFindings(this.function, store.evidenceBucket, [REMEDIATIONS_PREFIX]);
    this.modeParameters = this.createModeParameters(props.parameterNamespace, props.modes);
  }

  /** Lets an evaluating function request remediations and read their run-time modes. */
  grantRequests(grantee: iam.IRole): void {
    iam.Grant.addToPrincipal({
      grantee,
      // The queue's key is covered by grantKeyUse; grantSendMessages would add kms:ReEncrypt* on top.
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: [this.queue.queueArn],
    });
    grantParametersRead(grantee, this.parameterPath);
    acknowledgeParameterRead(grantee, this.parameterPath);
  }

  /**
   * Grants the remediation function the write permissions of each remediation not deployed `off`: one
   * policy per rule, which with a parameter-token mode exists only while that parameter is not `off`.
   */
  private grantWrites(
    modes: Readonly<Record<string, string>>,
    flowLogDestination: FlowLogDestination | undefined,
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
        roles: [this.function.role],
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

  /**
   * One SSM parameter per remediable rule holding its mode, so it can change at run time without a
   * redeploy (the remediation function reads it on every message).
   */
  private createModeParameters(
    namespace: string,
    modes: Readonly<Record<string, string>>,
  ): Record<string, ssm.StringParameter> {
    const parameters: Record<string, ssm.StringParameter> = {};
    for (const ruleId of REMEDIABLE_RULE_IDS) {
      parameters[ruleId] = new ssm.StringParameter(this, `RemediationMode${pascalCase(ruleId)}`, {
        parameterName: remediationModeParameterName(namespace, ruleId),
        description: `Vigil: auto-remediation mode of ${ruleId} (${REMEDIATION_MODES.join(', ')})`,
        stringValue: modes[ruleId] ?? 'off',
        allowedPattern: REMEDIATION_MODE_PATTERN,
        tier: ssm.ParameterTier.STANDARD,
      });
    }
    return parameters;
  }
}

function settingsEnvironment(
  flowLogDestination: FlowLogDestination | undefined,
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
