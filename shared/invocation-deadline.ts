import { type RetrySettings, worstCaseCallMs } from '#shared/aws/client-settings';
import { VigilError } from '#shared/errors';

/** Work was not started because too little of the invocation was left to finish it; it is retried later. */
export class InvocationDeadlineError extends VigilError {
  override readonly name: string = 'InvocationDeadlineError';
}

/** When a handler stops starting work, so that it returns before its Lambda timeout. */
export interface InvocationDeadline {
  /** Milliseconds left in the invocation (Lambda's `context.getRemainingTimeInMillis()`). */
  readonly remainingMs: () => number;
  /** Work starts only while at least this much is left: room for it and for what must follow it. */
  readonly reserveMs: number;
}

/** Time kept in hand on top of the worst-case calls (logging, metrics, the handler's own return). */
export const DEADLINE_MARGIN_MS = 5_000;

/**
 * A deadline that starts work only while `calls` SDK calls could still each run their worst case
 * ({@link worstCaseCallMs}) and leave {@link DEADLINE_MARGIN_MS}: `calls` counts the calls that may each
 * give up after the check without ending the work early (the work itself, and what follows it anyway).
 */
export function invocationDeadline(
  remainingMs: () => number,
  retry: RetrySettings,
  calls: number,
): InvocationDeadline {
  return { remainingMs, reserveMs: calls * worstCaseCallMs(retry) + DEADLINE_MARGIN_MS };
}

/** @throws InvocationDeadlineError naming `what` when less than the deadline's reserve is left. */
export function assertTimeLeft(deadline: InvocationDeadline | undefined, what: string): void {
  if (deadline === undefined) return;
  const remainingMs = deadline.remainingMs();
  if (remainingMs >= deadline.reserveMs) return;
  throw new InvocationDeadlineError(`not started: ${what} (too little of the invocation left)`, {
    context: { remainingMs, reserveMs: deadline.reserveMs },
  });
}
