import type { SNSClient } from '@aws-sdk/client-sns';
import {
  type DailyDigest,
  type DigestPublisher,
  type DigestSlackOptions,
  digestSlackMessage,
  digestText,
} from './daily-digest';
import type { SlackWebhook } from './slack-webhook';
import { publishToTopic } from './topic-publish';

/**
 * Publishes the digest to the alert topic with message attributes `messageType` = `DAILY_DIGEST` and
 * `openFailures`; subscriptions whose filter policy names alert attributes (`severity`, `rule`, …) do not
 * receive it, unfiltered ones (e-mail) do.
 */
export class SnsDigestPublisher implements DigestPublisher {
  readonly name = 'sns';
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(options: { readonly client: SNSClient; readonly topicArn: string }) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
  }

  async publishDigest(digest: DailyDigest): Promise<void> {
    const { subject, body } = digestText(digest);
    await publishToTopic(
      { client: this.#client, topicArn: this.#topicArn },
      {
        subject,
        body,
        attributes: {
          messageType: { DataType: 'String', StringValue: 'DAILY_DIGEST' },
          openFailures: { DataType: 'Number', StringValue: String(digest.total) },
        },
      },
      { message: 'cannot publish the daily digest', context: { total: digest.total } },
    );
  }
}

/** Posts the digest to Slack as a Block Kit message. */
export class SlackDigestPublisher implements DigestPublisher {
  readonly name = 'slack';
  readonly #webhook: SlackWebhook;
  readonly #options: DigestSlackOptions;

  constructor(options: { readonly webhook: SlackWebhook; readonly format?: DigestSlackOptions }) {
    this.#webhook = options.webhook;
    this.#options = options.format ?? {};
  }

  async publishDigest(digest: DailyDigest): Promise<void> {
    await this.#webhook.send(digestSlackMessage(digest, this.#options));
  }
}
