import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createConfiguredNotifier } from '#shared/alerts/notifier-runtime';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import type { VigilConfig } from '#shared/config';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import { S3EvidenceSource } from '#shared/export/evidence-source';
import { ruleCatalog } from '#shared/rules/registry';
import { DynamoDbOpenFailureSource } from '#shared/state/open-failures';
import type { ExpiryDeps } from './expiry';
import { DynamoDbRegisterStore } from './register-store';

/** The expiry job's ports, built once per container, and a way to stop their clients. */
export interface ExpiryRuntime extends ExpiryDeps {
  destroy(): void;
}

/**
 * Builds the expiry job's ports from the stack's configuration: the register (state table and
 * `acceptances/` objects of the evidence bucket), open failures (the same Scan as the daily digest), and
 * the pipeline's alert channels. `by` names the function, recorded on the changes it writes.
 */
export function createExpiryRuntime(
  config: VigilConfig,
  options: {
    readonly functionName: string;
    readonly endpoint?: string;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  },
): ExpiryRuntime {
  const common = {
    ...sdkRetryConfig(config.retry),
    region: config.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  };
  const created: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    created.push(client);
    return client;
  };
  const dynamodb = track(new DynamoDBClient(common));
  const s3 = track(new S3Client({ ...common, forcePathStyle: config.s3ForcePathStyle }));
  const store = new S3EvidenceStore({
    client: s3,
    bucket: config.evidenceBucket,
    retentionDays: config.evidenceRetentionDays,
  });
  const source = new S3EvidenceSource({ client: s3, bucket: config.evidenceBucket });
  return {
    store: new DynamoDbRegisterStore({ client: dynamodb, table: config.stateTable }),
    evidence: {
      putLockedDocument: (key, body, retainFrom) => store.putLockedDocument(key, body, retainFrom),
      read: (key) => source.read(key),
    },
    clock: () => new Date(),
    failures: new DynamoDbOpenFailureSource({ client: dynamodb, table: config.stateTable }),
    notifier: createConfiguredNotifier(config, common, track),
    by: `lambda:${options.functionName}`,
    rules: ruleCatalog(),
    evidenceLocation: (key) => `s3://${config.evidenceBucket}/${key}`,
    destroy: () => {
      for (const client of created) client.destroy();
    },
  };
}
