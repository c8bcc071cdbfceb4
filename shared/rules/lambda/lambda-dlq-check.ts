import {
  LAMBDA_FUNCTION_TYPE,
  type LambdaFunctionConfiguration,
  lambdaFunctionName,
} from '#shared/resources/lambda';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * Lambda functions send events that failed every asynchronous retry to a dead-letter queue or topic
 * (`deadLetterConfig.targetArn`), one of `dlqArns` when that parameter is set. Lambda leaves
 * `deadLetterConfig` out of a function without one, so a recorded configuration without a target fails.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/lambda-dlq-check.html
 */
export const lambdaDlqCheck = {
  id: 'lambda-dlq-check',
  title: 'Lambda functions have a dead-letter queue',
  resourceTypes: [LAMBDA_FUNCTION_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    dlqArns: {
      type: 'string-list',
      default: [],
      description:
        'SQS queue or SNS topic ARNs allowed as the dead-letter target, comma-separated; empty accepts any.',
    },
  },
  rationale:
    'Without a dead-letter target, an asynchronous event that keeps failing is dropped after its retries, and the work it carried is lost without a trace.',
  remediationAdvice:
    'Set one: `aws lambda update-function-configuration --function-name <name> --dead-letter-config TargetArn=<sqs-queue-or-sns-topic-arn>` (or configure an on-failure destination and record why it replaces the DLQ).',
  evaluate(item, { parameters }) {
    const name = lambdaFunctionName(item);
    const target = item.configuration?.deadLetterConfig?.targetArn;
    if (typeof target !== 'string' || target === '') {
      return nonCompliant(`Lambda function ${name} has no dead-letter queue.`);
    }
    const allowed = parameters.dlqArns;
    if (allowed.length > 0 && !allowed.includes(target)) {
      return nonCompliant(`Lambda function ${name} sends failed events to ${target}, not one of dlqArns.`);
    }
    return compliant(`Lambda function ${name} sends failed events to ${target}.`);
  },
} as const satisfies Rule<{ dlqArns: readonly string[] }, LambdaFunctionConfiguration>;
