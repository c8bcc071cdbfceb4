import {
  type Alert,
  type AlertTransition,
  failureSpan,
  MAX_LISTED_CALLS,
  type RemediationInfo,
  resourceLabel,
} from './alert';
import { configTimelineUrl, consoleUrlFor, hasServiceConsolePage } from './console-links';

/**
 * Block Kit limits Vigil formats within.
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3_000,
  fieldText: 2_000,
  fieldsPerSection: 10,
  contextText: 2_000,
  contextElements: 10,
  blocksPerMessage: 50,
  /** Notification/fallback text; Slack allows far more, but people read the first line. */
  fallbackText: 300,
} as const;

/** A `plain_text` text object. */
export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** A `mrkdwn` text object. */
export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
}

/** A Block Kit button (interactive: Slack posts its `action_id` and `value` to the app's Request URL). */
export interface SlackButton {
  type: 'button';
  text: SlackPlainText;
  action_id: string;
  value: string;
  style?: 'primary' | 'danger';
}

/** The Block Kit blocks Vigil sends (a subset of Slack's `KnownBlock`). */
export type SlackBlock =
  | { type: 'actions'; block_id?: string; elements: SlackButton[] }
  | { type: 'header'; text: SlackPlainText }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'section'; fields: SlackMrkdwn[] }
  | { type: 'context'; elements: SlackMrkdwn[] }
  | { type: 'divider' };

/** A message as an incoming webhook accepts it. */
export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** Emoji shortcode of each severity, highest first. */
export const SEVERITY_STYLE: Readonly<Record<string, { readonly emoji: string }>> = {
  critical: { emoji: ':red_circle:' },
  high: { emoji: ':large_orange_circle:' },
  medium: { emoji: ':large_yellow_circle:' },
  low: { emoji: ':large_blue_circle:' },
  informational: { emoji: ':white_circle:' },
};

const UNKNOWN_SEVERITY_STYLE = { emoji: ':grey_question:' };

/** Emoji of a severity (a neutral one for severities Vigil does not know). */
export function severityStyle(severity: string): { readonly emoji: string } {
  return SEVERITY_STYLE[severity.toLowerCase()] ?? UNKNOWN_SEVERITY_STYLE;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Escapes `raw` for mrkdwn and fits it in `max` characters, cutting only between entities (never inside
 * `&amp;`), so the result always renders.
 */
export function fitMrkdwn(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  let cut = truncateText(escaped, max).slice(0, -1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Inline code for identifiers, escaped (a backtick inside would end the span, so it becomes a quote). */
function code(raw: string): string {
  return `\`${escapeMrkdwn(raw.replace(/`/g, "'"))}\``;
}

/** A link whose label cannot break the `<url|label>` syntax. */
function link(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/** A plain-text header within Slack's 150-character limit. */
export function headerBlock(text: string): SlackBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncateText(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

/** A mrkdwn section; `title` is bold on its own line, `body` is raw text escaped and fitted to the limit. */
export function textSection(title: string, body: string): SlackBlock {
  const prefix = `*${escapeMrkdwn(title)}*\n`;
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: prefix + fitMrkdwn(body, SLACK_LIMITS.sectionText - prefix.length) },
  };
}

/** A section of ready-made mrkdwn, fitted to the limit by truncation. */
export function mrkdwnSection(mrkdwn: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateText(mrkdwn, SLACK_LIMITS.sectionText) } };
}

/** A two-column fields section from label/mrkdwn pairs (at most ten, each fitted to the field limit). */
function fieldsSection(fields: readonly (readonly [string, string])[]): SlackBlock {
  return {
    type: 'section',
    fields: fields.slice(0, SLACK_LIMITS.fieldsPerSection).map(([label, value]) => ({
      type: 'mrkdwn',
      text: truncateText(`*${escapeMrkdwn(label)}*\n${value}`, SLACK_LIMITS.fieldText),
    })),
  };
}

/** A context block of ready-made mrkdwn elements (at most ten). */
export function contextBlock(elements: readonly string[]): SlackBlock {
  return {
    type: 'context',
    elements: elements
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: truncateText(text, SLACK_LIMITS.contextText) })),
  };
}

/** How each kind of alert opens: header emoji and wording. */
function kindStyle(alert: Alert): { readonly emoji: string; readonly verb: string } {
  const styles: Readonly<Record<AlertTransition, { emoji: string; verb: string }>> = {
    NEW_FAILURE: { emoji: severityStyle(alert.severity).emoji, verb: 'Failing' },
    RESOLVED: { emoji: ':white_check_mark:', verb: 'Resolved' },
    REMEDIATION_SUCCEEDED: { emoji: ':wrench:', verb: 'Auto-remediated' },
    REMEDIATION_FAILED: { emoji: ':rotating_light:', verb: 'Auto-remediation failed' },
    REMEDIATION_PLANNED: { emoji: ':memo:', verb: 'Remediation planned' },
    ACCEPTANCE_EXPIRING: { emoji: ':hourglass_flowing_sand:', verb: 'Risk acceptance expiring' },
  };
  return styles[alert.transition];
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The remediation's API calls as a bulleted section (none when it reported no calls). */
function callsSection(title: string, remediation: RemediationInfo | undefined): SlackBlock[] {
  const calls = remediation?.calls ?? [];
  if (calls.length === 0) return [];
  const lines = calls.slice(0, MAX_LISTED_CALLS).map((call) => {
    const status = call.status === 'made' || call.status === 'planned' ? '' : ` _(${call.status})_`;
    const error = call.error === undefined ? '' : ` — ${escapeMrkdwn(call.error)}`;
    return `• ${code(call.call)} ${escapeMrkdwn(call.description)}${status}${error}`;
  });
  const more = calls.length - lines.length;
  if (more > 0) lines.push(`_…and ${more} more_`);
  return [mrkdwnSection(`*${escapeMrkdwn(title)}*\n${lines.join('\n')}`)];
}

/** The sections after the facts: what is wrong or what changed, and what to do. */
function narrative(alert: Alert): SlackBlock[] {
  const remediation = alert.remediation;
  const advice =
    alert.remediationAdvice.trim() === '' ? [] : [textSection('How to fix', alert.remediationAdvice)];
  switch (alert.transition) {
    case 'NEW_FAILURE':
      return [textSection('What is wrong', alert.annotation), ...advice];
    case 'RESOLVED':
      return [textSection('Now', alert.annotation)];
    case 'REMEDIATION_SUCCEEDED':
      return [
        textSection('What Vigil changed', remediation?.action ?? 'An auto-remediation ran.'),
        ...callsSection('Calls made', remediation),
        textSection('Now', alert.annotation),
      ];
    case 'REMEDIATION_FAILED':
      return [
        textSection('What Vigil tried', remediation?.action ?? 'An auto-remediation ran.'),
        ...callsSection('Calls', remediation),
        textSection('Error', remediation?.error ?? 'The remediation reported no reason.'),
        textSection('What is wrong', alert.annotation),
        ...(alert.remediationAdvice.trim() === ''
          ? []
          : [textSection('How to fix by hand', alert.remediationAdvice)]),
      ];
    case 'REMEDIATION_PLANNED':
      return [
        textSection(
          'What Vigil would change',
          `${remediation?.action ?? 'An auto-remediation'} (dry run: nothing was changed)`,
        ),
        ...callsSection('Calls it would make', remediation),
        textSection('What is wrong', alert.annotation),
        ...advice,
      ];
    case 'ACCEPTANCE_EXPIRING':
      return [textSection('Accepted risk', alert.annotation)];
    default: {
      const unreachable: never = alert.transition;
      return [textSection('Alert', String(unreachable))];
    }
  }
}

/** A one-line summary for notifications and clients without Block Kit. */
export function fallbackText(alert: Alert): string {
  const style = kindStyle(alert);
  const name = alert.resource.resourceName ?? alert.resource.resourceId;
  return fitMrkdwn(
    `${style.emoji} ${style.verb} [${alert.severity}] ${alert.ruleId} on ${name} (${alert.resource.accountId} ${alert.resource.region})`,
    SLACK_LIMITS.fallbackText,
  );
}

/**
 * Renders an alert as a Block Kit message: a header with the kind and the rule's title, then the severity,
 * SOC 2 criteria, rule, status change, resource with console link, account and region, ARN, the annotation,
 * remediation advice or outcome (with its API calls), links and the evidence reference.
 */
export function slackAlertMessage(alert: Alert): SlackMessage {
  const style = kindStyle(alert);
  const severity = severityStyle(alert.severity);
  const resource = alert.resource;
  const consoleUrl = consoleUrlFor(resource);
  const status = `${alert.previousCompliance ?? 'not evaluated'} → ${alert.compliance}`;
  const links = [link(consoleUrl, 'Open in the AWS console')];
  if (hasServiceConsolePage(resource.resourceType) && resource.resourceType !== 'AWS::::Account') {
    links.push(link(configTimelineUrl(resource), 'AWS Config timeline'));
  }
  const details: SlackBlock[] = [
    fieldsSection([
      ['Severity', `${severity.emoji} ${escapeMrkdwn(capitalised(alert.severity))}`],
      ['SOC 2', escapeMrkdwn(alert.soc2.join(', ') || '–')],
      ['Rule', code(alert.ruleId)],
      ['Status', escapeMrkdwn(status)],
      ['Resource', `${link(consoleUrl, resourceLabel(resource))}\n${escapeMrkdwn(resource.resourceType)}`],
      ['Account / region', escapeMrkdwn(`${resource.accountId} / ${resource.region}`)],
    ]),
    ...(resource.arn === undefined
      ? []
      : [mrkdwnSection(`*ARN*\n${code(truncateText(resource.arn, 2_000))}`)]),
    ...narrative(alert),
    mrkdwnSection(links.join('   ·   ')),
    contextBlock([
      `Evidence ${code(alert.evidence.location ?? alert.evidence.key)}`,
      `SHA-256 ${code(alert.evidence.hash)}`,
      escapeMrkdwn(`Captured ${alert.captureTime} · evaluated ${alert.evaluatedAt}`),
      ...(alert.failingSince === undefined ? [] : [escapeMrkdwn(`Was failing ${failureSpan(alert)}`)]),
      ...(alert.remediation?.reference === undefined
        ? []
        : [`Remediation run ${code(alert.remediation.reference)}`]),
    ]),
  ];
  // Everything stays in top-level blocks: Slack may fold the blocks of a (coloured) attachment behind
  // "Show more", and the facts a person acts on must never be hidden.
  return {
    text: fallbackText(alert),
    blocks: [headerBlock(`${style.emoji} ${style.verb}: ${alert.ruleTitle}`), ...details],
  };
}
