import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { cachedRegister } from '#shared/acceptances/lookup';
import { DynamoDbRegisterStore } from '#shared/acceptances/register-store';
import type { Notifier } from '#shared/alerts/alert';
import { createConfiguredNotifier } from '#shared/alerts/notifier-runtime';
import { createRemediationApprovals } from '#shared/approvals/runtime';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { createServiceClients } from '#shared/aws/service-clients';
import type { VigilConfig } from '#shared/config';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import { AccountAccessError, createAccountScopes } from '#shared/organization/account-access';
import { assumeRoleCredentials } from '#shared/organization/assume-role';
import type { RemediationConfig } from './config';
import { sdkRemediationPorts } from './ports';
import { DynamoDbRateLimiter } from './rate-limiter';
import { DescribingReader } from './reader';
import { S3RemediationRecordStore } from './record';
import type { RemediationDeps } from './run';
import { createToggles } from './toggles';

/** Explicit endpoint and credentials for local AWS (moto); the SDK's defaults otherwise. */
export interface RemediationClientSettings {
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The ports of the remediation function, plus a way to stop its clients. */
export interface RemediationRuntime extends Omit<RemediationDeps, 'actor'> {
  readonly functionName: string;
  destroy(): void;
}

/** Creates a value on first use and keeps it. */
export function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

/** SDK client settings shared by every client of a container. */
export function commonSettings(config: VigilConfig, settings: RemediationClientSettings) {
  return {
    ...sdkRetryConfig(config.retry),
    region: settings.region ?? config.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  };
}

/**
 * Builds the remediation function's ports once per container: write ports over SDK v3 clients (created
 * lazily), the describer to read resources, the rate limiter on the state table, records in the evidence
 * bucket, alerts on the topic.
 */
export function createRemediationRuntime(
  config: VigilConfig,
  remediation: RemediationConfig,
  settings: RemediationClientSettings = {},
  notifier?: Notifier,
): RemediationRuntime {
  const common = commonSettings(config, settings);
  const created: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    created.push(client);
    return client;
  };
  const actIn = (settings: Readonly<Record<string, unknown>> & { readonly region: string }) => {
    const clients = {
      s3: lazy(() =>
        track(
          new S3Client({ ...settings, forcePathStyle: config.s3ForcePathStyle, followRegionRedirects: true }),
        ),
      ),
      logs: lazy(() => track(new CloudWatchLogsClient(settings))),
      kms: lazy(() => track(new KMSClient(settings))),
      ec2: lazy(() => track(new EC2Client(settings))),
      rds: lazy(() => track(new RDSClient(settings))),
    };
    const describeClients = createServiceClients({
      settings,
      track,
      preset: { s3: clients.s3, logs: clients.logs, kms: clients.kms, ec2: clients.ec2, rds: clients.rds },
    });
    return {
      clients,
      reader: new DescribingReader({
        describer: new AwsResourceDescriber({ clients: describeClients, region: settings.region }),
        ec2: clients.ec2,
        logs: clients.logs,
      }),
      ports: sdkRemediationPorts(clients),
    };
  };
  const own = actIn(common);
  const { clients } = own;
  const { organization } = config;
  // Resources of other regions, and in an organization of member accounts (through the remediation role,
  // deployed only where remediation is on), are read and changed with clients of their own.
  const scopes = createAccountScopes({
    homeAccountId: config.accountId,
    build: (region, credentials) =>
      credentials === undefined && region === common.region
        ? own
        : actIn({ ...common, region, ...(credentials === undefined ? {} : { credentials }) }),
    // Without a remediation role, `scope` below refuses every member before this is reached.
    ...(organization?.remediationRoleName === undefined
      ? {}
      : {
          member: {
            organization,
            roleName: organization.remediationRoleName,
            assumeRole: (roleArn: string, externalId: string) =>
              assumeRoleCredentials(common, roleArn, externalId),
          },
        }),
  });
  const ssm = lazy(() => track(new SSMClient(common)));
  const dynamodb = track(new DynamoDBClient(common));
  const evidence = new S3EvidenceStore({
    client: clients.s3(),
    bucket: config.evidenceBucket,
    retentionDays: config.evidenceRetentionDays,
  });
  return {
    functionName: remediation.functionName,
    toggles: createToggles(remediation, async () => ssm()),
    reader: own.reader,
    ports: own.ports,
    scope: (accountId, region) => {
      if (organization !== undefined && organization.remediationRoleName === undefined)
        throw new AccountAccessError(
          'remediation in member accounts is not enabled (no MEMBER_REMEDIATION_ROLE_NAME)',
          { context: { accountId, region } },
        );
      const { reader, ports } = scopes.of(accountId, region);
      return { reader, ports };
    },
    rateLimiter: new DynamoDbRateLimiter({
      client: dynamodb,
      table: config.stateTable,
      maxPerHour: remediation.maxPerHour,
    }),
    records: new S3RemediationRecordStore(evidence),
    // The same channels and filters as the pipeline: SNS, plus Slack when configured.
    notifier: notifier ?? createConfiguredNotifier(config, common, track),
    settings: remediation.settings,
    // Approve mode: pending approvals in the state table, requests posted with buttons to the Slack webhook.
    ...createRemediationApprovals({
      config,
      ttlHours: remediation.approvalTtlHours,
      dynamodb,
      secretsClient: lazy(() => track(new SecretsManagerClient(common))),
    }),
    ruleParameters: config.ruleParameters,
    clock: () => new Date(),
    acceptances: cachedRegister(new DynamoDbRegisterStore({ client: dynamodb, table: config.stateTable })),
    destroy: () => {
      for (const client of created) client.destroy();
    },
  };
}
