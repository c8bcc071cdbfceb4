import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { ConfigError } from '#shared/config';
import type { SealerDeps } from './digest-sealer';
import { KmsDigestSigner } from './digest-signer';
import { DynamoDbDigestHeads } from './dynamodb-digest-heads';
import { S3EvidenceObjects } from './s3-evidence-objects';

/** The environment of the digest sealing function (only the CDK construct sets it). */
export const SealerEnvSchema = z.object({
  EVIDENCE_BUCKET: z.string().min(3),
  STATE_TABLE: z.string().min(1),
  EVIDENCE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  /** KMS key (ARN, id or alias) with KeySpec RSA_2048 (or larger) and KeyUsage SIGN_VERIFY. */
  DIGEST_SIGNING_KEY_ID: z.string().min(1),
  /** Minutes after an hour ends before it is sealed. */
  DIGEST_GRACE_MINUTES: z.coerce.number().int().min(0).max(59).default(10),
  /** Most hours sealed per run when catching up. */
  DIGEST_MAX_PERIODS: z.coerce.number().int().min(1).max(720).default(48),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL: z.string().url().optional(),
});

/** Typed settings of the sealer. */
export interface SealerConfig {
  readonly bucket: string;
  readonly table: string;
  readonly retentionDays: number;
  readonly signingKeyId: string;
  readonly graceMinutes: number;
  readonly maxPeriods: number;
  readonly region: string;
  readonly endpointUrl: string | undefined;
}

/**
 * Parses the sealer's environment.
 * @throws ConfigError naming every variable that is missing or malformed.
 */
export function parseSealerConfig(env: Readonly<Record<string, string | undefined>>): SealerConfig {
  const parsed = SealerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`, { cause: parsed.error });
  }
  const value = parsed.data;
  return {
    bucket: value.EVIDENCE_BUCKET,
    table: value.STATE_TABLE,
    retentionDays: value.EVIDENCE_RETENTION_DAYS,
    signingKeyId: value.DIGEST_SIGNING_KEY_ID,
    graceMinutes: value.DIGEST_GRACE_MINUTES,
    maxPeriods: value.DIGEST_MAX_PERIODS,
    region: value.AWS_REGION,
    endpointUrl: value.AWS_ENDPOINT_URL,
  };
}

/** The sealer's ports, built once per container. */
export interface SealerRuntime extends SealerDeps {
  readonly config: SealerConfig;
  /** Stops the SDK clients. */
  destroy(): void;
}

/** Builds the sealer's ports from its configuration (SDK clients honour `AWS_ENDPOINT_URL` themselves). */
export function createSealerRuntime(config: SealerConfig): SealerRuntime {
  const common = { ...sdkRetryConfig(), region: config.region };
  const s3 = new S3Client({ ...common, forcePathStyle: config.endpointUrl !== undefined });
  const dynamodb = new DynamoDBClient(common);
  const kms = new KMSClient(common);
  return {
    config,
    heads: new DynamoDbDigestHeads({ client: dynamodb, table: config.table }),
    objects: new S3EvidenceObjects({ client: s3, bucket: config.bucket }),
    signer: new KmsDigestSigner({ client: kms, keyId: config.signingKeyId }),
    clock: () => new Date(),
    destroy: () => {
      for (const client of [s3, dynamodb, kms]) client.destroy();
    },
  };
}
