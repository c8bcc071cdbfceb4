import { z } from 'zod';
import { ConfigError } from '#shared/config';
import type { FrameworkId } from '#shared/frameworks/framework';
import { parseFrameworkIds, UnknownFrameworkError } from '#shared/frameworks/registry';

/** Environment of the export function (set by the CDK construct). */
export const ExportEnvSchema = z.object({
  /** The locked evidence bucket the findings and digests are read from. */
  EVIDENCE_BUCKET: z.string().min(3),
  /** Bucket the bundles are written to (default: the evidence bucket). */
  EXPORT_BUCKET: z.string().min(3).optional(),
  /** Key prefix of the bundles (default `exports/`); each export goes under `<prefix><from>_<to>/<time>/`. */
  EXPORT_PREFIX: z
    .string()
    .default('exports/')
    .transform((prefix) => (prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`)),
  /** Objects read at once (default 16). */
  EXPORT_CONCURRENCY: z.coerce.number().int().min(1).max(128).default(16),
  /** Days before the period read to know the failures already open when it begins (default 31). */
  EXPORT_LOOKBACK_DAYS: z.coerce.number().int().min(0).max(3660).default(31),
  /** KMS key (ARN, id or alias) that signs the manifest: the digest signing key (kms:Sign, kms:GetPublicKey). */
  DIGEST_SIGNING_KEY_ID: z.string().min(1),
  /**
   * Frameworks the scheduled export shows controls and coverage of, comma-separated short or versioned ids
   * (default `soc2`); an on-demand request's `frameworks` replaces them.
   */
  EXPORT_FRAMEWORKS: z.string().default('soc2'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL: z.url().optional(),
});

/** Typed settings of the export function. */
export interface ExportSettings {
  readonly evidenceBucket: string;
  readonly exportBucket: string;
  readonly exportPrefix: string;
  readonly concurrency: number;
  readonly lookbackDays: number;
  readonly signingKeyId: string;
  /** Frameworks of the scheduled export (`EXPORT_FRAMEWORKS`), in the order given, each once. */
  readonly frameworks: readonly FrameworkId[];
  readonly region: string;
  readonly endpointUrl: string | undefined;
}

/**
 * Parses the export function's environment.
 * @throws ConfigError naming every variable that is missing or malformed.
 */
export function parseExportSettings(env: Readonly<Record<string, string | undefined>>): ExportSettings {
  const parsed = ExportEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`, { cause: parsed.error });
  }
  const value = parsed.data;
  let frameworks: FrameworkId[];
  try {
    frameworks = parseFrameworkIds(value.EXPORT_FRAMEWORKS);
  } catch (error) {
    if (!(error instanceof UnknownFrameworkError)) throw error;
    throw new ConfigError(`invalid environment: EXPORT_FRAMEWORKS: ${error.message}`, { cause: error });
  }
  return {
    evidenceBucket: value.EVIDENCE_BUCKET,
    exportBucket: value.EXPORT_BUCKET ?? value.EVIDENCE_BUCKET,
    exportPrefix: value.EXPORT_PREFIX,
    concurrency: value.EXPORT_CONCURRENCY,
    lookbackDays: value.EXPORT_LOOKBACK_DAYS,
    signingKeyId: value.DIGEST_SIGNING_KEY_ID,
    frameworks,
    region: value.AWS_REGION,
    endpointUrl: value.AWS_ENDPOINT_URL,
  };
}
