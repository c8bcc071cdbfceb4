import { describe, expect, it } from 'vitest';
import { ExportError } from '#shared/export/errors';
import { dayIndex, parsePeriod, periodDays } from '#shared/export/period';

describe('parsePeriod', () => {
  it('reads dates as whole UTC days, the end day included', () => {
    const period = parsePeriod('2026-10-01', '2026-10-31');
    expect(period.from.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(period.to.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(periodDays(period)).toHaveLength(31);
  });

  it('reads ISO times with a zone as exact instants', () => {
    const period = parsePeriod('2026-10-01T12:00:00+02:00', '2026-10-02T06:00:00Z');
    expect(period.from.toISOString()).toBe('2026-10-01T10:00:00.000Z');
    expect(periodDays(period)).toEqual(['2026-10-01', '2026-10-02']);
    expect(dayIndex(period, Date.parse('2026-10-02T05:00:00Z'))).toBe(1);
  });

  it.each([
    ['2026-02-30', '2026-03-01'],
    ['yesterday', '2026-03-01'],
    ['2026-03-01T10:00:00', '2026-03-02'],
    ['2026-03-02', '2026-03-01'],
  ])('refuses --from %s --to %s', (from, to) => {
    expect(() => parsePeriod(from, to)).toThrow(ExportError);
  });
});
