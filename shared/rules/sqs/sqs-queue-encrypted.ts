import { SQS_QUEUE_TYPE, type SqsQueueConfiguration, sqsQueueName } from '#shared/resources/sqs';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** SQS writes flags as the strings "true"/"false"; Config may keep them so, or as booleans. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * SQS queues are encrypted at rest: with a KMS key (`KmsMasterKeyId`) or SQS-managed keys
 * (`SqsManagedSseEnabled`). No AWS Config managed rule checks this: Security Hub's control SQS.1 ("Amazon
 * SQS queues should be encrypted at rest") runs a custom rule of its own of this name, which Vigil mirrors
 * without its optional key-alias list. An item that does not record the queue's attributes is
 * NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html
 */
export const sqsQueueEncrypted = {
  id: 'sqs-queue-encrypted',
  title: 'SQS queues are encrypted at rest',
  resourceTypes: [SQS_QUEUE_TYPE],
  severity: 'medium',
  managedRule: false,
  parameters: {},
  rationale:
    'Queued messages often carry orders, events and personal data; encryption at rest keeps them unreadable on SQS storage.',
  remediationAdvice:
    'Turn on SQS-managed encryption (`aws sqs set-queue-attributes --queue-url <url> --attributes SqsManagedSseEnabled=true`) or set `KmsMasterKeyId` to a KMS key.',
  evaluate(item) {
    const queue = item.configuration ?? {};
    const name = sqsQueueName(item);
    if (typeof queue.QueueArn !== 'string')
      return notApplicable(`The attributes of SQS queue ${name} were not recorded.`);
    if (typeof queue.KmsMasterKeyId === 'string' && queue.KmsMasterKeyId !== '') {
      return compliant(`SQS queue ${name} is encrypted with the KMS key ${queue.KmsMasterKeyId}.`);
    }
    if (isTrue(queue.SqsManagedSseEnabled))
      return compliant(`SQS queue ${name} is encrypted with SQS-managed keys.`);
    return nonCompliant(`SQS queue ${name} is not encrypted at rest.`);
  },
} as const satisfies Rule<Record<string, never>, SqsQueueConfiguration>;
