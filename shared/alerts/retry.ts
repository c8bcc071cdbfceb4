import { setTimeout as delay } from 'node:timers/promises';
import { NotifierError } from './errors';

/** How hard to retry a failed delivery before giving up. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = never retry). */
  readonly maxAttempts: number;
  /** Upper bound of the time spent waiting between attempts, all waits together. */
  readonly maxTotalWaitMs: number;
  /** First backoff step when the server gives no `Retry-After`; it doubles per attempt. */
  readonly baseDelayMs: number;
  /** Largest single backoff step (before jitter) when the server gives no `Retry-After`. */
  readonly maxDelayMs: number;
}

/**
 * Defaults sized for a Lambda that alerts inline: 4 attempts and at most 20 s of waiting, so a throttled
 * channel fails fast enough for the caller's own retry (SQS redrive) to take over.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalWaitMs: 20_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/** What to do after a failed attempt: give up, or try again (no sooner than `afterMs` when the server said so). */
export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly afterMs?: number };

/** Why the last attempt was not retried. */
export type GiveUpReason = 'not-retryable' | 'attempts-exhausted' | 'wait-budget-exhausted';

/** A retry about to happen, for logging. */
export interface RetryNotice {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** Hooks of {@link withRetry}; tests replace the clock, the sleep and the random source. */
export interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  readonly random?: () => number;
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** A retried operation failed for good; `cause` is its last error. */
export class RetryError extends NotifierError {
  override readonly name: string = 'RetryError';
  readonly attempts: number;
  readonly waitedMs: number;
  readonly reason: GiveUpReason;

  constructor(lastError: unknown, attempts: number, waitedMs: number, reason: GiveUpReason) {
    super(`gave up after ${attempts} attempt(s) and ${waitedMs} ms of waiting (${reason})`, {
      cause: lastError,
      context: { attempts, waitedMs, reason },
    });
    this.attempts = attempts;
    this.waitedMs = waitedMs;
    this.reason = reason;
  }
}

/**
 * The wait before the next attempt: the server's `Retry-After` plus up to 10 % jitter (never less than it
 * asked), or else exponential backoff with full jitter.
 */
export function nextDelayMs(
  attempt: number,
  decision: { readonly afterMs?: number },
  policy: RetryPolicy,
  random: () => number,
): number {
  if (decision.afterMs !== undefined) {
    return Math.ceil(decision.afterMs + random() * Math.min(decision.afterMs * 0.1, 1_000));
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.ceil(random() * step);
}

/**
 * Runs `operation` until it succeeds, `classify` says an error is final, or the policy's attempts or wait
 * budget run out; a wait that would overrun the budget is not started.
 * @throws RetryError wrapping the last error.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? ((ms: number) => delay(ms));
  const random = hooks.random ?? Math.random;
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry) throw new RetryError(error, attempt, waitedMs, 'not-retryable');
      if (attempt >= policy.maxAttempts) throw new RetryError(error, attempt, waitedMs, 'attempts-exhausted');
      const delayMs = nextDelayMs(attempt, decision, policy, random);
      if (waitedMs + delayMs > policy.maxTotalWaitMs) {
        throw new RetryError(error, attempt, waitedMs, 'wait-budget-exhausted');
      }
      hooks.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
      waitedMs += delayMs;
    }
  }
}

/**
 * Reads an HTTP `Retry-After` header (delay in seconds, or an HTTP date) as milliseconds from `now`;
 * `undefined` when absent or unreadable.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: Date = new Date(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10) * 1_000;
  // Anything else must be an HTTP date (it names a weekday or month); Date.parse would read "1.5" as 2001.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
