import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { cachedRegister } from '#shared/acceptances/lookup';
import { DynamoDbRegisterStore } from '#shared/acceptances/register-store';
import type { FanOutNotifier } from '#shared/alerts/fan-out-notifier';
import { type AlertClientConfig, createConfiguredNotifier } from '#shared/alerts/notifier-runtime';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { createServiceClients } from '#shared/aws/service-clients';
import type { VigilConfig } from '#shared/config';
import type { ConfigAggregator } from '#shared/config-recorder/config-aggregator';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import { DESCRIBABLE_TYPES } from '#shared/describe/registry';
import { VigilError } from '#shared/errors';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import {
  type AccountAccess,
  type AccountReaders,
  type AwsCredentialIdentityProvider,
  createAccountAccess,
} from '#shared/organization/account-access';
import { assumeRoleCredentials } from '#shared/organization/assume-role';
import { createRemediationRequester } from '#shared/remediations/request';
import { RuleEngine } from '#shared/rules/engine';
import { ruleCatalog } from '#shared/rules/registry';
import type { Rule } from '#shared/rules/rule';
import { DynamoDbSettleStore } from '#shared/settle/dynamodb-settle-store';
import { Settler, sqsSettleQueue } from '#shared/settle/settler';
import { DynamoDbStateStore } from '#shared/state/dynamodb-state-store';
import { cachedInventoryProvider } from './inventory-provider';
import {
  aggregatorInventorySource,
  configInventorySource,
  describeInventorySource,
} from './inventory-sources';
import type { TriggerDeps } from './triggers';

/** Settings every SDK client of a runtime shares (explicit endpoint and credentials for local AWS). */
export interface ClientSettings {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Everything a trigger needs, built once per container from its configuration. */
export interface Runtime extends TriggerDeps {
  readonly config: VigilConfig;
  /** The organization's Config aggregator, with `INVENTORY_SOURCE=aggregator`. */
  readonly aggregator?: ConfigAggregator;
  /** Stops every SDK client this runtime created. */
  destroy(): void;
}

/** An ENABLED_RULES entry names no rule Vigil has. */
export class UnknownRuleError extends VigilError {
  override readonly name: string = 'UnknownRuleError';
}

/** The catalog restricted to `ENABLED_RULES` (all when unset). */
export function selectRules(
  enabled: readonly string[] | undefined,
  catalog: readonly Rule[] = ruleCatalog(),
): readonly Rule[] {
  if (enabled === undefined) return catalog;
  const unknown = enabled.filter((id) => !catalog.some((rule) => rule.id === id));
  if (unknown.length > 0) {
    throw new UnknownRuleError(`ENABLED_RULES names unknown rules: ${unknown.join(', ')}`, {
      context: { unknown },
    });
  }
  return catalog.filter((rule) => enabled.includes(rule.id));
}

/** Creates SDK clients lazily, once each, with shared settings. */
function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

/** Like {@link lazy} for a value whose module is imported on first use; a failed import is retried. */
function lazyImport<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** A Config recorder whose SDK client and implementation are imported on its first call. */
function deferredRecorder(load: () => Promise<ConfigRecorder>): ConfigRecorder {
  return {
    itemAt: async (key, captureTime) => (await load()).itemAt(key, captureTime),
    listResources: async (resourceType) => (await load()).listResources(resourceType),
    listResourcesPage: async (...page) => (await load()).listResourcesPage(...page),
    batchGet: async (keys) => (await load()).batchGet(keys),
    putEvaluations: async (resultToken, evaluations) =>
      (await load()).putEvaluations(resultToken, evaluations),
  };
}

/**
 * Builds the ports of one container from its configuration. SDK clients are created once (lazily) and
 * reused across invocations; with `AWS_ENDPOINT_URL` set the SDK itself targets that endpoint.
 */
export function createRuntime(config: VigilConfig, settings: Partial<ClientSettings> = {}): Runtime {
  const common = {
    ...sdkRetryConfig(config.retry),
    region: settings.region ?? config.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  };
  const created: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    created.push(client);
    return client;
  };
  const s3 = lazy(() =>
    track(new S3Client({ ...common, forcePathStyle: config.s3ForcePathStyle, followRegionRedirects: true })),
  );
  const dynamodb = lazy(() => track(new DynamoDBClient(common)));
  // Clients needed only for some events (describing a resource after a CloudTrail event, reading the
  // Config recorder) are imported on first use, so a cold start evaluates only S3, DynamoDB and SNS.
  const clients = createServiceClients({ settings: common, track, preset: { s3 } });
  const recorder = lazyRecorder(common, track);
  const describer = new AwsResourceDescriber({ clients, region: common.region });
  const access = createRuntimeAccess(config, common, track, { describer, recorder });
  const aggregator =
    config.inventorySource === 'aggregator' && config.aggregatorName !== undefined
      ? lazyAggregator(common, config.aggregatorName, track)
      : undefined;
  const engine = new RuleEngine(selectRules(config.enabledRules), config.ruleParameters);
  const remediation =
    config.remediation === undefined
      ? undefined
      : createRemediationRequester(config, config.remediation, settings);
  if (remediation !== undefined) created.push(remediation);
  const settle = createSettler(config, common, track, dynamodb);
  return {
    config,
    engine,
    evidence: new S3EvidenceStore({
      client: s3(),
      bucket: config.evidenceBucket,
      retentionDays: config.evidenceRetentionDays,
    }),
    state: new DynamoDbStateStore({ client: dynamodb(), table: config.stateTable }),
    acceptances: cachedRegister(new DynamoDbRegisterStore({ client: dynamodb(), table: config.stateTable })),
    notifier: createPipelineNotifier(config, common, track),
    clock: () => new Date(),
    inventory: cachedInventoryProvider(
      aggregator !== undefined
        ? aggregatorInventorySource(aggregator)
        : config.inventorySource === 'describe'
          ? describeInventorySource((accountId, region) => access.describer(accountId, region), {
              supportedTypes: DESCRIBABLE_TYPES,
            })
          : configInventorySource((accountId, region) => access.recorder(accountId, region)),
    ),
    ...(aggregator === undefined ? {} : { aggregator }),
    evidenceLocation: (key) => `s3://${config.evidenceBucket}/${key}`,
    recorder,
    describer,
    access,
    region: common.region,
    ...(remediation === undefined ? {} : { remediation }),
    ...(settle === undefined ? {} : { settle }),
    ...(config.accountId === undefined ? {} : { accountId: config.accountId }),
    destroy: () => {
      for (const client of created) client.destroy();
    },
  };
}

/**
 * The settler of an evaluator container: markers in the state table, describes delayed on the change queue
 * (its SQS client imported on first use). Absent without a change queue URL or settle settings; built even
 * when every period is 0, so describes queued before settling was turned off still close their markers.
 */
function createSettler(
  config: VigilConfig,
  settings: Readonly<Record<string, unknown>>,
  track: <T extends { destroy(): void }>(client: T) => T,
  dynamodb: () => DynamoDBClient,
): Settler | undefined {
  const url = config.changeQueueUrl;
  if (url === undefined || config.settle === undefined) return undefined;
  const queue = lazyImport(async () => {
    const [{ SQSClient }, { SqsMessageQueue }] = await Promise.all([
      import('#shared/aws/clients/sqs'),
      import('#shared/queue/message-queue'),
    ]);
    return new SqsMessageQueue({ client: track(new SQSClient(settings)), url });
  });
  return new Settler({
    store: new DynamoDbSettleStore({ client: dynamodb(), table: config.stateTable }),
    queue: sqsSettleQueue({ sendBatch: async (messages) => (await queue()).sendBatch(messages) }),
    settings: config.settle,
    clock: () => new Date(),
  });
}

/** A Config recorder over its own SDK client, imported on first use. */
function lazyRecorder(
  settings: Readonly<Record<string, unknown>>,
  track: <T extends { destroy(): void }>(client: T) => T,
): ConfigRecorder {
  return deferredRecorder(
    lazyImport(async () => {
      const [{ SdkConfigRecorder }, { ConfigServiceClient }] = await Promise.all([
        import('#shared/config-recorder/sdk-config-recorder'),
        import('#shared/aws/clients/config-service'),
      ]);
      return new SdkConfigRecorder({ client: track(new ConfigServiceClient(settings)) });
    }),
  );
}

/** The organization's Config aggregator over its own SDK client, imported on first use. */
function lazyAggregator(
  settings: Readonly<Record<string, unknown>>,
  aggregatorName: string,
  track: <T extends { destroy(): void }>(client: T) => T,
): ConfigAggregator {
  const load = lazyImport(async () => {
    const [{ SdkConfigAggregator }, { ConfigServiceClient }] = await Promise.all([
      import('#shared/config-recorder/sdk-config-aggregator'),
      import('#shared/aws/clients/config-service'),
    ]);
    return new SdkConfigAggregator({ client: track(new ConfigServiceClient(settings)), aggregatorName });
  });
  return {
    listPage: async (scope, nextToken, limit) => (await load()).listPage(scope, nextToken, limit),
    batchGet: async (scope, keys) => (await load()).batchGet(scope, keys),
  };
}

/**
 * How the container reads accounts: its own describer and recorder for its own region; clients for
 * other regions on first use; in organization mode, every member account through its member role
 * (`sts:AssumeRole` with the external id, once per account, shared by that account's clients).
 */
function createRuntimeAccess(
  config: VigilConfig,
  common: Readonly<Record<string, unknown>> & { readonly region: string },
  track: <T extends { destroy(): void }>(client: T) => T,
  own: AccountReaders,
): AccountAccess {
  const readers = (
    region: string,
    credentials: AwsCredentialIdentityProvider | undefined,
  ): AccountReaders => {
    if (credentials === undefined && region === common.region) return own;
    const settings = { ...common, region, ...(credentials === undefined ? {} : { credentials }) };
    const clients = createServiceClients({
      settings,
      track,
      serviceSettings: { s3: { forcePathStyle: config.s3ForcePathStyle, followRegionRedirects: true } },
    });
    return {
      describer: new AwsResourceDescriber({ clients, region }),
      recorder: lazyRecorder(settings, track),
    };
  };
  const { organization } = config;
  return createAccountAccess({
    homeAccountId: config.accountId,
    readers,
    ...(organization === undefined
      ? {}
      : {
          member: {
            organization,
            assumeRole: (roleArn, externalId) => assumeRoleCredentials(common, roleArn, externalId),
          },
        }),
  });
}

/** The alert notifier of a pipeline container (see {@link createConfiguredNotifier}). */
export function createPipelineNotifier(
  config: VigilConfig,
  common: AlertClientConfig,
  track: <T extends { destroy(): void }>(client: T) => T = (client) => client,
): FanOutNotifier {
  return createConfiguredNotifier(config, common, track);
}
