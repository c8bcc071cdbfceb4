import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { ConfigError, type VigilConfig } from '#shared/config';
import { listActiveAccounts } from '#shared/organization/organization-accounts';
import { type ClientSettings, createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { recorderOf } from '#shared/pipeline/triggers';
import { SqsMessageQueue } from '#shared/queue/message-queue';
import { aggregatorPages, recorderPages } from './config-pages';
import { DynamoDbSweepStore } from './dynamodb-sweep-store';
import type { SweepPlannerDeps } from './planner';
import { fifoSweepQueue } from './sqs-sweep-queue';
import type { SweepWorkerDeps } from './worker';

/** Everything the sweep planner and worker need, built once per container. */
export interface SweepRuntime extends Runtime, SweepWorkerDeps, SweepPlannerDeps {
  /** The accounts to sweep: the member accounts (listed from Organizations when not configured), or this one. */
  accounts(ownAccountId: string): Promise<readonly string[]>;
  /** The regions to sweep, home region first. */
  readonly regions: readonly string[];
}

/**
 * Builds the sweep's ports on top of the pipeline runtime: the sweep store (the state table), the FIFO
 * sweep queue, and the account list.
 * @throws ConfigError when SWEEP_QUEUE_URL is not set.
 */
export function createSweepRuntime(
  config: VigilConfig,
  settings: Partial<ClientSettings> = {},
): SweepRuntime {
  const queueUrl = config.sweepQueueUrl;
  if (queueUrl === undefined)
    throw new ConfigError('invalid environment: SWEEP_QUEUE_URL: required by the sweep');
  const runtime = createRuntime(config, settings);
  const common = {
    ...sdkRetryConfig(config.retry),
    region: runtime.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  };
  const created: { destroy(): void }[] = [];
  const dynamodb = new DynamoDBClient(common);
  created.push(dynamodb);
  let sqs: Promise<import('@aws-sdk/client-sqs').SQSClient> | undefined;
  const sqsClient = () => {
    sqs ??= import('#shared/aws/clients/sqs').then(({ SQSClient }) => {
      const client = new SQSClient(common);
      created.push(client);
      return client;
    });
    return sqs;
  };
  let pages: Promise<SqsMessageQueue> | undefined;
  const pageQueue = () => {
    pages ??= sqsClient().then((client) => new SqsMessageQueue({ client, url: queueUrl }));
    return pages;
  };
  const queue = fifoSweepQueue(
    {
      receive: async (options) => (await pageQueue()).receive(options),
      sendBatch: async (messages) => (await pageQueue()).sendBatch(messages),
      deleteBatch: async (messages) => (await pageQueue()).deleteBatch(messages),
    },
    config.sweepPagesPerService,
  );
  const { organization } = config;
  const retryAfter = async (receiptHandle: string, seconds: number): Promise<void> => {
    const { ChangeMessageVisibilityCommand } = await import('@aws-sdk/client-sqs');
    await (await sqsClient()).send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  };
  return {
    ...runtime,
    sweeps: new DynamoDbSweepStore({ client: dynamodb, table: config.stateTable }),
    sweepQueue: { ...queue, retryAfter },
    configPages:
      runtime.aggregator === undefined
        ? recorderPages((accountId, region) => recorderOf(runtime, accountId, region))
        : aggregatorPages(runtime.aggregator),
    pageSize: config.sweepPageSize,
    concurrency: config.sweepConcurrency,
    regions: organization?.regions ?? [runtime.region],
    async accounts(ownAccountId) {
      if (organization === undefined) return [config.accountId ?? ownAccountId];
      if (organization.accounts !== undefined) return organization.accounts;
      const { OrganizationsClient } = await import('#shared/aws/clients/organizations');
      const client = new OrganizationsClient(common);
      try {
        return await listActiveAccounts(client);
      } finally {
        client.destroy();
      }
    },
    destroy() {
      runtime.destroy();
      for (const client of created) client.destroy();
    },
  };
}
