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

/**
 * Sends each alert to every channel whose policy accepts it, all at once; one channel failing never stops
 * the others, and the failure is reported back (per channel) so the caller can retry or dead-letter it.
 */
export class FanOutNotifier implements Notifier {
  readonly channels: readonly AlertChannel[];

  constructor(options: { readonly channels: readonly AlertChannel[] }) {
    const names = options.channels.map((channel) => channel.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) {
      throw new NotifierError(`alert channel ${duplicate} is configured twice`, {
        context: { channel: duplicate },
      });
    }
    this.channels = options.channels;
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
   * Delivers to every channel.
   * @throws AlertDeliveryError when at least one channel failed (after all were tried).
   */
  async notify(alert: Alert): Promise<void> {
    const outcomes = await this.deliver(alert);
    if (outcomes.some((outcome) => outcome.status === 'failed'))
      throw new AlertDeliveryError(alert, outcomes);
  }
}
