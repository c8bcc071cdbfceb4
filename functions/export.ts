import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { type DigestSigner, KmsDigestSigner } from '#shared/evidence/digest-signer';
import { ACCOUNT_ID_PATTERN, EVIDENCE_REGION_PATTERN } from '#shared/evidence/evidence-chains';
import { createExportKmsClient, createExportS3Client } from '#shared/export/clients';
import { type ExportDestination, exportTo, type PlacedExport } from '#shared/export/destination';
import { ExportError } from '#shared/export/errors';
import { type EvidenceSource, S3EvidenceSource } from '#shared/export/evidence-source';
import { type Period, parsePeriod, periodDays, previousMonth } from '#shared/export/period';
import { type ExportSettings, parseExportSettings } from '#shared/export/settings';
import { FRAMEWORK_IDS } from '#shared/frameworks/framework';
import { findFrameworkPack, parseFrameworkIds } from '#shared/frameworks/registry';
import { createObservability } from '#shared/observability';

const observability = createObservability();

/** What the export function works with: its settings, where it reads and how it writes. */
export interface ExportDeps {
  readonly settings: ExportSettings;
  readonly source: EvidenceSource;
  readonly destination: (prefix: string) => ExportDestination;
  /** Signs manifest.json: the digest signing key (DIGEST_SIGNING_KEY_ID), whose public key the manifest carries. */
  readonly signer: DigestSigner;
  readonly clock: () => Date;
}

let deps: ExportDeps | undefined;

function containerDeps(): ExportDeps {
  if (deps === undefined) {
    const settings = parseExportSettings(process.env);
    const clientSettings = {
      region: settings.region,
      ...(settings.endpointUrl === undefined ? {} : { endpointUrl: settings.endpointUrl }),
    };
    const client = createExportS3Client(clientSettings);
    deps = {
      settings,
      source: new S3EvidenceSource({ client, bucket: settings.evidenceBucket }),
      destination: (prefix) => ({ kind: 's3', client, bucket: settings.exportBucket, prefix }),
      signer: new KmsDigestSigner({
        client: createExportKmsClient(clientSettings),
        keyId: settings.signingKeyId,
      }),
      clock: () => new Date(),
    };
  }
  return deps;
}

/**
 * An on-demand export: `{ "from": "2026-10-01", "to": "2026-10-31", "accounts": ["123456789012"],
 * "regions": ["eu-west-1"], "frameworks": ["soc2", "pci"] }` (accounts and regions of the evidence
 * optional: all by default; frameworks, short or versioned ids, default those of `EXPORT_FRAMEWORKS`).
 */
export const ExportRequestSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  accounts: z.array(z.string().regex(ACCOUNT_ID_PATTERN)).optional(),
  regions: z.array(z.string().regex(EVIDENCE_REGION_PATTERN)).optional(),
  frameworks: z
    .array(
      z.string().refine((id) => findFrameworkPack(id) !== undefined, {
        message: `unknown framework: use one of ${FRAMEWORK_IDS.join(', ')} or their versioned ids`,
      }),
    )
    .min(1)
    .optional(),
});

/** What the function returns (and logs): where the bundle is and what it holds. */
export interface ExportResponse {
  readonly location: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly findings: number;
  readonly digests: number;
  readonly problems: number;
}

/** `exports/2026-10-01_2026-10-31/20261101T020000Z/`: one folder per period, one per run inside it. */
export function exportPrefix(base: string, period: Period, generatedAt: Date): string {
  const days = periodDays(period);
  const stamp = generatedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${base}${days[0]}_${days[days.length - 1]}/${stamp}/`;
}

/**
 * Exports one period: the one asked for (`{from, to}`), or, for a scheduled event (anything else), the
 * previous calendar month.
 * @throws ExportError when an on-demand period is malformed (nothing is written then), or the signing key
 * cannot be read or sign (nothing is uploaded then).
 */
export async function runExportFunction(event: unknown, dependencies: ExportDeps): Promise<ExportResponse> {
  const now = dependencies.clock();
  const request = ExportRequestSchema.safeParse(event);
  const asksForPeriod = typeof event === 'object' && event !== null && ('from' in event || 'to' in event);
  if (!request.success && asksForPeriod) {
    // A malformed request must fail, not fall back to the monthly export.
    throw new ExportError(`export request is malformed: ${request.error.issues[0]?.message ?? 'invalid'}`);
  }
  const onDemand = request.success ? request.data : undefined;
  const period = onDemand === undefined ? previousMonth(now) : parsePeriod(onDemand.from, onDemand.to);
  const prefix = exportPrefix(dependencies.settings.exportPrefix, period, now);
  observability.logger.info('export started', {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    trigger: onDemand === undefined ? 'schedule' : 'request',
    prefix,
  });
  let lastLogged = 0;
  const result: PlacedExport = await exportTo(dependencies.destination(prefix), {
    source: dependencies.source,
    period,
    concurrency: dependencies.settings.concurrency,
    lookbackDays: dependencies.settings.lookbackDays,
    now: () => now,
    ...(onDemand?.accounts === undefined ? {} : { accounts: onDemand.accounts }),
    ...(onDemand?.regions === undefined ? {} : { regions: onDemand.regions }),
    frameworks:
      onDemand?.frameworks === undefined
        ? dependencies.settings.frameworks
        : parseFrameworkIds(onDemand.frameworks),
    signer: { kind: 'key', signer: dependencies.signer },
    onProgress: (progress) => {
      if (progress.findings - lastLogged < 50_000 && progress.phase === 'findings') return;
      lastLogged = progress.findings;
      observability.logger.info('export progress', { ...progress });
    },
  });
  for (const warning of result.warnings) observability.logger.warn(warning);
  const { counts } = result.manifest;
  observability.metrics.addMetric('ExportedFindings', MetricUnit.Count, counts.findings);
  observability.metrics.addMetric('ExportProblems', MetricUnit.Count, counts.problems);
  if (counts.problems > 0) {
    observability.logger.error('export met objects that are missing, altered or misplaced', {
      problems: result.manifest.problems.slice(0, 20),
      location: result.location,
    });
  }
  return {
    location: result.location,
    period: result.manifest.period,
    findings: counts.findings,
    digests: counts.digests,
    problems: counts.problems,
  };
}

/** Lambda entry point of the evidence export (on demand and monthly). */
export const handler = middy(async (event: unknown) => {
  try {
    return await runExportFunction(event, containerDeps());
  } catch (error) {
    if (error instanceof ExportError) observability.logger.error('export failed', { error });
    throw error;
  }
})
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
