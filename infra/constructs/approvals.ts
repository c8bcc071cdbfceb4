import { CfnCondition, Duration, Fn, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type ApproverMap, parseApprovers } from '#shared/approvals/approvers';
import { APPROVAL_PARTITION, SLACK_REQUEST_PARTITION } from '#shared/approvals/store';
import { REMEDIATIONS_PREFIX } from '#shared/remediations/record';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import { ALL_RULES_KEY } from '#shared/remediations/toggles';
import { InfraConfigError } from '../errors';
import { grantEvidencePut, grantEvidenceRead, grantKeyUse, grantSecretRead } from '../grants';
import { VigilFunction, type VigilRuntimeSettings } from '../vigil-function';
import { scheduled } from './evidence-jobs';
import type { EvidenceStore } from './evidence-store';
import { transparentToLogicalIds } from './logical-ids';
import { acknowledgeWorkerFindings } from './nag';
import type { Remediation } from './remediation';

/** The most bytes `REMEDIATION_APPROVERS` may take (Lambda holds 4 KB of environment in all). */
export const MAX_APPROVERS_BYTES = 1_024;

/** Default hours a person has to approve or reject a planned remediation. */
export const DEFAULT_APPROVAL_TTL_HOURS = 24;

/**
 * The `REMEDIATION_APPROVERS` value of a typed approver map (checked: rule ids with a remediation or `*`,
 * Slack user ids or IAM ARNs, at most {@link MAX_APPROVERS_BYTES}), or a JSON string / parameter token
 * passed through (a JSON string is checked the same way; a token is checked by the functions at cold start).
 * @throws InfraConfigError naming the problem.
 */
export function approversJsonOf(value: ApproverMap | string | undefined): string {
  if (value === undefined) return '{}';
  if (typeof value === 'string' && Token.isUnresolved(value)) return value;
  let map: ApproverMap;
  try {
    map = parseApprovers(typeof value === 'string' ? value : JSON.stringify(value));
  } catch (error) {
    throw new InfraConfigError(
      `remediationApprovers is invalid: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const known: readonly string[] = [...REMEDIABLE_RULE_IDS, ALL_RULES_KEY];
  const unknown = Object.keys(map).filter((ruleId) => !known.includes(ruleId));
  if (unknown.length > 0) {
    throw new InfraConfigError(
      `remediationApprovers names rules without a remediation: ${unknown.join(', ')} (use rule ids or "${ALL_RULES_KEY}")`,
      { context: { unknown } },
    );
  }
  const json = JSON.stringify(map);
  if (Buffer.byteLength(json, 'utf8') > MAX_APPROVERS_BYTES) {
    throw new InfraConfigError(
      `remediationApprovers takes ${Buffer.byteLength(json, 'utf8')} bytes; keep it under ${MAX_APPROVERS_BYTES} (use role ARNs, not one entry per person)`,
    );
  }
  return json;
}

/** @throws InfraConfigError unless a whole number of hours from 1 to 168, or a token. */
export function approvalTtlHoursOf(value: number | undefined): number {
  const hours = value ?? DEFAULT_APPROVAL_TTL_HOURS;
  if (Token.isUnresolved(hours)) return hours;
  if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
    throw new InfraConfigError(
      `remediationApprovalTtlHours must be a whole number from 1 to 168, got ${hours}`,
    );
  }
  return hours;
}

/** Properties of {@link Approvals}. */
export interface ApprovalsProps {
  readonly store: EvidenceStore;
  /** Settings every function gets. */
  readonly settings: VigilRuntimeSettings;
  readonly logRetention: RetentionDays;
  /** The remediation queue approved plans are handed to. */
  readonly remediation: Remediation;
  /** `REMEDIATION_APPROVERS` as checked JSON (or a parameter token), see {@link approversJsonOf}. */
  readonly approversJson: string;
  /**
   * Name or ARN of the Secrets Manager secret holding the Slack app's signing secret; empty or absent: no
   * Slack interactivity URL (with a parameter token, the URL exists only while the parameter is not empty).
   */
  readonly slackSigningSecret: string | undefined;
}

/** The single-item and query actions on the state table, limited to rows whose partition key is one of `partitions`. */
function grantStateRows(
  role: iam.IRole,
  tableArn: string,
  actions: readonly string[],
  partitions: readonly string[],
): void {
  iam.Grant.addToPrincipal({
    grantee: role,
    actions: [...actions],
    resourceArns: [tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...partitions] } },
  });
}

/**
 * Approve-to-fix: the Slack interactivity endpoint (function URL, auth NONE: Slack cannot sign SigV4, the
 * Slack request signature is the authentication), the CLI endpoint for `vigil remediation` (function URL,
 * auth AWS_IAM: the caller AWS authenticated is the approver) and the hourly expiry pass. Each reads and
 * writes only the approval rows of the state table (`dynamodb:LeadingKeys`), puts remediation records under
 * `remediations/`, and the two endpoints hand approved plans to the remediation queue; none has a
 * remediation write permission (the remediation function applies approved plans). Always created with the
 * remediation function: a rule deployed `dry-run` or `on` can be switched to `approve` at run time through
 * its SSM parameter. Transparent to logical ids.
 */
export class Approvals extends Construct {
  /** Answers Slack's interactive payloads (Approve / Reject buttons). */
  readonly slackFunction: VigilFunction;
  /** Answers `vigil remediation approve|reject|list`. */
  readonly cliFunction: VigilFunction;
  /** Records `expired` for pending approvals past their expiry, hourly. */
  readonly expiryFunction: VigilFunction;
  /** The hourly expiry schedule. */
  readonly expiryRule: events.Rule;
  /** The Slack interactivity Request URL (auth NONE), when a signing secret is configured. */
  readonly slackUrl: lambda.FunctionUrl | undefined;
  /** With a parameter-token signing secret: the condition under which {@link slackUrl} exists. */
  readonly slackUrlCondition: CfnCondition | undefined;
  /** The URL `vigil remediation` calls (auth AWS_IAM). */
  readonly cliUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: ApprovalsProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    const { store, remediation } = props;
    const signingSecret = props.slackSigningSecret ?? '';
    const decisionEnvironment = {
      REMEDIATION_QUEUE_URL: remediation.queue.queueUrl,
      REMEDIATION_APPROVERS: props.approversJson,
    };

    this.slackFunction = new VigilFunction(this, 'ApprovalSlack', {
      entry: 'functions/approval-slack.ts',
      description: 'Vigil: Slack interactivity endpoint of approve-to-fix (checks the Slack signature)',
      settings: props.settings,
      encryptionKey: store.key,
      // Slack waits 3 s for an answer; a decision is a few single-item writes and one queue message.
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      // Invoked synchronously through its URL only: nothing to dead-letter.
      deadLetterQueue: false,
      environment: { ...decisionEnvironment, SLACK_SIGNING_SECRET_ID: signingSecret },
    });
    this.cliFunction = new VigilFunction(this, 'ApprovalCli', {
      entry: 'functions/approval-cli.ts',
      description: 'Vigil: AWS_IAM endpoint of `vigil remediation approve|reject|list`',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      deadLetterQueue: false,
      environment: decisionEnvironment,
    });
    this.expiryFunction = new VigilFunction(this, 'ApprovalExpiry', {
      entry: 'functions/approval-expiry.ts',
      description: 'Vigil: records approval requests nobody decided in time as expired (hourly)',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
    });

    const table = store.stateTable.tableArn;
    // Decisions: read the approval, move it conditionally; the Slack endpoint also counts each signed request
    // (replay refusal) in its own partition. Nobody but the remediation function creates approvals.
    grantStateRows(
      this.slackFunction.role,
      table,
      ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      [APPROVAL_PARTITION, SLACK_REQUEST_PARTITION],
    );
    grantStateRows(
      this.cliFunction.role,
      table,
      ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      [APPROVAL_PARTITION],
    );
    grantStateRows(
      this.expiryFunction.role,
      table,
      ['dynamodb:Query', 'dynamodb:UpdateItem'],
      [APPROVAL_PARTITION],
    );
    for (const fn of [this.slackFunction, this.cliFunction, this.expiryFunction]) {
      // Refusals, rejections and expiries are locked remediation records (a HEAD on a key conflict).
      grantEvidencePut(fn.role, store.evidenceBucket, [REMEDIATIONS_PREFIX]);
      grantEvidenceRead(fn.role, store.evidenceBucket, [REMEDIATIONS_PREFIX]);
      grantKeyUse(fn.role, store.key);
      store.denyBucketChanges(fn.role);
      acknowledgeWorkerFindings(fn, store.evidenceBucket, [REMEDIATIONS_PREFIX]);
    }
    for (const fn of [this.slackFunction, this.cliFunction]) {
      iam.Grant.addToPrincipal({
        grantee: fn.role,
        // An approved plan goes to the remediation function as a decision message (the key: grantKeyUse).
        actions: ['sqs:SendMessage'],
        resourceArns: [remediation.queue.queueArn],
      });
    }

    this.expiryRule = scheduled(this, 'ApprovalExpirySchedule', this.expiryFunction, {
      description: 'Vigil: hourly expiry of approval requests nobody decided',
      schedule: events.Schedule.rate(Duration.hours(1)),
      maxEventAge: Duration.hours(1),
    });

    this.cliUrl = this.cliFunction.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    const slack = this.slackEndpoint(signingSecret);
    this.slackUrl = slack?.url;
    this.slackUrlCondition = slack?.condition;
  }

  /**
   * The Slack Request URL and the signing secret read, when a signing secret is given (with a parameter token,
   * a condition keeps them out of the stack while the parameter is empty).
   */
  private slackEndpoint(
    signingSecret: string,
  ): { readonly url: lambda.FunctionUrl; readonly condition: CfnCondition | undefined } | undefined {
    if (signingSecret === '') return undefined;
    if (/^https?:/i.test(signingSecret)) {
      throw new InfraConfigError('slackSigningSecret names the secret holding the signing secret, not a URL');
    }
    const url = this.slackFunction.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    // A child scope of its own: grantSecretRead's condition must not clash with the Slack webhook secret's.
    const secretScope = new Construct(this, 'SlackSigningSecret');
    const policy = new iam.Policy(this, 'SlackSigningSecretRead', {
      statements: [grantSecretRead(secretScope, signingSecret)],
      roles: [this.slackFunction.role],
    });
    // Public on purpose (cdk-nag's AwsSolutions pack has no function URL rule; the NIST/HIPAA packs' public
    // access rule would flag it): Slack cannot sign SigV4, so the handler checks the Slack request signature
    // (HMAC-SHA256 with the signing secret, timestamp within five minutes, replays refused) before anything
    // else and answers 401 otherwise.
    if (!Token.isUnresolved(signingSecret)) return { url, condition: undefined };
    const condition = new CfnCondition(this, 'HasSlackSigningSecret', {
      expression: Fn.conditionNot(Fn.conditionEquals(signingSecret, '')),
    });
    const conditioned: Construct[] = [url, policy];
    for (const child of this.slackFunction.function.node.children) {
      if (child instanceof lambda.CfnPermission) conditioned.push(child);
    }
    for (const node of conditioned) {
      const cfn = node instanceof lambda.CfnPermission ? node : node.node.defaultChild;
      if (
        cfn instanceof lambda.CfnUrl ||
        cfn instanceof iam.CfnPolicy ||
        cfn instanceof lambda.CfnPermission
      ) {
        cfn.cfnOptions.condition = condition;
      }
    }
    return { url, condition };
  }
}
