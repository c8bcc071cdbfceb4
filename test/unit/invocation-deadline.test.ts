import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SETTINGS } from '#shared/aws/client-settings';
import {
  assertTimeLeft,
  DEADLINE_MARGIN_MS,
  InvocationDeadlineError,
  invocationDeadline,
} from '#shared/invocation-deadline';

describe('invocation deadline: start work only while a slow failure still fits', () => {
  it('keeps the worst case of each call that may follow the check, and a margin, in hand', () => {
    expect(invocationDeadline(() => 0, DEFAULT_RETRY_SETTINGS, 2).reserveMs).toBe(
      2 * 18_000 + DEADLINE_MARGIN_MS,
    );
    expect(invocationDeadline(() => 0, DEFAULT_RETRY_SETTINGS, 4).reserveMs).toBe(77_000);
  });

  it.each([
    [41_000, false],
    [40_999, true],
    [60_000, false],
    [0, true],
  ])('with %i ms left of a 41 s reserve, refuses: %s', (left, refuses) => {
    const deadline = invocationDeadline(() => left, DEFAULT_RETRY_SETTINGS, 2);
    const check = () => assertTimeLeft(deadline, 'message m-1');
    if (refuses) expect(check).toThrow(InvocationDeadlineError);
    else expect(check).not.toThrow();
  });

  it('says what was not started and how much time was left', () => {
    const deadline = { remainingMs: () => 1_234, reserveMs: 41_000 };
    expect(() => assertTimeLeft(deadline, 'message m-1')).toThrow(
      expect.objectContaining({
        message: 'not started: message m-1 (too little of the invocation left)',
        context: { remainingMs: 1_234, reserveMs: 41_000 },
      }),
    );
  });

  it('lets everything start without a deadline (tests, the CLI)', () => {
    expect(() => assertTimeLeft(undefined, 'anything')).not.toThrow();
  });
});
