import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { VigilFunction } from '../vigil-function';

/** An alarm that notifies the alert topic as soon as one datapoint crosses its threshold. */
function alarm(
  scope: Construct,
  id: string,
  alertTopic: sns.ITopic,
  props: {
    readonly description: string;
    readonly metric: cloudwatch.IMetric;
    readonly threshold: number;
    readonly comparisonOperator: cloudwatch.ComparisonOperator;
  },
): cloudwatch.Alarm {
  const created = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold,
    comparisonOperator: props.comparisonOperator,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  created.addAlarmAction(new SnsAction(alertTopic));
  return created;
}

/** `<name>Depth`: any message in a dead-letter queue (events that were not evaluated). */
export function deadLetterAlarm(
  scope: Construct,
  name: string,
  queue: sqs.IQueue,
  alertTopic: sns.ITopic,
): cloudwatch.Alarm {
  return alarm(scope, `${name}Depth`, alertTopic, {
    description: `Vigil: messages in ${name}; events were not evaluated`,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
}

/** `<function id>Errors`: any failed invocation of the function. */
export function functionErrorsAlarm(
  scope: Construct,
  worker: VigilFunction,
  alertTopic: sns.ITopic,
): cloudwatch.Alarm {
  return alarm(scope, `${worker.node.id}Errors`, alertTopic, {
    description: `Vigil: the ${worker.node.id} function failed invocations`,
    metric: worker.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
}

/** `<function id>Throttles`: any throttled invocation (events wait in the function's queue). */
export function functionThrottlesAlarm(
  scope: Construct,
  worker: VigilFunction,
  alertTopic: sns.ITopic,
): cloudwatch.Alarm {
  return alarm(scope, `${worker.node.id}Throttles`, alertTopic, {
    description: `Vigil: the ${worker.node.id} function was throttled; change events wait in the queue`,
    metric: worker.function.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
}

/** Where Vigil's functions put their own metrics (Powertools: a namespace and the `service` dimension). */
export interface VigilMetrics {
  readonly namespace: string;
  readonly serviceName: string;
}

/** `<metric name>`: the sum of one of Vigil's own metrics over five minutes reaches `threshold`. */
export function vigilMetricAlarm(
  scope: Construct,
  metrics: VigilMetrics,
  metricName: string,
  alertTopic: sns.ITopic,
  props: { readonly description: string; readonly threshold: number },
): cloudwatch.Alarm {
  return alarm(scope, metricName, alertTopic, {
    description: props.description,
    metric: new cloudwatch.Metric({
      namespace: metrics.namespace,
      metricName,
      dimensionsMap: { service: metrics.serviceName },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: props.threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });
}
