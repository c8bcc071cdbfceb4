import type { Attestation, Finding } from '#shared/evidence/finding';
import { ruleTitleOf } from '#shared/rules/rule-titles';
import { dayIndex, type Period, periodDays } from './period';
import {
  type AccountSummary,
  type ComplianceSummary,
  type ControlFigures,
  type CriterionSummary,
  type DailyPosture,
  MAX_LISTED_OPEN_FAILURES,
  type OpenFailure,
  type RuleSummary,
  type TimeToRemediate,
} from './summary-types';

export type * from './summary-types';
export { MAX_LISTED_OPEN_FAILURES } from './summary-types';

type Posture = 'C' | 'N' | undefined;

/** Running state of one resource and rule: the only per-finding memory the summary keeps. */
interface PairState {
  readonly ruleId: string;
  readonly resourceKey: string;
  readonly resource: Finding['resource'];
  criteria: readonly string[];
  posture: Posture;
  openSince: number | undefined;
  lastTime: number;
  /** Whether a finding of the period judged it (pairs known only from before the period are not). */
  evaluated: boolean;
}

/** Running counts of one rule or one account. */
interface FigureCounts {
  evaluations: number;
  compliant: number;
  nonCompliant: number;
  notApplicable: number;
  errors: number;
  failures: number;
  remediated: number;
  closedNotApplicable: number;
  durations: number[];
  openAtEnd: number;
}

interface RuleCounts extends FigureCounts {
  ruleId: string;
  title: string;
  severity: string;
  criteria: Set<string>;
  pairs: number;
}

interface AccountCounts extends FigureCounts {
  readonly accountId: string;
  readonly regions: Set<string>;
}

function emptyCounts(): FigureCounts {
  return {
    evaluations: 0,
    compliant: 0,
    nonCompliant: 0,
    notApplicable: 0,
    errors: 0,
    failures: 0,
    remediated: 0,
    closedNotApplicable: 0,
    durations: [],
    openAtEnd: 0,
  };
}

/** Criterion name used for findings whose rule maps to no SOC 2 criterion. */
export const UNMAPPED_CRITERION = '(none)';

/** What the summary reads of a finding (or of one rule of an attestation). */
type SummaryInput = Pick<Finding, 'ruleId' | 'severity' | 'soc2' | 'compliance' | 'resource'> & {
  readonly configurationItem: Pick<Finding['configurationItem'], 'captureTime'>;
};

function pairKeyOf(finding: Pick<Finding, 'resource' | 'ruleId'>): string {
  const { accountId, region, resourceType, resourceId } = finding.resource;
  return `${accountId}\u0000${region}\u0000${resourceType}\u0000${resourceId}\u0000${finding.ruleId}`;
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

function ttrOf(durationsMs: readonly number[]): TimeToRemediate {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const mid = median(sorted);
  const max = sorted[sorted.length - 1];
  return {
    count: sorted.length,
    medianSeconds: mid === null ? null : mid / 1000,
    maxSeconds: max === undefined ? null : max / 1000,
  };
}

function rate(compliant: number, nonCompliant: number): number | null {
  return compliant + nonCompliant === 0 ? null : compliant / (compliant + nonCompliant);
}

/**
 * Builds the summary from findings fed one at a time, oldest first within each resource and rule. It keeps
 * one small running state per resource and rule plus per-day counters, never the findings themselves.
 */
export class SummaryAggregator {
  readonly #period: Period;
  readonly #days: string[];
  readonly #pairs = new Map<string, PairState>();
  readonly #rules = new Map<string, RuleCounts>();
  readonly #accounts = new Map<string, AccountCounts>();
  /** Per criterion, per-day changes of the number of COMPLIANT and NON_COMPLIANT pairs. */
  readonly #postureDelta = new Map<string, { c: Int32Array; n: Int32Array }>();
  readonly #opened: Int32Array;
  readonly #closed: Int32Array;
  readonly #titles: Readonly<Record<string, string>>;
  #findings = 0;
  /** Failures already open when the period began (known from findings added with addPrior). */
  #initialOpen = 0;

  constructor(period: Period, criterionTitles: Readonly<Record<string, string>> = {}) {
    this.#period = period;
    this.#days = periodDays(period);
    this.#opened = new Int32Array(this.#days.length);
    this.#closed = new Int32Array(this.#days.length);
    this.#titles = criterionTitles;
  }

  /** Findings added so far. */
  get findings(): number {
    return this.#findings;
  }

  /** Adds one finding of the period (its verdict at its configuration item's capture time). */
  add(finding: Finding): void {
    this.#apply(finding, false);
  }

  /**
   * Adds an attestation of the period: each rule it names was judged again with an unchanged verdict. It
   * counts as an evaluation (pass rates stay over every evaluation, not only over changes) and, for a pair
   * not yet seen in the bundle (its last change is older than the period and the look-back), sets the
   * posture a finding with that verdict would; for a known pair it changes nothing, the verdict being the same.
   */
  addAttestation(attestation: Attestation): void {
    for (const rule of attestation.rules) {
      this.#apply(
        {
          ruleId: rule.ruleId,
          severity: rule.severity,
          soc2: rule.soc2,
          compliance: rule.compliance,
          resource: attestation.resource,
          configurationItem: { captureTime: attestation.configurationItem.captureTime },
        },
        false,
        false,
      );
    }
  }

  /**
   * Registers an account and region the bundle covers (a digest chain of the period), so the account is
   * listed even when nothing of it was evaluated.
   */
  addCoveredChain(accountId: string, region: string): void {
    this.#account(accountId).regions.add(region);
  }

  /**
   * Adds a finding from before the period: it counts nothing itself but sets the state the period starts
   * from (failures already open, each pair's posture on the first day). Add these before the period's.
   */
  addPrior(finding: Finding): void {
    this.#apply(finding, true);
  }

  #apply(finding: SummaryInput, prior: boolean, isFinding = true): void {
    const time = Date.parse(finding.configurationItem.captureTime);
    const day = prior ? 0 : Math.min(Math.max(dayIndex(this.#period, time), 0), this.#days.length - 1);
    const rule = this.#rule(finding);
    const account = this.#account(finding.resource.accountId);
    const criteria = finding.soc2.length === 0 ? [UNMAPPED_CRITERION] : finding.soc2;
    for (const criterion of criteria) rule.criteria.add(criterion);
    if (!prior) {
      account.regions.add(finding.resource.region);
      if (isFinding) this.#findings++;
      for (const counts of [rule, account]) this.#countOutcome(counts, finding.compliance);
    }

    const key = pairKeyOf(finding);
    let pair = this.#pairs.get(key);
    if (pair === undefined) {
      const { accountId, region, resourceType, resourceId } = finding.resource;
      pair = {
        ruleId: finding.ruleId,
        resourceKey: `${accountId}\u0000${region}\u0000${resourceType}\u0000${resourceId}`,
        resource: finding.resource,
        criteria,
        posture: undefined,
        openSince: undefined,
        lastTime: time,
        evaluated: false,
      };
      this.#pairs.set(key, pair);
    } else if (time < pair.lastTime) {
      // A verdict older than one already applied (an out-of-order delivery): counted, but it cannot
      // change what the resource's state was afterwards.
      return;
    }
    if (!prior && !pair.evaluated) {
      pair.evaluated = true;
      rule.pairs++;
    }
    pair.lastTime = time;
    this.#transition(pair, finding, criteria, [rule, account], day, time, prior);
  }

  #countOutcome(counts: FigureCounts, compliance: Finding['compliance']): void {
    counts.evaluations++;
    switch (compliance) {
      case 'COMPLIANT':
        counts.compliant++;
        break;
      case 'NON_COMPLIANT':
        counts.nonCompliant++;
        break;
      case 'NOT_APPLICABLE':
        counts.notApplicable++;
        break;
      case 'ERROR':
        counts.errors++;
        break;
      default: {
        const unreachable: never = compliance;
        throw new TypeError(`unknown compliance ${String(unreachable)}`);
      }
    }
  }

  #transition(
    pair: PairState,
    finding: SummaryInput,
    criteria: readonly string[],
    counted: readonly FigureCounts[],
    day: number,
    time: number,
    prior: boolean,
  ): void {
    const posture: Posture =
      finding.compliance === 'COMPLIANT'
        ? 'C'
        : finding.compliance === 'NON_COMPLIANT'
          ? 'N'
          : finding.compliance === 'NOT_APPLICABLE'
            ? undefined
            : pair.posture;
    if (posture !== pair.posture || !sameList(criteria, pair.criteria)) {
      this.#shiftPosture(pair.criteria, pair.posture, day, -1);
      this.#shiftPosture(criteria, posture, day, 1);
      pair.posture = posture;
      pair.criteria = criteria;
    }

    if (finding.compliance === 'NON_COMPLIANT' && pair.openSince === undefined) {
      pair.openSince = time;
      if (prior) this.#initialOpen++;
      else {
        for (const counts of counted) counts.failures++;
        this.#opened[day] = (this.#opened[day] ?? 0) + 1;
      }
    } else if (
      (finding.compliance === 'COMPLIANT' || finding.compliance === 'NOT_APPLICABLE') &&
      pair.openSince !== undefined
    ) {
      if (prior) this.#initialOpen--;
      else if (finding.compliance === 'COMPLIANT') {
        // A failure open before the period counts from its real start.
        for (const counts of counted) {
          counts.durations.push(time - pair.openSince);
          counts.remediated++;
        }
      } else for (const counts of counted) counts.closedNotApplicable++;
      if (!prior) this.#closed[day] = (this.#closed[day] ?? 0) + 1;
      pair.openSince = undefined;
    }
  }

  /** The summary of everything added so far. */
  finish(): ComplianceSummary {
    for (const rule of this.#rules.values()) rule.openAtEnd = 0;
    for (const account of this.#accounts.values()) account.openAtEnd = 0;
    const resourcesByRule = new Map<string, number>();
    const resourcesByAccount = new Map<string, Set<string>>();
    const resourcesByCriterion = new Map<string, Set<string>>();
    const allResources = new Set<string>();
    const open: OpenFailure[] = [];
    let openTotal = 0;
    for (const pair of this.#pairs.values()) {
      if (pair.evaluated) {
        allResources.add(pair.resourceKey);
        const accountResources = resourcesByAccount.get(pair.resource.accountId) ?? new Set<string>();
        accountResources.add(pair.resourceKey);
        resourcesByAccount.set(pair.resource.accountId, accountResources);
        resourcesByRule.set(pair.ruleId, (resourcesByRule.get(pair.ruleId) ?? 0) + 1);
        for (const criterion of pair.criteria) {
          const set = resourcesByCriterion.get(criterion) ?? new Set<string>();
          set.add(pair.resourceKey);
          resourcesByCriterion.set(criterion, set);
        }
      }
      if (pair.openSince === undefined) continue;
      openTotal++;
      const rule = this.#rules.get(pair.ruleId);
      if (rule) rule.openAtEnd++;
      const account = this.#account(pair.resource.accountId);
      account.openAtEnd++;
      account.regions.add(pair.resource.region);
      if (open.length < MAX_LISTED_OPEN_FAILURES) {
        const { accountId, region, resourceType, resourceId, resourceName } = pair.resource;
        open.push({
          ruleId: pair.ruleId,
          severity: rule?.severity ?? '',
          accountId,
          region,
          resourceType,
          resourceId,
          ...(resourceName === undefined ? {} : { resourceName }),
          since: new Date(pair.openSince).toISOString(),
        });
      }
    }
    open.sort((a, b) => a.since.localeCompare(b.since) || a.ruleId.localeCompare(b.ruleId));

    const ruleSummaries = new Map<string, RuleSummary>();
    for (const rule of this.#rules.values()) {
      ruleSummaries.set(rule.ruleId, {
        ruleId: rule.ruleId,
        title: rule.title,
        severity: rule.severity,
        ...this.#figures([rule], resourcesByRule.get(rule.ruleId) ?? 0),
      });
    }

    // A rule known only from before the period is shown when it still has failures open.
    const shown = [...this.#rules.values()].filter((rule) => rule.evaluations > 0 || rule.openAtEnd > 0);
    const criterionNames = [...new Set(shown.flatMap((rule) => [...rule.criteria]))].sort(compareCriteria);
    const criteria = criterionNames.map((criterion): CriterionSummary => {
      const rules = shown
        .filter((rule) => rule.criteria.has(criterion))
        .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
      return {
        criterion,
        title: this.#titles[criterion] ?? '',
        ...this.#figures(rules, resourcesByCriterion.get(criterion)?.size ?? 0),
        rules: rules.flatMap((rule) => {
          const summary = ruleSummaries.get(rule.ruleId);
          return summary ? [summary] : [];
        }),
        daily: this.#daily(criterion),
      };
    });

    let openRunning = this.#initialOpen;
    const timeline = this.#days.map((day, index) => {
      const opened = this.#opened[index] ?? 0;
      const closed = this.#closed[index] ?? 0;
      openRunning += opened - closed;
      return { day, opened, closed, open: openRunning };
    });

    // An account is listed when the bundle covers it, or when it still has failures open.
    const accounts = [...this.#accounts.values()]
      .filter((account) => account.regions.size > 0)
      .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
      .map(
        (account): AccountSummary => ({
          accountId: account.accountId,
          regions: [...account.regions].sort(),
          ...this.#figures([account], resourcesByAccount.get(account.accountId)?.size ?? 0),
        }),
      );

    const rules = shown;
    return {
      period: { from: this.#period.from.toISOString(), to: this.#period.to.toISOString() },
      days: this.#days,
      totals: {
        findings: this.#findings,
        rules: rules.length,
        ...this.#figures(rules, allResources.size),
        openFailuresAtEnd: openTotal,
      },
      criteria,
      accounts,
      timeline,
      openFailures: open,
      openFailuresTruncated: openTotal > open.length,
      openFailuresAtStart: this.#initialOpen,
    };
  }

  #rule(finding: Pick<Finding, 'ruleId' | 'severity'>): RuleCounts {
    let rule = this.#rules.get(finding.ruleId);
    if (rule === undefined) {
      rule = {
        ruleId: finding.ruleId,
        title: ruleTitleOf(finding.ruleId),
        severity: finding.severity,
        criteria: new Set(),
        pairs: 0,
        ...emptyCounts(),
      };
      this.#rules.set(finding.ruleId, rule);
    }
    return rule;
  }

  #account(accountId: string): AccountCounts {
    let account = this.#accounts.get(accountId);
    if (account === undefined) {
      account = { accountId, regions: new Set(), ...emptyCounts() };
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  #shiftPosture(criteria: readonly string[], posture: Posture, day: number, by: number): void {
    if (posture === undefined) return;
    for (const criterion of criteria) {
      let delta = this.#postureDelta.get(criterion);
      if (delta === undefined) {
        delta = { c: new Int32Array(this.#days.length), n: new Int32Array(this.#days.length) };
        this.#postureDelta.set(criterion, delta);
      }
      const series = posture === 'C' ? delta.c : delta.n;
      series[day] = (series[day] ?? 0) + by;
    }
  }

  #daily(criterion: string): DailyPosture[] {
    const delta = this.#postureDelta.get(criterion);
    let compliant = 0;
    let nonCompliant = 0;
    return this.#days.map((day, index) => {
      compliant += delta?.c[index] ?? 0;
      nonCompliant += delta?.n[index] ?? 0;
      return { day, compliant, nonCompliant, passRate: rate(compliant, nonCompliant) };
    });
  }

  #figures(rules: readonly FigureCounts[], resourcesEvaluated: number): ControlFigures {
    const sum = (pick: (rule: FigureCounts) => number): number =>
      rules.reduce((total, rule) => total + pick(rule), 0);
    const compliant = sum((rule) => rule.compliant);
    const nonCompliant = sum((rule) => rule.nonCompliant);
    return {
      resourcesEvaluated,
      evaluations: sum((rule) => rule.evaluations),
      compliant,
      nonCompliant,
      notApplicable: sum((rule) => rule.notApplicable),
      errors: sum((rule) => rule.errors),
      passRate: rate(compliant, nonCompliant),
      failures: sum((rule) => rule.failures),
      remediated: sum((rule) => rule.remediated),
      closedNotApplicable: sum((rule) => rule.closedNotApplicable),
      timeToRemediate: ttrOf(rules.flatMap((rule) => rule.durations)),
      openFailuresAtEnd: sum((rule) => rule.openAtEnd),
    };
  }
}

/** CC1.1 < CC1.2 < CC10.1, then A, C, PI (numeric parts compared as numbers). */
function compareCriteria(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
