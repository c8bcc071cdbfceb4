import { SecretNotFoundError, SecretValueError } from '#shared/secrets/errors';
import type { Alert, Notifier } from './alert';
import { ALLOW_ALL_ALERTS, type AlertPolicy, evaluatePolicy } from './alert-policy';
import { NotifierError } from './errors';
import { SlackWebhookConfigError } from './slack-webhook';

/** One place alerts go, with the policy deciding which alerts it receives. */
export interface AlertChannel {
  /** Short stable name (`sns`, `slack`), used in logs, metrics and delivery outcomes. */
  readonly name: string;
  readonly notifier: Notifier;
  /** @default ALLOW_ALL_ALERTS */
  readonly policy?: AlertPolicy;
}

/** What became of an alert on one channel. */
export type ChannelOutcome =
  | { readonly channel: string; readonly status: 'delivered' }
  | { readonly channel: string; readonly status: 'skipped'; readonly reason: string }
  | {
      readonly channel: string;
      readonly status: 'failed';
      readonly error: unknown;
      readonly retryable: boolean;
    };

/**
 * Whether trying a failed delivery again later may succeed: errors that say so (`retryable`) are trusted;
 * a missing or malformed webhook secret is not retryable; anything else (AWS and network errors) is.
 */
export function isRetryableDeliveryError(error: unknown): boolean {
  if (
    typeof error === 'object' &&
    error !== null &&
    'retryable' in error &&
    typeof error.retryable === 'boolean'
  ) {
    return error.retryable;
  }
  return !(
    error instanceof SlackWebhookConfigError ||
    error instanceof SecretNotFoundError ||
    error instanceof SecretValueError
  );
}

/** Some channels failed to take an alert; the others (listed in `delivered`) did. */
export class AlertDeliveryError extends NotifierError {
  override readonly name: string = 'AlertDeliveryError';
  readonly outcomes: readonly ChannelOutcome[];
  /** Channels that took the alert: leave them out of a retry to avoid duplicates. */
  readonly delivered: readonly string[];
  readonly failed: readonly string[];
  /** Whether some failed channel may take the alert on a later try. */
  readonly retryable: boolean;

  constructor(alert: Alert, outcomes: readonly ChannelOutcome[]) {
    const failures = outcomes.filter((outcome) => outcome.status === 'failed');
    const failed = failures.map((outcome) => outcome.channel);
    const delivered = outcomes
      .filter((outcome) => outcome.status === 'delivered')
      .map((outcome) => outcome.channel);
    const retryable = failures.some((outcome) => outcome.retryable);
    const first = failures[0]?.error;
    super(
      `alert for ${alert.ruleId} on ${alert.resource.resourceId} failed on ${failed.join(', ')}: ${
        first instanceof Error ? first.message : String(first)
      }`,
      {
        cause: first,
        context: {
          ruleId: alert.ruleId,
          resourceId: alert.resource.resourceId,
          failed,
          delivered,
          retryable,
        },
      },
    );
    this.outcomes = outcomes;
    this.delivered = delivered;
    this.failed = failed;
    this.retryable = retryable;
  }
}

/** Options of one fan-out delivery. */
export interface DeliverOptions {
  /** Send only to these channels (e.g. the ones that failed last time). */
  readonly only?: readonly string[];
}

/** Options of {@link FanOutNotifier}. */
export interface FanOutNotifierOptions {
  readonly channels: readonly AlertChannel[];
  /**
   * Which failures make `notify` throw (so the caller retries the alert): `any`, or only `retryable` ones,
   * in which case a failure no retry can fix (a malformed webhook secret, a refused payload) goes to
   * `onUndeliverable` and the alert counts as handled.
   * @default 'any'
   */
  readonly failOn?: 'any' | 'retryable';
  /** Told about alerts some channel could not take and that will not be retried. */
  readonly onUndeliverable?: (error: AlertDeliveryError) => void;
  /**
   * How many alerts' per-channel deliveries are remembered, so a retried alert skips the channels that
   * already took it (no duplicate e-mail when only Slack failed).
   * @default 1000
   */
  readonly rememberDeliveries?: number;
}

/** The identity of an alert across retries: its evidence and kind. */
function deliveryKey(alert: Alert): string {
  return `${alert.transition}#${alert.evidence.key}#${alert.evidence.hash}`;
}

/**
 * Sends each alert to every channel whose policy accepts it, all at once; one channel failing never stops
 * the others, and the failure is reported back (per channel) so the caller can retry or dead-letter it.
 * A retry of the same alert (same evidence and kind) in this container goes only to the channels that have
 * not taken it yet.
 */
export class FanOutNotifier implements Notifier {
  readonly channels: readonly AlertChannel[];
  readonly #failOn: 'any' | 'retryable';
  readonly #onUndeliverable: ((error: AlertDeliveryError) => void) | undefined;
  readonly #remember: number;
  /** Channels that already took an alert still being retried, oldest first. */
  readonly #delivered = new Map<string, Set<string>>();

  constructor(options: FanOutNotifierOptions) {
    const names = options.channels.map((channel) => channel.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) {
      throw new NotifierError(`alert channel ${duplicate} is configured twice`, {
        context: { channel: duplicate },
      });
    }
    this.channels = options.channels;
    this.#failOn = options.failOn ?? 'any';
    this.#onUndeliverable = options.onUndeliverable;
    this.#remember = options.rememberDeliveries ?? 1_000;
  }

  /** Delivers to every selected channel and reports each outcome; never throws. */
  async deliver(alert: Alert, options: DeliverOptions = {}): Promise<ChannelOutcome[]> {
    return Promise.all(
      this.channels.map(async (channel): Promise<ChannelOutcome> => {
        if (options.only !== undefined && !options.only.includes(channel.name)) {
          return { channel: channel.name, status: 'skipped', reason: 'not selected for this delivery' };
        }
        const verdict = evaluatePolicy(channel.policy ?? ALLOW_ALL_ALERTS, alert);
        if (!verdict.send) return { channel: channel.name, status: 'skipped', reason: verdict.reason };
        try {
          await channel.notifier.notify(alert);
          return { channel: channel.name, status: 'delivered' };
        } catch (error) {
          return {
            channel: channel.name,
            status: 'failed',
            error,
            retryable: isRetryableDeliveryError(error),
          };
        }
      }),
    );
  }

  /**
   * Delivers to every channel that has not taken this alert yet.
   * @throws AlertDeliveryError when a channel failed (after all were tried); with `failOn: 'retryable'`,
   * only when some failure is retryable.
   */
  async notify(alert: Alert): Promise<void> {
    const key = deliveryKey(alert);
    const done = this.#delivered.get(key) ?? new Set<string>();
    const pending = this.channels.map((channel) => channel.name).filter((name) => !done.has(name));
    const outcomes = await this.deliver(alert, { only: pending });
    const failed = outcomes.some((outcome) => outcome.status === 'failed');
    if (!failed) {
      this.#delivered.delete(key);
      return;
    }
    for (const outcome of outcomes) if (outcome.status === 'delivered') done.add(outcome.channel);
    const error = new AlertDeliveryError(alert, outcomes);
    if (this.#failOn === 'retryable' && !error.retryable) {
      this.#delivered.delete(key);
      this.#onUndeliverable?.(error);
      return;
    }
    this.#delivered.delete(key);
    this.#delivered.set(key, done);
    while (this.#delivered.size > this.#remember) {
      const oldest = this.#delivered.keys().next();
      if (oldest.done === true) break;
      this.#delivered.delete(oldest.value);
    }
    throw error;
  }
}
