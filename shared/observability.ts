import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { observabilitySettings } from '#shared/config';
import type { ConfigRuleOutcome } from '#shared/pipeline/config-rule';
import type { ProcessResult } from '#shared/pipeline/process';
import type { SweepReport } from '#shared/pipeline/sweep';
import type { InputOutcome, MessageOutcome } from '#shared/pipeline/triggers';

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
      observeResults(observability, outcome.results);
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

/** Logs and counts a sweep. */
export function observeSweep(observability: Observability, report: SweepReport): void {
  const { logger, metrics } = observability;
  metrics.addMetric('SweptItems', MetricUnit.Count, report.items);
  metrics.addMetric('Evaluations', MetricUnit.Count, report.evaluations);
  metrics.addMetric('SweepFailures', MetricUnit.Count, report.failures.length);
  for (const [transition, count] of Object.entries(report.transitions)) {
    metrics.addMetric(`Transition_${transition}`, MetricUnit.Count, count);
  }
  if (report.failures.length > 0)
    logger.error('sweep left resources unevaluated', { failures: report.failures.slice(0, 20) });
  logger.info('sweep finished', {
    items: report.items,
    evaluations: report.evaluations,
    transitions: report.transitions,
  });
}
