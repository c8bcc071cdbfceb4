import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SlackWebhook } from '#shared/alerts/slack-webhook';
import type { VigilConfig } from '#shared/config';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import { S3RemediationRecordStore } from '#shared/remediations/record';
import type { DecisionApplier } from '#shared/remediations/run';
import { commonSettings, lazy, type RemediationClientSettings } from '#shared/remediations/runtime';
import { SecretsManagerSecretReader } from '#shared/secrets/secrets-manager-reader';
import { applyApproved } from './apply';
import type { ApprovalConfig } from './config';
import type { DecisionDeps } from './decide';
import { SqsDecisionDispatcher } from './decision-message';
import { StoredApprovalRequester } from './request-approval';
import type { SlackEndpointDeps } from './slack-endpoint';
import { FetchSlackResponder } from './slack-responder';
import { DynamoDbApprovalStore } from './store';

/** The approval ports of the remediation function: the requester (approve mode) and the applier of approved plans. */
export function createRemediationApprovals(options: {
  readonly config: VigilConfig;
  readonly ttlHours: number;
  readonly dynamodb: DynamoDBClient;
  readonly secretsClient: () => SecretsManagerClient;
}) {
  const { config } = options;
  const store = new DynamoDbApprovalStore({ client: options.dynamodb, table: config.stateTable });
  const log = new Logger({ serviceName: config.serviceName });
  const secretId = config.alerts.slackWebhookSecretId;
  const slack =
    secretId === undefined
      ? undefined
      : new SlackWebhook({
          secrets: new SecretsManagerSecretReader({ client: options.secretsClient() }),
          secretId,
          log,
        });
  const responder = new FetchSlackResponder();
  const decisions: DecisionApplier = {
    apply: (message, deps) => applyApproved(message, deps, { store, responder, log }),
  };
  return {
    approvals: new StoredApprovalRequester({
      store,
      ttlHours: options.ttlHours,
      log,
      ...(slack === undefined ? {} : { slack }),
    }),
    decisions,
  };
}

/** The ports of the approval endpoints (Slack interactivity, CLI, expiry), plus a way to stop their clients. */
export interface ApprovalEndpointRuntime extends Omit<SlackEndpointDeps, 'actor' | 'signingSecretId'> {
  readonly signingSecretId: string | undefined;
  readonly slack: SlackWebhook | undefined;
  destroy(): void;
}

/** Builds the approval endpoints' ports once per container. */
export function createApprovalEndpointRuntime(
  config: VigilConfig,
  approvals: ApprovalConfig,
  settings: RemediationClientSettings = {},
): ApprovalEndpointRuntime {
  const common = commonSettings(config, settings);
  const dynamodb = new DynamoDBClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: config.s3ForcePathStyle });
  const secretsClient = new SecretsManagerClient(common);
  const sqs = lazy(() => new SQSClient(common));
  const secrets = new SecretsManagerSecretReader({ client: secretsClient });
  const log = new Logger({ serviceName: config.serviceName });
  const secretId = config.alerts.slackWebhookSecretId;
  const queueUrl = approvals.queueUrl;
  const deps: Omit<DecisionDeps, 'actor'> = {
    store: new DynamoDbApprovalStore({ client: dynamodb, table: config.stateTable }),
    approvers: approvals.approvers,
    records: new S3RemediationRecordStore(
      new S3EvidenceStore({
        client: s3,
        bucket: config.evidenceBucket,
        retentionDays: config.evidenceRetentionDays,
      }),
    ),
    dispatcher: {
      dispatch: async (message) => {
        if (queueUrl === undefined)
          throw new Error('REMEDIATION_QUEUE_URL is not set: approved plans cannot be handed over');
        await new SqsDecisionDispatcher({ client: async () => sqs(), queueUrl }).dispatch(message);
      },
    },
    responder: new FetchSlackResponder(),
    clock: () => new Date(),
    log,
  };
  return {
    ...deps,
    secrets,
    signingSecretId: approvals.signingSecretId,
    slack: secretId === undefined ? undefined : new SlackWebhook({ secrets, secretId, log }),
    destroy: () => {
      dynamodb.destroy();
      s3.destroy();
      secretsClient.destroy();
      sqs().destroy();
    },
  };
}
