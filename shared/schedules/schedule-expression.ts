/**
 * AWS schedule expressions (`cron(...)`, `rate(...)`, `at(...)`) as AWS Backup, Secrets Manager and
 * EventBridge write them, and the longest interval between two runs of a schedule.
 *
 * Cron has six fields, `minutes hours day-of-month month day-of-week year`, evaluated in UTC. Supported:
 * `*`, `?`, numbers, `a-b` ranges, `a,b` lists, `x/n` steps, month names (`JAN`-`DEC`), day names
 * (`SUN`-`SAT`, Sunday = 1), `L` (last day of month, or `nL` the last weekday n of the month), `W`
 * (`nW` nearest weekday, `LW` last weekday) and `#` (`n#k`, the k-th weekday n). When one of
 * day-of-month / day-of-week is `?` the other decides; when both are restricted, a day matching either
 * runs (the Unix convention). Time-zone offsets (`ScheduleExpressionTimezone`) only shift runs, so they
 * do not change intervals except across daylight-saving changes, which are ignored.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html#plan-options-and-configuration
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html
 */
import { VigilError } from '#shared/errors';

/** A schedule expression is not one AWS would accept (or uses syntax Vigil does not read). */
export class ScheduleExpressionError extends VigilError {
  override readonly name: string = 'ScheduleExpressionError';
}

/** The six parsed fields of a cron expression. */
export interface CronSchedule {
  readonly kind: 'cron';
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** Undefined when the field is `*` (every year). */
  readonly years: ReadonlySet<number> | undefined;
  /** Whether a given UTC day runs, from the day-of-month and day-of-week fields. */
  readonly dayMatches: (year: number, month: number, day: number) => boolean;
}

/** A parsed schedule. `at(...)` runs once, so it has no interval. */
export type Schedule =
  | CronSchedule
  | { readonly kind: 'rate'; readonly expression: string; readonly intervalMinutes: number }
  | { readonly kind: 'at'; readonly expression: string };

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const RATE_UNITS: Readonly<Record<string, number>> = {
  minute: 1,
  minutes: 1,
  hour: 60,
  hours: 60,
  day: 1440,
  days: 1440,
};

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Value of the first name (`JAN` = 1, `SUN` = 1). */
  readonly nameBase?: number;
}

const MINUTES: FieldSpec = { label: 'minutes', min: 0, max: 59 };
const HOURS: FieldSpec = { label: 'hours', min: 0, max: 23 };
const DAYS_OF_MONTH: FieldSpec = { label: 'day-of-month', min: 1, max: 31 };
const MONTHS: FieldSpec = { label: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 };
const DAYS_OF_WEEK: FieldSpec = { label: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, nameBase: 1 };
const YEARS: FieldSpec = { label: 'year', min: 1970, max: 2199 };

function fail(expression: string, reason: string): ScheduleExpressionError {
  return new ScheduleExpressionError(`schedule expression "${expression}": ${reason}`, {
    context: { expression },
  });
}

function parseValue(token: string, spec: FieldSpec, expression: string): number {
  const upper = token.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (spec.nameBase ?? 0);
  if (!/^\d+$/.test(token)) throw fail(expression, `${spec.label} value "${token}" is not a number`);
  const value = Number(token);
  if (value < spec.min || value > spec.max) {
    throw fail(expression, `${spec.label} value ${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

/** Expands `*`, numbers, ranges, lists and steps of one field into its set of values. */
function parseSet(field: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    if (part === '') throw fail(expression, `empty list item in ${spec.label} "${field}"`);
    const [range = '', stepText, ...extra] = part.split('/');
    if (extra.length > 0) throw fail(expression, `${spec.label} "${part}" has more than one step`);
    let low: number;
    let high: number;
    if (range === '*') {
      low = spec.min;
      high = spec.max;
    } else if (range.includes('-')) {
      const [from = '', to = ''] = range.split('-');
      low = parseValue(from, spec, expression);
      high = parseValue(to, spec, expression);
      if (high < low) throw fail(expression, `${spec.label} range "${range}" runs backwards`);
    } else {
      low = parseValue(range, spec, expression);
      high = stepText === undefined ? low : spec.max;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw fail(expression, `${spec.label} step "${stepText}" is invalid`);
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of week of a date, Sunday = 1 … Saturday = 7, as cron counts. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function isWeekday(year: number, month: number, day: number): boolean {
  const dow = weekday(year, month, day);
  return dow !== 1 && dow !== 7;
}

/** The weekday nearest to `target` in the month, never crossing into another month (cron `W`). */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = daysInMonth(year, month);
  const day = Math.min(target, last);
  const dow = weekday(year, month, day);
  if (dow === 7) return day === 1 ? day + 2 : day - 1;
  if (dow === 1) return day === last ? day - 2 : day + 1;
  return day;
}

type DayTest = (year: number, month: number, day: number) => boolean;

function parseDayOfMonth(field: string, expression: string): DayTest | undefined {
  if (field === '?') return undefined;
  const upper = field.toUpperCase();
  if (upper === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (upper === 'LW') {
    return (y, m, d) => {
      let last = daysInMonth(y, m);
      while (!isWeekday(y, m, last)) last--;
      return d === last;
    };
  }
  const nearest = /^(\d+)W$/.exec(upper);
  if (nearest) {
    const target = parseValue(nearest[1] ?? '', DAYS_OF_MONTH, expression);
    return (y, m, d) => d === nearestWeekday(y, m, target);
  }
  const days = parseSet(field, DAYS_OF_MONTH, expression);
  return (_y, _m, d) => days.has(d);
}

function parseDayOfWeek(field: string, expression: string): DayTest | undefined {
  if (field === '?') return undefined;
  const upper = field.toUpperCase();
  if (upper === 'L') return (y, m, d) => weekday(y, m, d) === 7;
  const lastOf = /^(\w+)L$/.exec(upper);
  if (lastOf) {
    const dow = parseValue(lastOf[1] ?? '', DAYS_OF_WEEK, expression);
    return (y, m, d) => weekday(y, m, d) === dow && d + 7 > daysInMonth(y, m);
  }
  const nth = /^(\w+)#([1-5])$/.exec(upper);
  if (nth) {
    const dow = parseValue(nth[1] ?? '', DAYS_OF_WEEK, expression);
    const n = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === dow && Math.ceil(d / 7) === n;
  }
  const days = parseSet(field, DAYS_OF_WEEK, expression);
  return (y, m, d) => days.has(weekday(y, m, d));
}

function parseCron(body: string, expression: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw fail(expression, `cron needs 6 fields, got ${fields.length}`);
  const [minutes = '', hours = '', dom = '', month = '', dow = '', year = ''] = fields;
  const byMonthDay = parseDayOfMonth(dom, expression);
  const byWeekDay = parseDayOfWeek(dow, expression);
  let dayMatches: DayTest;
  if (byMonthDay === undefined && byWeekDay === undefined) {
    throw fail(expression, 'day-of-month and day-of-week cannot both be "?"');
  } else if (byMonthDay === undefined || dom === '*') {
    dayMatches = byWeekDay ?? (() => true);
  } else if (byWeekDay === undefined || dow === '*') {
    dayMatches = byMonthDay;
  } else {
    const either = byWeekDay;
    dayMatches = (y, m, d) => byMonthDay(y, m, d) || either(y, m, d);
  }
  return {
    kind: 'cron',
    expression,
    minutes: parseSet(minutes, MINUTES, expression),
    hours: parseSet(hours, HOURS, expression),
    months: parseSet(month, MONTHS, expression),
    years: year === '*' ? undefined : parseSet(year, YEARS, expression),
    dayMatches,
  };
}

/**
 * Parses `cron(...)`, `rate(n unit)` or `at(...)`.
 * @throws ScheduleExpressionError when the expression is malformed.
 */
export function parseScheduleExpression(expression: string): Schedule {
  const match = /^\s*(cron|rate|at)\((.*)\)\s*$/i.exec(expression);
  if (!match) throw fail(expression, 'expected cron(...), rate(...) or at(...)');
  const kind = (match[1] ?? '').toLowerCase();
  const body = match[2] ?? '';
  if (kind === 'at') return { kind: 'at', expression };
  if (kind === 'rate') {
    const rate = /^\s*(\d+)\s+([a-z]+)\s*$/i.exec(body);
    const unit = RATE_UNITS[(rate?.[2] ?? '').toLowerCase()];
    const value = Number(rate?.[1]);
    if (!rate || unit === undefined || value < 1)
      throw fail(expression, 'expected rate(<n> minutes|hours|days)');
    return { kind: 'rate', expression, intervalMinutes: value * unit };
  }
  return parseCron(body, expression);
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Four years, so leap days and yearly schedules recur inside the window at least once. */
const WINDOW_DAYS = 4 * 365 + 1;

/**
 * The longest time, in minutes, between two consecutive runs of a schedule over the four years from
 * the start of `from`'s year (UTC), counting the time from the last run to the end of that window so a
 * schedule that stops (a year-limited cron) shows a long gap. Undefined when the schedule runs at most
 * once in the window (`at(...)`, a cron for a past or single year): it does not recur.
 */
export function longestIntervalMinutes(schedule: Schedule, from: Date): number | undefined {
  if (schedule.kind === 'rate') return schedule.intervalMinutes;
  if (schedule.kind === 'at') return undefined;
  // Walking four years of days costs ~0.5 ms, and most plans share a handful of expressions.
  const key = `${from.getUTCFullYear()}|${schedule.expression}`;
  if (longestIntervalCache.has(key)) return longestIntervalCache.get(key);
  if (longestIntervalCache.size >= 1_000) longestIntervalCache.clear();
  const longest = longestCronInterval(schedule, from);
  longestIntervalCache.set(key, longest);
  return longest;
}

const longestIntervalCache = new Map<string, number | undefined>();

function longestCronInterval(schedule: CronSchedule, from: Date): number | undefined {
  const start = Date.UTC(from.getUTCFullYear(), 0, 1);
  const end = start + WINDOW_DAYS * DAY_MS;
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  const hours = [...schedule.hours].sort((a, b) => a - b);
  let previous: number | undefined;
  let runs = 0;
  let longest = 0;
  for (let dayStart = start; dayStart < end; dayStart += DAY_MS) {
    const date = new Date(dayStart);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (schedule.years !== undefined && !schedule.years.has(year)) continue;
    if (!schedule.months.has(month) || !schedule.dayMatches(year, month, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const run = dayStart + (hour * 60 + minute) * MINUTE_MS;
        if (previous !== undefined) longest = Math.max(longest, run - previous);
        previous = run;
        runs++;
      }
    }
  }
  if (previous === undefined || runs < 2) return undefined;
  longest = Math.max(longest, end - previous);
  return longest / MINUTE_MS;
}

/** Formats a number of minutes as the largest whole unit that fits: `1 day`, `36 hours`, `15 minutes`. */
export function formatMinutes(minutes: number): string {
  const plural = (value: number, unit: string) => `${value} ${unit}${value === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(Math.round(minutes), 'minute');
}
