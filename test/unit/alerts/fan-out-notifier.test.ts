import { describe, expect, it } from 'vitest';
import type { Alert, Notifier } from '#shared/alerts/alert';
import { AlertDeliveryError, FanOutNotifier } from '#shared/alerts/fan-out-notifier';
import { SlackDeliveryError, SlackWebhookConfigError } from '#shared/alerts/slack-webhook';
import { newFailureAlert } from './alert-fixtures';

/** A channel that records what it was sent and fails the first `failures` times with `error`. */
class RecordingNotifier implements Notifier {
  readonly sent: Alert[] = [];
  #failures: number;
  readonly #error: unknown;

  constructor(failures = 0, error: unknown = new Error('socket hang up')) {
    this.#failures = failures;
    this.#error = error;
  }

  async notify(alert: Alert): Promise<void> {
    if (this.#failures > 0) {
      this.#failures -= 1;
      throw this.#error;
    }
    this.sent.push(alert);
  }
}

describe('FanOutNotifier', () => {
  it('applies each channel’s policy: SNS gets everything, Slack only high and above', async () => {
    const sns = new RecordingNotifier();
    const slack = new RecordingNotifier();
    const fanOut = new FanOutNotifier({
      channels: [
        { name: 'sns', notifier: sns },
        { name: 'slack', notifier: slack, policy: { minSeverity: 'high' } },
      ],
    });

    const outcomes = await fanOut.deliver(newFailureAlert({ severity: 'medium' }));
    await fanOut.notify(newFailureAlert({ severity: 'critical' }));

    expect(outcomes).toEqual([
      { channel: 'sns', status: 'delivered' },
      { channel: 'slack', status: 'skipped', reason: 'severity medium is below high' },
    ]);
    expect(sns.sent.map((alert) => alert.severity)).toEqual(['medium', 'critical']);
    expect(slack.sent.map((alert) => alert.severity)).toEqual(['critical']);
  });

  it('reports a failed channel after trying the others, and a retry goes only to the failed one', async () => {
    const sns = new RecordingNotifier();
    const slack = new RecordingNotifier(
      1,
      new SlackDeliveryError('HTTP 503', {
        status: 503,
        attempts: 4,
        waitedMs: 100,
        retryable: true,
        reason: 'attempts-exhausted',
      }),
    );
    const fanOut = new FanOutNotifier({
      channels: [
        { name: 'sns', notifier: sns },
        { name: 'slack', notifier: slack },
      ],
    });
    const alert = newFailureAlert();

    const error = await fanOut.notify(alert).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AlertDeliveryError);
    expect(error).toMatchObject({ failed: ['slack'], delivered: ['sns'], retryable: true });

    await fanOut.notify(alert);
    expect(sns.sent).toHaveLength(1);
    expect(slack.sent).toHaveLength(1);
  });

  it('with failOn retryable, hands a failure no retry can fix to onUndeliverable instead of throwing', async () => {
    const dropped: AlertDeliveryError[] = [];
    const fanOut = new FanOutNotifier({
      channels: [
        { name: 'sns', notifier: new RecordingNotifier() },
        {
          name: 'slack',
          notifier: new RecordingNotifier(1, new SlackWebhookConfigError('secret vigil/slack is not a URL')),
        },
      ],
      failOn: 'retryable',
      onUndeliverable: (error) => dropped.push(error),
    });

    await fanOut.notify(newFailureAlert());

    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ failed: ['slack'], retryable: false });
  });

  it('with failOn retryable still throws on a retryable failure', async () => {
    const fanOut = new FanOutNotifier({
      channels: [{ name: 'sns', notifier: new RecordingNotifier(1) }],
      failOn: 'retryable',
    });

    await expect(fanOut.notify(newFailureAlert())).rejects.toMatchObject({ retryable: true });
  });

  it('refuses two channels with one name', () => {
    const notifier = new RecordingNotifier();
    expect(
      () =>
        new FanOutNotifier({
          channels: [
            { name: 'sns', notifier },
            { name: 'sns', notifier },
          ],
        }),
    ).toThrow('alert channel sns is configured twice');
  });
});
