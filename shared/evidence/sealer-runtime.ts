import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { ConfigError } from '#shared/config';
import type { SealerDeps } from './digest-sealer';
import { KmsDigestSigner } from './digest-signer';
import { DynamoDbDigestHeads } from './dynamodb-digest-heads';
import type { EvidencePrefixLister } from './evidence-objects';
import { S3EvidenceObjects } from './s3-evidence-objects';

/** A comma-separated list of values matching `pattern` (blank items ignored, repeats dropped); absent when empty. */
function commaList(pattern: RegExp, what: string) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      const items = [
        ...new Set(
          (text ?? '')
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== ''),
        ),
      ];
      const bad = items.filter((item) => !pattern.test(item));
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not ${what}: ${bad.join(', ')}` });
      return items.length === 0 ? undefined : items;
    });
}

/** The environment of the digest sealing function (only the CDK construct sets it). */
export const SealerEnvSchema = z.object({
  EVIDENCE_BUCKET: z.string().min(3),
  STATE_TABLE: z.string().min(1),
  EVIDENCE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  /** KMS key (ARN, id or alias) with KeySpec RSA_2048 (or larger) and KeyUsage SIGN_VERIFY. */
  DIGEST_SIGNING_KEY_ID: z.string().min(1),
  /** Minutes after an hour ends before it is sealed. */
  DIGEST_GRACE_MINUTES: z.coerce.number().int().min(0).max(59).default(10),
  /** Most hours of one chain sealed per run when catching up. */
  DIGEST_MAX_PERIODS: z.coerce.number().int().min(1).max(720).default(48),
  /** Most hours sealed per run across every chain, so a run of many chains ends within its timeout. */
  DIGEST_MAX_HOURS_PER_RUN: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Chains sealed at once (each one hour at a time). */
  DIGEST_CHAIN_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Organization mode: member account ids whose chains are sealed in every member region, evidence or not. */
  MEMBER_ACCOUNTS: commaList(/^\d{12}$/, '12-digit account ids'),
  /** Organization mode: the member regions (absent: only chains with evidence, and the sealer's own). */
  MEMBER_REGIONS: commaList(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region names'),
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
  readonly maxHoursPerRun: number;
  readonly chainConcurrency: number;
  /** Expected member accounts (organization mode); absent: every account with evidence. */
  readonly memberAccounts?: readonly string[];
  /** Expected member regions (organization mode); absent: no chain is expected without evidence. */
  readonly memberRegions?: readonly string[];
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
    maxHoursPerRun: value.DIGEST_MAX_HOURS_PER_RUN,
    chainConcurrency: value.DIGEST_CHAIN_CONCURRENCY,
    ...(value.MEMBER_ACCOUNTS === undefined ? {} : { memberAccounts: value.MEMBER_ACCOUNTS }),
    ...(value.MEMBER_REGIONS === undefined ? {} : { memberRegions: value.MEMBER_REGIONS }),
    region: value.AWS_REGION,
    endpointUrl: value.AWS_ENDPOINT_URL,
  };
}

/** The sealer's ports, built once per container. */
export interface SealerRuntime extends SealerDeps {
  readonly config: SealerConfig;
  /** The evidence bucket, also listed by folder to find every chain. */
  readonly objects: SealerDeps['objects'] & EvidencePrefixLister;
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
