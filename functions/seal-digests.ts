import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { type SealReport, sealDigests } from '#shared/evidence/digest-sealer';
import { EvidenceError } from '#shared/evidence/errors';
import { createSealerRuntime, parseSealerConfig, type SealerRuntime } from '#shared/evidence/sealer-runtime';
import { createObservability } from '#shared/observability';

const observability = createObservability();
let runtime: SealerRuntime | undefined;

function containerRuntime(): SealerRuntime {
  runtime ??= createSealerRuntime(parseSealerConfig(process.env));
  return runtime;
}

/** The part of an EventBridge Scheduler / scheduled rule event the sealer reads. */
const ScheduledEventSchema = z.object({ account: z.string().regex(/^\d{12}$/) });

/** Seals every complete hour since the chain head into signed, locked digests and reports what it did. */
export async function sealHourlyDigests(
  event: unknown,
  deps: SealerRuntime,
  context?: Pick<Context, 'invokedFunctionArn'>,
): Promise<SealReport> {
  const scheduled = ScheduledEventSchema.safeParse(event);
  // `arn:aws:lambda:<region>:<account>:function:<name>`
  const accountId = scheduled.success ? scheduled.data.account : context?.invokedFunctionArn?.split(':')[4];
  if (accountId === undefined || accountId === '') {
    throw new EvidenceError(
      'seal-digests: cannot tell the account id (no scheduled event account, no function ARN)',
    );
  }
  const report = await sealDigests(deps, {
    accountId,
    region: deps.config.region,
    retentionDays: deps.config.retentionDays,
    graceMinutes: deps.config.graceMinutes,
    maxPeriods: deps.config.maxPeriods,
  });
  const { logger, metrics } = observability;
  metrics.addMetric(
    'DigestsSealed',
    MetricUnit.Count,
    report.sealed.filter((p) => p.status === 'created').length,
  );
  metrics.addMetric('DigestHoursBehind', MetricUnit.Count, report.remaining);
  for (const period of report.sealed) {
    logger.info('digest sealed', { ...period });
  }
  if (report.remaining > 0) logger.warn('digest sealing is catching up', { remaining: report.remaining });
  return report;
}

/** Lambda entry point of the hourly digest sealer. */
export const handler = middy((event: unknown, context: Context) =>
  sealHourlyDigests(event, containerRuntime(), context),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
