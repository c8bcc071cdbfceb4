import { ExportError } from './errors';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A half-open time range `[from, to)` of configuration-item capture times. */
export interface Period {
  readonly from: Date;
  /** Exclusive end. */
  readonly to: Date;
}

function parseInstant(flag: string, value: string, endOfDay: boolean): Date {
  if (DATE_ONLY.test(value)) {
    const start = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) {
      throw new ExportError(`${flag} '${value}' is not a calendar date`);
    }
    return endOfDay ? new Date(start.getTime() + DAY_MS) : start;
  }
  const date = new Date(value);
  if (!DATE_TIME.test(value) || Number.isNaN(date.getTime())) {
    throw new ExportError(`${flag} '${value}' is not a date (YYYY-MM-DD) or an ISO-8601 time with a zone`);
  }
  return date;
}

/**
 * Reads `--from`/`--to`: a date (UTC; `to` includes its whole day) or an ISO-8601 time with a zone.
 * @throws ExportError when a value is not a date or the period is empty.
 */
export function parsePeriod(from: string, to: string): Period {
  const period = { from: parseInstant('--from', from, false), to: parseInstant('--to', to, true) };
  if (period.to.getTime() <= period.from.getTime()) {
    throw new ExportError(`the period is empty: --to ${to} is not after --from ${from}`);
  }
  return period;
}

/** The calendar month before `now` (UTC), for the monthly export. */
export function previousMonth(now: Date): Period {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 1, 1));
  return { from, to };
}

/** The UTC days the period touches, as `YYYY-MM-DD`, in order. */
export function periodDays(period: Period): string[] {
  const days: string[] = [];
  const first = Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), period.from.getUTCDate());
  for (let time = first; time < period.to.getTime(); time += DAY_MS) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

/** Index of the UTC day of `time` among `periodDays(period)` (may fall outside for times outside it). */
export function dayIndex(period: Period, time: number): number {
  const first = Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), period.from.getUTCDate());
  return Math.floor((time - first) / DAY_MS);
}

/** Whether a time lies in the period. */
export function inPeriod(period: Period, time: number): boolean {
  return time >= period.from.getTime() && time < period.to.getTime();
}
