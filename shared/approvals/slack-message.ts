import {
  contextBlock,
  escapeMrkdwn,
  fitMrkdwn,
  headerBlock,
  mrkdwnSection,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  textSection,
  truncateText,
} from '#shared/alerts/slack-format';
import type { Approver, RemediationRecord } from '#shared/remediations/record';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from './slack-interaction';

/** At most this many planned calls are shown in a message; the record holds them all. */
const MAX_SHOWN_CALLS = 10;

/** Longest input shown per call; the record holds the exact input. */
const MAX_INPUT_CHARS = 600;

function resourceLine(record: RemediationRecord): string {
  const { resource } = record;
  return `${resource.resourceType} ${resource.resourceName ?? resource.resourceId} in ${resource.accountId}/${resource.region}`;
}

/** The planned calls, each with its IAM action and its (shortened) exact input. */
function callBlocks(record: RemediationRecord): SlackBlock[] {
  const shown = record.planned.slice(0, MAX_SHOWN_CALLS).map((call, index) => {
    const input = truncateText(JSON.stringify(call.input), MAX_INPUT_CHARS);
    return textSection(
      `${index + 1}. ${call.service}:${call.operation} (IAM ${call.iamAction})`,
      `${call.description}\n${input}`,
    );
  });
  const more = record.planned.length - shown.length;
  return more > 0 ? [...shown, contextBlock([`… and ${more} more call(s); see the record`])] : shown;
}

/**
 * The approval request as a Slack message: rule, resource, finding, the exact planned calls, when it
 * expires, and Approve / Reject buttons whose value is the approval id.
 */
export function approvalRequestMessage(options: {
  readonly approvalId: string;
  readonly record: RemediationRecord;
  readonly location: string;
}): SlackMessage {
  const { record, approvalId } = options;
  const expiresAt = record.approval?.expiresAt ?? '';
  const text = truncateText(
    `Approval needed: ${record.remediationTitle} on ${record.resource.resourceName ?? record.resource.resourceId} (${record.ruleId})`,
    SLACK_LIMITS.fallbackText,
  );
  return {
    text,
    blocks: [
      headerBlock(':raised_hand: Remediation awaiting approval'),
      mrkdwnSection(
        [
          `*Rule:* \`${escapeMrkdwn(record.ruleId)}\``,
          `*Resource:* ${escapeMrkdwn(resourceLine(record))}`,
          `*Finding:* ${fitMrkdwn(record.before.annotation, 1_000)}`,
          `*Expires:* ${escapeMrkdwn(expiresAt)}`,
        ].join('\n'),
      ),
      mrkdwnSection(`*Planned calls* (${record.planned.length}), made only if approved and still needed:`),
      ...callBlocks(record),
      {
        type: 'actions',
        block_id: `vigil_approval_${approvalId}`,
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Approve' },
            action_id: APPROVE_ACTION_ID,
            value: approvalId,
            style: 'primary',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Reject' },
            action_id: REJECT_ACTION_ID,
            value: approvalId,
            style: 'danger',
          },
        ],
      },
      contextBlock([
        `Approval \`${approvalId}\` · without Slack: \`vigil remediation approve ${approvalId}\` · record ${escapeMrkdwn(options.location)}`,
      ]),
    ],
  };
}

/** Who decided, for a message. */
function who(approver: Approver | undefined): string {
  if (approver === undefined) return 'nobody';
  return approver.channel === 'slack' ? `<@${approver.id}>` : `\`${escapeMrkdwn(approver.id)}\``;
}

/** The message an approval request is replaced with once it is decided, refused, expired or applied. */
export function approvalOutcomeMessage(options: {
  readonly approvalId: string;
  readonly headline: string;
  readonly record: RemediationRecord;
  readonly approver?: Approver;
  readonly location?: string;
}): SlackMessage & { replace_original: true } {
  const { record } = options;
  const text = truncateText(
    `${options.headline}: ${record.remediationTitle} on ${record.resource.resourceName ?? record.resource.resourceId}`,
    SLACK_LIMITS.fallbackText,
  );
  return {
    replace_original: true,
    text,
    blocks: [
      headerBlock(options.headline),
      mrkdwnSection(
        [
          `*Rule:* \`${escapeMrkdwn(record.ruleId)}\``,
          `*Resource:* ${escapeMrkdwn(resourceLine(record))}`,
          `*Outcome:* ${escapeMrkdwn(record.outcome)} by ${who(options.approver)}`,
          `*Reason:* ${fitMrkdwn(record.reason, 1_500)}`,
        ].join('\n'),
      ),
      contextBlock([
        `Approval \`${options.approvalId}\`${options.location === undefined ? '' : ` · record ${escapeMrkdwn(options.location)}`}`,
      ]),
    ],
  };
}

/** A short reply only the person who clicked sees (the request stays as it is). */
export function ephemeralReply(text: string): {
  response_type: 'ephemeral';
  replace_original: false;
  text: string;
} {
  return {
    response_type: 'ephemeral',
    replace_original: false,
    text: truncateText(text, SLACK_LIMITS.sectionText),
  };
}
