import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { observabilitySettings } from '#shared/config';
import type { ConfigRuleOutcome } from '#shared/pipeline/config-rule';
import type { ProcessResult } from '#shared/pipeline/process';
import type { InputOutcome, MessageOutcome } from '#shared/pipeline/triggers';
import type { PlannedSweep } from '#shared/sweep/planner';
import type { SweepPage } from '#shared/sweep/shard';
import type { PageReport } from '#shared/sweep/worker';

/** The Powertools logger and metrics of one function, created once per container. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Creates the logger and metrics with Vigil's defaults (service `vigil`, namespace `Vigil`). */
export function createObservability(): Observability {
  const { serviceName, metricsNamespace } = observabilitySettings();
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: metricsNamespace, serviceName }),
  };
}

/** Counts and logs what the pipeline did with processed items (one line per status change). */
export function observeResults(observability: Observability, results: readonly ProcessResult[]): void {
  const { logger, metrics } = observability;
  let evaluations = 0;
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const recorded of result.recorded) {
      evaluations++;
      counts.set(recorded.transition, (counts.get(recorded.transition) ?? 0) + 1);
      if (recorded.evaluation.compliance === 'ERROR') {
        metrics.addMetric('RuleErrors', MetricUnit.Count, 1);
        logger.error('rule failed', {
          ruleId: recorded.evaluation.ruleId,
          annotation: recorded.evaluation.annotation,
        });
      }
      if (recorded.alerted) {
        logger.info('status changed', {
          transition: recorded.transition,
          ruleId: recorded.evaluation.ruleId,
          resourceType: recorded.evaluation.resourceType,
          resourceId: recorded.evaluation.resourceId,
          evidenceKey: recorded.evidenceKey,
        });
      }
    }
  }
  metrics.addMetric('Evaluations', MetricUnit.Count, evaluations);
  for (const [transition, count] of counts)
    metrics.addMetric(`Transition_${transition}`, MetricUnit.Count, count);
}

/** Logs and counts one input's outcome; rejected inputs are errors a person must look at. */
export function observeInput(observability: Observability, outcome: InputOutcome, messageId?: string): void {
  const { logger, metrics } = observability;
  switch (outcome.status) {
    case 'processed':
      metrics.addMetric('EventsProcessed', MetricUnit.Count, 1);
      if (outcome.coalesced !== undefined) {
        metrics.addMetric('SettledDescribes', MetricUnit.Count, 1);
        metrics.addMetric('EventsCoalesced', MetricUnit.Count, outcome.coalesced);
      }
      observeResults(observability, outcome.results);
      return;
    case 'settling':
      metrics.addMetric(
        outcome.hold.action === 'coalesced' ? 'EventsCoalescing' : 'SettleWindowsSent',
        MetricUnit.Count,
        1,
      );
      logger.info('event settling', { messageId, ...outcome.hold });
      return;
    case 'ignored':
      metrics.addMetric('EventsIgnored', MetricUnit.Count, 1);
      logger.info('event ignored', { messageId, reason: outcome.reason });
      return;
    case 'rejected':
      metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
      logger.error('event rejected', { messageId, reason: outcome.reason, storedAt: outcome.storedAt });
      return;
    default: {
      const unreachable: never = outcome;
      logger.error('unknown outcome', { outcome: String(unreachable) });
    }
  }
}

/** Logs and counts a queue batch: each message's outcome, and every failure that will be retried. */
export function observeMessages(observability: Observability, outcomes: readonly MessageOutcome[]): void {
  for (const entry of outcomes) {
    if ('outcome' in entry) observeInput(observability, entry.outcome, entry.messageId);
    else {
      observability.metrics.addMetric('EventsFailed', MetricUnit.Count, 1);
      observability.logger.error('event failed; will be retried', {
        messageId: entry.messageId,
        error: entry.error as Error,
      });
    }
  }
}

/** Logs and counts a Config rule invocation. */
export function observeConfigRule(observability: Observability, outcome: ConfigRuleOutcome): void {
  observability.metrics.addMetric('ConfigEvaluationsReported', MetricUnit.Count, outcome.reported.length);
  if (outcome.refused.length > 0) {
    observability.metrics.addMetric('ConfigEvaluationsRefused', MetricUnit.Count, outcome.refused.length);
    observability.logger.error('Config refused evaluations', { refused: outcome.refused.slice(0, 10) });
  }
}

/**
 * Logs and counts a planned sweep; `SweepIncomplete` is 1 when the sweep before it had not completed by
 * the time this one started (its unfinished shards are listed by `vigil sweep status`).
 */
export function observeSweepPlan(observability: Observability, planned: PlannedSweep): void {
  const { logger, metrics } = observability;
  metrics.addMetric('SweepShardsPlanned', MetricUnit.Count, planned.shards.length);
  const previous = planned.previous;
  const incomplete = previous !== undefined && previous.status !== 'complete';
  metrics.addMetric('SweepIncomplete', MetricUnit.Count, incomplete ? 1 : 0);
  if (incomplete)
    logger.error('the previous sweep did not complete', {
      sweepId: previous.sweepId,
      startedAt: previous.startedAt,
      shardsDone: previous.shardsDone,
      shardsPlanned: previous.shardsPlanned,
    });
  if (planned.unsweptTypes.length > 0)
    logger.warn('types the inventory source cannot read are not swept', { types: planned.unsweptTypes });
  logger.info('sweep planned', {
    sweepId: planned.sweepId,
    status: planned.status,
    shards: planned.shards.length,
  });
}

/** Logs and counts one judged sweep page. */
export function observeSweepPage(observability: Observability, report: PageReport): void {
  const { logger, metrics } = observability;
  metrics.addMetric('SweepPagesJudged', MetricUnit.Count, 1);
  metrics.addMetric('SweptItems', MetricUnit.Count, report.items);
  metrics.addMetric('Evaluations', MetricUnit.Count, report.evaluations);
  metrics.addMetric('SweepFailures', MetricUnit.Count, report.failures.length);
  for (const [transition, count] of Object.entries(report.transitions))
    metrics.addMetric(`Transition_${transition}`, MetricUnit.Count, count);
  const { sweepId, accountId, region, resourceType, page } = report.page;
  if (report.failures.length > 0)
    logger.error('sweep page left resources unread', {
      sweepId,
      accountId,
      region,
      resourceType,
      page,
      failures: report.failures.slice(0, 20),
    });
  logger.info('sweep page judged', {
    sweepId,
    accountId,
    region,
    resourceType,
    page,
    items: report.items,
    evaluations: report.evaluations,
    queued: report.queued,
    shardDone: report.completion.shardDone,
    sweepDone: report.completion.sweepDone,
  });
}

/** Logs and counts a sweep page that failed (the queue retries it alone). */
export function observeSweepPageFailure(observability: Observability, page: SweepPage, error: unknown): void {
  observability.metrics.addMetric('SweepShardFailures', MetricUnit.Count, 1);
  observability.logger.error('sweep page failed; the queue retries it', {
    sweepId: page.sweepId,
    accountId: page.accountId,
    region: page.region,
    resourceType: page.resourceType,
    page: page.page,
    error: error instanceof Error ? error.message : String(error),
  });
}
