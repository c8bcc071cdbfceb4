import type { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { ApproverSchema } from '#shared/remediations/record';
import { ApprovalDispatchError } from './errors';

/** The message an approved plan is handed to the remediation function with (over the remediation queue). */
export const ApprovalDecisionMessageSchema = z.object({
  version: z.literal(1),
  kind: z.literal('approval-decision'),
  approvalId: z.string().regex(/^[0-9a-f]{32}$/),
  approver: ApproverSchema,
  decidedAt: z.iso.datetime(),
  comment: z.string().optional(),
  responseUrl: z.string().optional(),
});

/** An approved plan on its way to the remediation function. */
export type ApprovalDecisionMessage = z.infer<typeof ApprovalDecisionMessageSchema>;

/** Whether a queue message body is a decision (rather than a remediation request). */
export function isDecisionMessage(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'approval-decision';
}

/** Hands approved plans to the remediation function. */
export interface DecisionDispatcher {
  dispatch(message: ApprovalDecisionMessage): Promise<void>;
}

/** Sends decisions to the remediation SQS queue, where the remediation function (which holds the write permissions) acts. */
export class SqsDecisionDispatcher implements DecisionDispatcher {
  readonly #client: () => Promise<SQSClient>;
  readonly #queueUrl: string;

  constructor(options: { readonly client: () => Promise<SQSClient>; readonly queueUrl: string }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
  }

  async dispatch(message: ApprovalDecisionMessage): Promise<void> {
    try {
      const [{ SendMessageCommand }, client] = await Promise.all([
        import('@aws-sdk/client-sqs'),
        this.#client(),
      ]);
      await client.send(
        new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: JSON.stringify(message) }),
      );
    } catch (error) {
      throw new ApprovalDispatchError(`cannot queue the approved plan ${message.approvalId}`, {
        cause: error,
        context: { approvalId: message.approvalId },
      });
    }
  }
}
