import { describe, expect, it } from 'vitest';
import { nextDelayMs, parseRetryAfter, RetryError, type RetryPolicy, withRetry } from '#shared/alerts/retry';

const POLICY: RetryPolicy = { maxAttempts: 4, maxTotalWaitMs: 10_000, baseDelayMs: 500, maxDelayMs: 3_000 };

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');

  it.each([
    ['1', 1_000],
    [' 30 ', 30_000],
    ['0', 0],
    ['Mon, 23 Nov 2026 10:00:05 GMT', 5_000],
    ['Mon, 23 Nov 2026 09:59:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([null, undefined, '', 'soon', '-5', '1.5', 'Someday, 99 Nov 2026'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('nextDelayMs', () => {
  it('waits at least Retry-After, with at most 10 % (capped at 1 s) on top', () => {
    expect(nextDelayMs(1, { afterMs: 1_000 }, POLICY, () => 0)).toBe(1_000);
    expect(nextDelayMs(1, { afterMs: 1_000 }, POLICY, () => 0.999_999)).toBe(1_100);
    expect(nextDelayMs(1, { afterMs: 60_000 }, POLICY, () => 0.999_999)).toBe(61_000);
  });

  it('doubles the backoff step per attempt up to the cap, with full jitter', () => {
    const full = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((attempt) => nextDelayMs(attempt, {}, POLICY, full))).toEqual([
      500, 1_000, 2_000, 3_000, 3_000,
    ]);
    expect(nextDelayMs(3, {}, POLICY, () => 0.25)).toBe(500);
  });
});

describe('withRetry', () => {
  function failing(
    times: number,
    error: unknown = new Error('503'),
  ): { calls: number; run: () => Promise<string> } {
    const state = {
      calls: 0,
      run: async () => {
        state.calls += 1;
        if (state.calls <= times) throw error;
        return 'ok';
      },
    };
    return state;
  }

  it('retries until success and sleeps the computed delays', async () => {
    const sleeps: number[] = [];
    const op = failing(2);
    const result = await withRetry(op.run, () => ({ retry: true }), POLICY, {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.999_999,
    });
    expect(result).toBe('ok');
    expect(op.calls).toBe(3);
    expect(sleeps).toEqual([500, 1_000]);
  });

  it('stops at once on an error classified as final', async () => {
    const op = failing(5);
    const error = await withRetry(op.run, () => ({ retry: false }), POLICY, { sleep: async () => {} }).catch(
      (caught: unknown) => caught,
    );
    expect(op.calls).toBe(1);
    expect(error).toBeInstanceOf(RetryError);
    expect(error).toMatchObject({ attempts: 1, reason: 'not-retryable' });
  });

  it('gives up after maxAttempts', async () => {
    const op = failing(10);
    const error = await withRetry(op.run, () => ({ retry: true }), POLICY, { sleep: async () => {} }).catch(
      (caught: unknown) => caught,
    );
    expect(op.calls).toBe(4);
    expect(error).toMatchObject({ attempts: 4, reason: 'attempts-exhausted' });
    expect((error as RetryError).cause).toEqual(new Error('503'));
  });

  it('never starts a wait that would overrun the budget', async () => {
    const sleeps: number[] = [];
    const op = failing(10);
    const error = await withRetry(op.run, () => ({ retry: true, afterMs: 6_000 }), POLICY, {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
    }).catch((caught: unknown) => caught);
    expect(sleeps).toEqual([6_000]);
    expect(error).toMatchObject({ attempts: 2, waitedMs: 6_000, reason: 'wait-budget-exhausted' });
  });
});
