import type { Alert, Notifier } from './alert';
import { slackAlertMessage } from './slack-format';
import type { SlackWebhook } from './slack-webhook';

/** Posts alerts to Slack as Block Kit messages through an incoming webhook whose URL lives in a secret. */
export class SlackNotifier implements Notifier {
  readonly #webhook: SlackWebhook;

  constructor(options: { readonly webhook: SlackWebhook }) {
    this.#webhook = options.webhook;
  }

  /**
   * Sends one alert.
   * @throws SlackDeliveryError (retryable or not), SlackWebhookConfigError or SecretError.
   */
  async notify(alert: Alert): Promise<void> {
    await this.#webhook.send(slackAlertMessage(alert));
  }
}
