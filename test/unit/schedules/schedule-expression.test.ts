import { describe, expect, it } from 'vitest';
import {
  formatMinutes,
  longestIntervalMinutes,
  parseScheduleExpression,
  ScheduleExpressionError,
} from '#shared/schedules/schedule-expression';

const FROM = new Date('2026-11-23T12:00:00Z');
const HOUR = 60;
const DAY = 1440;

function longest(expression: string): number | undefined {
  return longestIntervalMinutes(parseScheduleExpression(expression), FROM);
}

describe('parseScheduleExpression / longestIntervalMinutes', () => {
  it.each([
    ['cron(0 5 ? * * *)', DAY],
    ['cron(0 5 * * ? *)', DAY],
    ['cron(0 */12 ? * * *)', 12 * HOUR],
    ['cron(0 0,6,12,18 ? * * *)', 6 * HOUR],
    ['cron(30 1-23/2 ? * * *)', 2 * HOUR],
    ['cron(15 3 ? * MON-FRI *)', 3 * DAY],
    ['cron(0 5 ? * SUN *)', 7 * DAY],
    ['cron(0 5 ? * 1 *)', 7 * DAY],
    ['cron(0 5 1 * ? *)', 31 * DAY],
    ['cron(0 5 1,15 * ? *)', 17 * DAY],
    ['cron(0 5 L * ? *)', 31 * DAY],
    ['cron(0 5 1 JAN ? *)', 366 * DAY],
    ['rate(4 hours)', 4 * HOUR],
    ['rate(10 days)', 10 * DAY],
    ['rate(1 day)', DAY],
    ['rate(30 minutes)', 30],
  ] as const)('%s runs at least every %i minutes', (expression, minutes) => {
    expect(longest(expression)).toBe(minutes);
  });

  it('finds the weekend gap of a weekday-only schedule', () => {
    // Friday 03:15 to Monday 03:15.
    expect(longest('cron(15 3 ? * MON-FRI *)')).toBe(3 * DAY);
  });

  it('handles the last Friday of the month (6L) and the second Tuesday (3#2)', () => {
    const lastFriday = longest('cron(0 0 ? * 6L *)') ?? 0;
    expect(lastFriday).toBeGreaterThanOrEqual(28 * DAY);
    expect(lastFriday).toBeLessThanOrEqual(35 * DAY);
    const secondTuesday = longest('cron(0 0 ? * 3#2 *)') ?? 0;
    expect(secondTuesday).toBeGreaterThanOrEqual(28 * DAY);
    expect(secondTuesday).toBeLessThanOrEqual(35 * DAY);
  });

  it('handles the nearest weekday (15W) and the last weekday (LW)', () => {
    for (const expression of ['cron(0 0 15W * ? *)', 'cron(0 0 LW * ? *)']) {
      const gap = longest(expression) ?? 0;
      expect(gap).toBeGreaterThanOrEqual(26 * DAY);
      expect(gap).toBeLessThanOrEqual(35 * DAY);
    }
  });

  it('reports a schedule limited to years that end inside the window as a long gap', () => {
    expect(longest('cron(0 5 * * ? 2026-2027)')).toBeGreaterThan(365 * DAY);
  });

  it.each(['at(2026-12-01T00:00:00)', 'cron(0 5 * * ? 2020)', 'cron(0 0 29 2 ? 2027)'])(
    '%s does not recur',
    (expression) => {
      expect(longest(expression)).toBeUndefined();
    },
  );

  it.each([
    'daily',
    'cron(0 5 * *)',
    'cron(61 5 * * ? *)',
    'cron(0 5 ? * ? *)',
    'cron(0 5 ? * FUNDAY *)',
    'cron(0 10-5 * * ? *)',
    'cron(0 */0 * * ? *)',
    'rate(5 weeks)',
    'rate(0 days)',
  ])('refuses %s', (expression) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
  });

  it.each([
    [1440, '1 day'],
    [2880, '2 days'],
    [720, '12 hours'],
    [90, '90 minutes'],
  ] as const)('formats %i minutes as %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});
