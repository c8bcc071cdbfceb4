import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { DigestSealingError, type SealRunReport, sealAllChains } from '#shared/evidence/chain-sealer';
import { EvidenceError } from '#shared/evidence/errors';
import { chainName } from '#shared/evidence/evidence-chains';
import { createSealerRuntime, parseSealerConfig, type SealerRuntime } from '#shared/evidence/sealer-runtime';
import { createObservability } from '#shared/observability';

const observability = createObservability();
let runtime: SealerRuntime | undefined;

/** Time kept back from the function's timeout: no hour is started later than this before it. */
export const SEALER_TIME_RESERVE_MS = 60_000;

function containerRuntime(): SealerRuntime {
  runtime ??= createSealerRuntime(parseSealerConfig(process.env));
  return runtime;
}

/** The part of an EventBridge Scheduler / scheduled rule event the sealer reads. */
const ScheduledEventSchema = z.object({ account: z.string().regex(/^\d{12}$/) });

/**
 * Seals every complete hour since each chain's head into signed, locked digests, for every account–region
 * chain of the bucket (see sealAllChains), and reports what it did per chain.
 * @throws EvidenceError when the account is unknown or discovery fails (nothing sealed); DigestSealingError
 * after sealing the others when some chains failed.
 */
export async function sealHourlyDigests(
  event: unknown,
  deps: SealerRuntime,
  context?: Partial<Pick<Context, 'invokedFunctionArn' | 'getRemainingTimeInMillis'>>,
): Promise<SealRunReport> {
  const scheduled = ScheduledEventSchema.safeParse(event);
  // `arn:aws:lambda:<region>:<account>:function:<name>`
  const accountId = scheduled.success ? scheduled.data.account : context?.invokedFunctionArn?.split(':')[4];
  if (accountId === undefined || accountId === '') {
    throw new EvidenceError(
      'seal-digests: cannot tell the account id (no scheduled event account, no function ARN)',
    );
  }
  const { config } = deps;
  const remainingMs = context?.getRemainingTimeInMillis?.bind(context);
  const report = await sealAllChains(deps, {
    own: { accountId, region: config.region },
    ...(config.memberAccounts === undefined ? {} : { memberAccounts: config.memberAccounts }),
    ...(config.memberRegions === undefined ? {} : { memberRegions: config.memberRegions }),
    retentionDays: config.retentionDays,
    graceMinutes: config.graceMinutes,
    maxPeriods: config.maxPeriods,
    maxHoursPerRun: config.maxHoursPerRun,
    chainConcurrency: config.chainConcurrency,
    ...(remainingMs === undefined ? {} : { timeLeft: () => remainingMs() - SEALER_TIME_RESERVE_MS }),
  });
  const { logger, metrics } = observability;
  metrics.addMetric('DigestsSealed', MetricUnit.Count, report.created);
  metrics.addMetric('DigestHoursBehind', MetricUnit.Count, report.remaining);
  metrics.addMetric('DigestChains', MetricUnit.Count, report.chains.length);
  metrics.addMetric('DigestChainFailures', MetricUnit.Count, report.failed.length);
  for (const chain of report.chains) {
    for (const period of chain.sealed) logger.info('digest sealed', { ...period });
    const fields = {
      chain: chainName(chain),
      origins: chain.origins,
      sealed: chain.sealed.length,
      remaining: chain.remaining,
      ...(chain.head === undefined ? {} : { head: chain.head.periodStart }),
    };
    if (chain.error !== undefined) logger.error('digest chain failed', { ...fields, error: chain.error });
    else logger.info('digest chain', fields);
  }
  if (report.skippedPrefixes.length > 0) {
    logger.warn('evidence prefixes that name no chain were not sealed', { prefixes: report.skippedPrefixes });
  }
  if (report.remaining > 0) {
    logger.warn('digest sealing is catching up', {
      remaining: report.remaining,
      ...(report.stoppedBy === undefined ? {} : { stoppedBy: report.stoppedBy }),
    });
  }
  if (report.failed.length > 0) {
    const reasons = report.chains.flatMap((chain) =>
      chain.error === undefined ? [] : [`${chainName(chain)}: ${chain.error}`],
    );
    throw new DigestSealingError(
      `seal-digests: ${report.failed.length} of ${report.chains.length} chains failed (the others were sealed): ${reasons.join('; ')}`,
      { context: { failed: report.failed } },
    );
  }
  return report;
}

/** Lambda entry point of the hourly digest sealer. */
export const handler = middy((event: unknown, context: Context) =>
  sealHourlyDigests(event, containerRuntime(), context),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
