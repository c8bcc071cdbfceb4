import type { AcceptanceLookup } from '#shared/acceptances/lookup';
import { inForce, type RegisterView } from '#shared/acceptances/register-chain';
import { resourceIdentityOf } from '#shared/config-item/configuration-item';
import { SEVERITIES, SOC2_CRITERIA } from '#shared/rules/rule';
import type { OpenFailure, OpenFailureList, OpenFailureSource } from '#shared/state/open-failures';
import { type FormattedAlert, resourceLabel, snsSubject } from './alert';
import { type AlertPolicy, evaluatePolicy } from './alert-policy';
import { consoleUrlFor } from './console-links';
import { isRetryableDeliveryError } from './fan-out-notifier';
import {
  contextBlock,
  escapeMrkdwn,
  headerBlock,
  mrkdwnSection,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  severityStyle,
} from './slack-format';

/** The criterion key of failures whose rule is not in the catalog (so Vigil cannot say which it maps to). */
export const UNMAPPED_CRITERION = 'unmapped';

/** What the digest needs to know about a rule. */
export interface DigestRuleInfo {
  readonly id: string;
  readonly title: string;
  readonly soc2: readonly string[];
  readonly severity: string;
}

/** One failing resource of a rule in the digest. */
export interface DigestResource {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly arn?: string;
  readonly annotation: string;
  readonly evaluatedAt: string;
  readonly failingSince?: string;
  readonly consoleUrl: string;
}

/** The failures of one rule, most recently evaluated first. */
export interface DigestRule {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: string;
  readonly resources: readonly DigestResource[];
}

/** The failures under one SOC 2 criterion, worst rules first. */
export interface DigestCriterion {
  /** A criterion such as `CC6.1`, or {@link UNMAPPED_CRITERION}. */
  readonly criterion: string;
  readonly failures: number;
  readonly bySeverity: Readonly<Record<string, number>>;
  readonly rules: readonly DigestRule[];
}

/** A summary of every open failure, grouped by SOC 2 criterion. */
export interface DailyDigest {
  readonly generatedAt: string;
  /** Distinct (rule, resource) failures; one failure counts under each of its rule's criteria. */
  readonly total: number;
  readonly bySeverity: Readonly<Record<string, number>>;
  readonly resources: number;
  readonly accounts: number;
  /** In Trust Services Criteria order, unmapped last. */
  readonly criteria: readonly DigestCriterion[];
  /** State rows that could not be read (reported so a short digest is not mistaken for good news). */
  readonly malformedRows: number;
  /** Failures under a risk acceptance in force: muted like their alerts, counted but not listed. */
  readonly accepted: number;
  /** The risk register could not be read, so accepted failures (if any) are listed as open ones. */
  readonly registerUnread?: boolean;
}

function severityOrder(severity: string): number {
  const rank = (SEVERITIES as readonly string[]).indexOf(severity.toLowerCase());
  return rank < 0 ? SEVERITIES.length : rank;
}

function criterionOrder(criterion: string): number {
  const rank = (SOC2_CRITERIA as readonly string[]).indexOf(criterion);
  return rank < 0 ? SOC2_CRITERIA.length : rank;
}

function countBySeverity(failures: readonly { readonly severity: string }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]));
  for (const failure of failures) {
    const key = failure.severity.toLowerCase();
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function toResource(failure: OpenFailure): DigestResource {
  return {
    ...resourceIdentityOf(failure),
    annotation: failure.annotation,
    evaluatedAt: failure.evaluatedAt,
    ...(failure.failingSince === undefined ? {} : { failingSince: failure.failingSince }),
    consoleUrl: consoleUrlFor(failure),
  };
}

/**
 * Groups open failures by SOC 2 criterion (through the rule catalog) and rule, worst severity first,
 * counting each failure under every criterion its rule maps to.
 */
export function buildDailyDigest(
  list: OpenFailureList,
  catalog: readonly DigestRuleInfo[],
  now: Date,
  aside: { readonly accepted: number; readonly registerUnread?: boolean } = { accepted: 0 },
): DailyDigest {
  const rules = new Map(catalog.map((rule) => [rule.id, rule]));
  const byCriterion = new Map<string, Map<string, OpenFailure[]>>();
  for (const failure of list.failures) {
    const criteria = rules.get(failure.ruleId)?.soc2 ?? [];
    for (const criterion of criteria.length === 0 ? [UNMAPPED_CRITERION] : criteria) {
      const ruleMap = byCriterion.get(criterion) ?? new Map<string, OpenFailure[]>();
      byCriterion.set(criterion, ruleMap);
      ruleMap.set(failure.ruleId, [...(ruleMap.get(failure.ruleId) ?? []), failure]);
    }
  }
  const criteria: DigestCriterion[] = [...byCriterion.entries()]
    .map(([criterion, ruleMap]) => {
      const digestRules: DigestRule[] = [...ruleMap.entries()]
        .map(([ruleId, failures]) => {
          const info = rules.get(ruleId);
          return {
            ruleId,
            title: info?.title ?? ruleId,
            severity: info?.severity ?? failures[0]?.severity ?? 'unknown',
            resources: failures
              .map(toResource)
              .sort(
                (a, b) =>
                  b.evaluatedAt.localeCompare(a.evaluatedAt) || a.resourceId.localeCompare(b.resourceId),
              ),
          };
        })
        .sort(
          (a, b) =>
            severityOrder(a.severity) - severityOrder(b.severity) ||
            b.resources.length - a.resources.length ||
            a.ruleId.localeCompare(b.ruleId),
        );
      const all = [...ruleMap.values()].flat();
      return { criterion, failures: all.length, bySeverity: countBySeverity(all), rules: digestRules };
    })
    .sort(
      (a, b) =>
        criterionOrder(a.criterion) - criterionOrder(b.criterion) || a.criterion.localeCompare(b.criterion),
    );
  return {
    generatedAt: now.toISOString(),
    total: list.failures.length,
    bySeverity: countBySeverity(list.failures),
    resources: new Set(
      list.failures.map((f) => `${f.accountId}#${f.region}#${f.resourceType}#${f.resourceId}`),
    ).size,
    accounts: new Set(list.failures.map((f) => f.accountId)).size,
    criteria,
    malformedRows: list.malformedRows,
    accepted: aside.accepted,
    ...(aside.registerUnread === true ? { registerUnread: true } : {}),
  };
}

/** The digest's lines about failures it does not list, or lists for want of the register. */
function asideNotes(digest: DailyDigest): string[] {
  return [
    ...(digest.accepted > 0
      ? [
          `${plural(digest.accepted, 'failure')} under risk acceptances in force ${digest.accepted === 1 ? 'is' : 'are'} not listed (\`vigil acceptances\`).`,
        ]
      : []),
    ...(digest.registerUnread === true
      ? ['The risk register could not be read: failures under acceptances are listed as open.']
      : []),
  ];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Non-zero severity counts, worst first: `3 critical, 10 high`. */
function severitySummary(bySeverity: Readonly<Record<string, number>>, withEmoji: boolean): string {
  return Object.entries(bySeverity)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => severityOrder(a) - severityOrder(b))
    .map(([severity, count]) =>
      withEmoji ? `${severityStyle(severity).emoji} ${count} ${severity}` : `${count} ${severity}`,
    )
    .join(withEmoji ? '  ·  ' : ', ');
}

function daysOpen(since: string | undefined, now: string): number | undefined {
  if (since === undefined) return undefined;
  const ms = Date.parse(now) - Date.parse(since);
  return Number.isNaN(ms) ? undefined : Math.max(0, Math.floor(ms / 86_400_000));
}

function resourceName(resource: DigestResource): string {
  return resourceLabel({ ...resource });
}

/** Options of {@link digestSlackMessage}. */
export interface DigestSlackOptions {
  /** @default 8 */
  readonly maxRulesPerCriterion?: number;
  /** @default 3 */
  readonly maxResourcesPerRule?: number;
}

/** One criterion as a mrkdwn section: its count, then one bullet per rule with a few linked resources. */
function criterionSection(
  criterion: DigestCriterion,
  digest: DailyDigest,
  options: Required<DigestSlackOptions>,
): SlackBlock {
  const title =
    criterion.criterion === UNMAPPED_CRITERION
      ? 'Rules outside this catalog'
      : escapeMrkdwn(criterion.criterion);
  const head = `*${title}* — ${plural(criterion.failures, 'open failure')}  (${severitySummary(criterion.bySeverity, true)})`;
  const lines = [head];
  let length = head.length;
  let shown = 0;
  for (const rule of criterion.rules.slice(0, options.maxRulesPerCriterion)) {
    const resources = rule.resources.slice(0, options.maxResourcesPerRule).map((resource) => {
      const days = daysOpen(resource.failingSince, digest.generatedAt);
      const label = escapeMrkdwn(resourceName(resource)).replace(/\|/g, '¦');
      return `<${resource.consoleUrl}|${label}>${days === undefined ? '' : ` (${days} d)`}`;
    });
    const more = rule.resources.length - resources.length;
    const line = `• ${severityStyle(rule.severity).emoji} \`${escapeMrkdwn(rule.ruleId)}\` ${escapeMrkdwn(rule.title)} — ${
      rule.resources.length
    }: ${resources.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    // Keep room for the "more rules" line so the section never exceeds Slack's limit.
    if (length + line.length + 1 > SLACK_LIMITS.sectionText - 40) break;
    lines.push(line);
    length += line.length + 1;
    shown += 1;
  }
  const hidden = criterion.rules.length - shown;
  if (hidden > 0) lines.push(`_…and ${plural(hidden, 'more rule')}_`);
  return mrkdwnSection(lines.join('\n'));
}

/** The digest as a Block Kit message: summary first, then one section per SOC 2 criterion. */
export function digestSlackMessage(digest: DailyDigest, options: DigestSlackOptions = {}): SlackMessage {
  const resolved: Required<DigestSlackOptions> = {
    maxRulesPerCriterion: options.maxRulesPerCriterion ?? 8,
    maxResourcesPerRule: options.maxResourcesPerRule ?? 3,
  };
  const day = digest.generatedAt.slice(0, 10);
  const summary =
    digest.total === 0
      ? ':white_check_mark: *No open failures.* Every evaluated resource passes its rules.'
      : `*${plural(digest.total, 'open failure')}* on ${plural(digest.resources, 'resource')} in ${plural(
          digest.accounts,
          'account',
        )}\n${severitySummary(digest.bySeverity, true)}`;
  const notes = [
    'A failure counts under every SOC 2 criterion its rule maps to.',
    ...asideNotes(digest),
    ...(digest.malformedRows > 0
      ? [
          `:warning: ${plural(digest.malformedRows, 'state row')} could not be read and ${digest.malformedRows === 1 ? 'is' : 'are'} not counted.`,
        ]
      : []),
  ];
  const fixed: SlackBlock[] = [
    headerBlock(`:clipboard: Vigil daily digest — ${day}`),
    mrkdwnSection(summary),
    contextBlock(notes),
  ];
  const room = SLACK_LIMITS.blocksPerMessage - fixed.length - 2;
  const sections = digest.criteria
    .slice(0, room)
    .map((criterion) => criterionSection(criterion, digest, resolved));
  const hidden = digest.criteria.length - sections.length;
  const blocks: SlackBlock[] = [
    ...fixed,
    ...(sections.length > 0 ? [{ type: 'divider' } as const, ...sections] : []),
    ...(hidden > 0
      ? [contextBlock([`…and ${hidden} more ${hidden === 1 ? 'criterion' : 'criteria'} in the SNS digest.`])]
      : []),
  ];
  const text =
    digest.total === 0
      ? `Vigil daily digest ${day}: no open failures`
      : `Vigil daily digest ${day}: ${plural(digest.total, 'open failure')} (${severitySummary(digest.bySeverity, false)})`;
  return { text: escapeMrkdwn(text), blocks };
}

/** SNS refuses messages over 256 KB; the text digest stops well before. */
export const DIGEST_TEXT_MAX_CHARS = 200_000;

/** The digest as an SNS subject (≤ 100 ASCII characters) and a plain-text body listing every failure. */
export function digestText(digest: DailyDigest): FormattedAlert {
  const day = digest.generatedAt.slice(0, 10);
  const subject = snsSubject(
    digest.total === 0
      ? `[Vigil] Daily digest ${day}: no open failures`
      : `[Vigil] Daily digest ${day}: ${plural(digest.total, 'open failure')} (${severitySummary(digest.bySeverity, false)})`,
  );
  const lines = [
    `Vigil daily digest, generated ${digest.generatedAt}.`,
    digest.total === 0
      ? 'No open failures: every evaluated resource passes its rules.'
      : `${plural(digest.total, 'open failure')} on ${plural(digest.resources, 'resource')} in ${plural(digest.accounts, 'account')}: ${severitySummary(digest.bySeverity, false)}.`,
    ...(digest.malformedRows > 0
      ? [
          `WARNING: ${plural(digest.malformedRows, 'state row')} could not be read and ${digest.malformedRows === 1 ? 'is' : 'are'} not counted.`,
        ]
      : []),
    ...(digest.total === 0 ? [] : ['A failure counts under every SOC 2 criterion its rule maps to.']),
    ...asideNotes(digest).map((note) => note.replaceAll('`', '')),
  ];
  for (const criterion of digest.criteria) {
    const title =
      criterion.criterion === UNMAPPED_CRITERION ? 'Rules outside this catalog' : criterion.criterion;
    lines.push(
      '',
      `${title}: ${plural(criterion.failures, 'open failure')} (${severitySummary(criterion.bySeverity, false)})`,
    );
    for (const rule of criterion.rules) {
      lines.push(`  [${rule.severity}] ${rule.ruleId}: ${rule.title} (${rule.resources.length})`);
      for (const resource of rule.resources) {
        const days = daysOpen(resource.failingSince, digest.generatedAt);
        lines.push(
          `    - ${resource.accountId} ${resource.region} ${resource.resourceType} ${resourceName(resource)}${
            days === undefined ? '' : `, failing for ${days} d`
          }: ${resource.annotation}`,
          `      ${resource.consoleUrl}`,
        );
      }
    }
  }
  let body = `${lines.join('\n')}\n`;
  if (body.length > DIGEST_TEXT_MAX_CHARS) {
    const cut = body.lastIndexOf('\n', DIGEST_TEXT_MAX_CHARS - 200);
    const omitted = body.slice(cut).split('\n').length - 1;
    body = `${body.slice(0, cut)}\n... ${omitted} more lines omitted (SNS message size limit); run \`vigil\` for the full list.\n`;
  }
  return { subject, body };
}

/** A channel that takes the daily digest. */
export interface DigestPublisher {
  /** Short stable name (`sns`, `slack`). */
  readonly name: string;
  /** @throws when the digest could not be handed over. */
  publishDigest(digest: DailyDigest): Promise<void>;
}

/** What became of the digest on each channel. */
export type DigestOutcome =
  | { readonly channel: string; readonly status: 'delivered' }
  | {
      readonly channel: string;
      readonly status: 'failed';
      readonly error: unknown;
      readonly retryable: boolean;
    };

/** What {@link sendDailyDigest} needs. */
export interface DailyDigestDeps {
  readonly source: OpenFailureSource;
  readonly catalog: readonly DigestRuleInfo[];
  readonly publishers: readonly DigestPublisher[];
  readonly clock: () => Date;
  /**
   * Each channel's alert filters (by publisher name): a channel's digest counts only the failures it would
   * have been alerted about, so a Slack channel filtered to `high` gets no `low` failures in its digest.
   * @default every channel gets every failure
   */
  readonly policies?: Readonly<Partial<Record<string, AlertPolicy>>>;
  /** The risk register: failures under an acceptance in force are set aside, not listed. */
  readonly acceptances?: AcceptanceLookup;
}

/**
 * Sets aside the failures whose newest finding is marked with an acceptance that is still in force at `now`
 * (a lapsed or revoked one no longer mutes its failure, even before the resource is judged again). Without a
 * readable register nothing is set aside.
 */
export async function setAsideAccepted(
  list: OpenFailureList,
  acceptances: AcceptanceLookup | undefined,
  now: Date,
): Promise<{ readonly list: OpenFailureList; readonly accepted: number; readonly registerUnread?: boolean }> {
  if (acceptances === undefined || list.failures.every((failure) => failure.acceptanceId === undefined)) {
    return { list, accepted: 0 };
  }
  let view: RegisterView;
  try {
    view = await acceptances.current();
  } catch {
    return { list, accepted: 0, registerUnread: true };
  }
  const open = list.failures.filter((failure) => {
    const entry = failure.acceptanceId === undefined ? undefined : view.entries.get(failure.acceptanceId);
    return entry === undefined || !inForce(entry, now);
  });
  return { list: { ...list, failures: open }, accepted: list.failures.length - open.length };
}

/** The open failures a channel with `policy` hears about. */
export function filterOpenFailures(list: OpenFailureList, policy: AlertPolicy | undefined): OpenFailureList {
  if (policy === undefined) return list;
  return { ...list, failures: list.failures.filter((failure) => evaluatePolicy(policy, failure).send) };
}

/**
 * Reads the open failures, builds the digest and publishes it on every channel (filtered by the channel's
 * policy); one channel failing does not stop the others, and each outcome is returned with the unfiltered
 * digest.
 * @throws StateStoreError when the open failures cannot be read.
 */
export async function sendDailyDigest(
  deps: DailyDigestDeps,
): Promise<{ readonly digest: DailyDigest; readonly outcomes: readonly DigestOutcome[] }> {
  const now = deps.clock();
  const { list, ...aside } = await setAsideAccepted(
    await deps.source.listOpenFailures(),
    deps.acceptances,
    now,
  );
  const digest = buildDailyDigest(list, deps.catalog, now, aside);
  const outcomes = await Promise.all(
    deps.publishers.map(async (publisher): Promise<DigestOutcome> => {
      const policy = deps.policies?.[publisher.name];
      try {
        await publisher.publishDigest(
          policy === undefined
            ? digest
            : buildDailyDigest(filterOpenFailures(list, policy), deps.catalog, now, aside),
        );
        return { channel: publisher.name, status: 'delivered' };
      } catch (error) {
        return {
          channel: publisher.name,
          status: 'failed',
          error,
          retryable: isRetryableDeliveryError(error),
        };
      }
    }),
  );
  return { digest, outcomes };
}
