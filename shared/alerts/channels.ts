import type { SNSClient } from '@aws-sdk/client-sns';
import type { SecretReader } from '#shared/secrets/secret-reader';
import { SecurityHubNotifier } from '#shared/securityhub/notifier';
import type { SecurityHubPublisher } from '#shared/securityhub/publisher';
import { ALLOW_ALL_ALERTS, type ChannelPolicies } from './alert-policy';
import { type AlertChannel, FanOutNotifier, type FanOutNotifierOptions } from './fan-out-notifier';
import type { RetryPolicy } from './retry';
import { SlackNotifier } from './slack-notifier';
import { type DeliveryLog, SlackWebhook } from './slack-webhook';
import { SnsNotifier } from './sns-notifier';

/** What the alert channels of one container are built from. */
export interface AlertChannelSettings {
  readonly sns: { readonly client: SNSClient; readonly topicArn: string };
  /** Slack through an incoming webhook; leave out to alert on SNS only. */
  readonly slack?: {
    readonly secrets: SecretReader;
    readonly secretId: string;
    readonly retry?: RetryPolicy;
    readonly timeoutMs?: number;
  };
  /**
   * AWS Security Hub, importing each status change as an ASFF finding under `productArn`; leave out for
   * none. It takes every alert (the alert policies are for people; Security Hub keeps the whole posture).
   */
  readonly securityHub?: { readonly publisher: SecurityHubPublisher; readonly productArn: string };
  /** @default every channel gets every alert */
  readonly policies?: ChannelPolicies;
  readonly log?: DeliveryLog;
  /** See {@link FanOutNotifierOptions.failOn}; @default 'any' */
  readonly failOn?: FanOutNotifierOptions['failOn'];
  readonly onUndeliverable?: FanOutNotifierOptions['onUndeliverable'];
}

/** The Slack webhook client of a configuration, when Slack is configured. */
export function createSlackWebhook(settings: AlertChannelSettings): SlackWebhook | undefined {
  const slack = settings.slack;
  if (slack === undefined) return undefined;
  return new SlackWebhook({
    secrets: slack.secrets,
    secretId: slack.secretId,
    ...(slack.retry === undefined ? {} : { retry: slack.retry }),
    ...(slack.timeoutMs === undefined ? {} : { timeoutMs: slack.timeoutMs }),
    ...(settings.log === undefined ? {} : { log: settings.log }),
  });
}

/** The `sns` channel and, when configured, the `slack` and `securityhub` channels, each with its policy. */
export function createAlertChannels(settings: AlertChannelSettings): AlertChannel[] {
  const channels: AlertChannel[] = [
    {
      name: 'sns',
      notifier: new SnsNotifier({ client: settings.sns.client, topicArn: settings.sns.topicArn }),
      policy: settings.policies?.sns ?? ALLOW_ALL_ALERTS,
    },
  ];
  const webhook = createSlackWebhook(settings);
  if (webhook !== undefined) {
    channels.push({
      name: 'slack',
      notifier: new SlackNotifier({ webhook }),
      policy: settings.policies?.slack ?? ALLOW_ALL_ALERTS,
    });
  }
  if (settings.securityHub !== undefined) {
    channels.push({ name: 'securityhub', notifier: new SecurityHubNotifier(settings.securityHub) });
  }
  return channels;
}

/** The notifier the pipeline uses: every configured channel behind one fan-out. */
export function createAlertNotifier(settings: AlertChannelSettings): FanOutNotifier {
  return new FanOutNotifier({
    channels: createAlertChannels(settings),
    ...(settings.failOn === undefined ? {} : { failOn: settings.failOn }),
    ...(settings.onUndeliverable === undefined ? {} : { onUndeliverable: settings.onUndeliverable }),
  });
}
