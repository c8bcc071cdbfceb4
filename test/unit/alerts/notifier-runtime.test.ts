import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAlertConfig } from '#shared/alerts/alert-config';
import { createConfiguredNotifier } from '#shared/alerts/notifier-runtime';
import { type SlackWebhookServer, startSlackWebhookServer } from '#test/support/slack-webhook-server';
import { newFailureAlert, resolvedAlert } from './alert-fixtures';

const secretsMock = mockClient(SecretsManagerClient);
const snsMock = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:vigil-alerts';
const HOOK_PATH = '/services/T0RT/B0RT/runtimeWebhookToken3';

let server: SlackWebhookServer;

beforeAll(async () => {
  server = await startSlackWebhookServer();
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  secretsMock.reset();
  snsMock.reset();
  server.requests.length = 0;
});

function notifier(env: Record<string, string>) {
  return createConfiguredNotifier(
    { alerts: parseAlertConfig(env), alertTopicArn: TOPIC, serviceName: 'vigil-test' },
    { region: 'eu-west-1' },
  );
}

describe('createConfiguredNotifier', () => {
  it('reads the webhook secret once per container, however many alerts it sends', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: `${server.origin}${HOOK_PATH}` });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alerts = notifier({ SLACK_WEBHOOK_SECRET_ID: 'vigil/slack' });

    await alerts.notify(newFailureAlert());
    await alerts.notify(resolvedAlert());
    await alerts.notify(newFailureAlert({ ruleId: 'restricted-ssh' }));

    expect(secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: 'vigil/slack' },
    ]);
    expect(server.requests).toHaveLength(3);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(3);
  });

  it('alerts on SNS only, and never asks for a secret, when no secret is configured', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alerts = notifier({});

    await alerts.notify(newFailureAlert());

    expect(alerts.channels.map((channel) => channel.name)).toEqual(['sns']);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input).toMatchObject({ TopicArn: TOPIC });
  });

  it('drops (and does not throw for) an alert Slack can never take, so SNS delivery is not repeated', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'not a url' });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alerts = notifier({ SLACK_WEBHOOK_SECRET_ID: 'vigil/slack' });

    await expect(alerts.notify(newFailureAlert())).resolves.toBeUndefined();
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('applies the per-channel filters from the environment', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: `${server.origin}${HOOK_PATH}` });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alerts = notifier({
      SLACK_WEBHOOK_SECRET_ID: 'vigil/slack',
      SLACK_ALERT_MIN_SEVERITY: 'high',
      SNS_ALERT_RULES_EXCLUDE: 's3-*',
    });

    await alerts.notify(newFailureAlert());

    expect(server.requests).toHaveLength(0);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });
});
