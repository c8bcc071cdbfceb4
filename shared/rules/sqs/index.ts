import type { Rule } from '#shared/rules/rule';
import { sqsQueueEncrypted } from './sqs-queue-encrypted';

/** SQS rules. */
export const sqsRules: readonly Rule[] = [sqsQueueEncrypted];
