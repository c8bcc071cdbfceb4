import { Logger } from '@aws-lambda-powertools/logger';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SecretReader } from '#shared/secrets/secret-reader';
import type { AlertConfig } from './alert-config';
import { createAlertNotifier } from './channels';
import type { FanOutNotifier } from './fan-out-notifier';

/** The settings the alert notifier is built from (a `VigilConfig` has them all). */
export interface AlertNotifierConfig {
  readonly alerts: AlertConfig;
  readonly alertTopicArn: string;
  /** Powertools service name of the logger that reports retries and dropped alerts. */
  readonly serviceName: string;
}

/** SDK client settings the notifier's SNS and Secrets Manager clients share. */
export type AlertClientConfig = ConstructorParameters<typeof SNSClient>[0] &
  ConstructorParameters<typeof SecretsManagerClient>[0] &
  object;

/** A secret reader whose implementation and SDK client are imported on the first read; a failed import is retried. */
function deferredSecretReader(load: () => Promise<SecretReader>): SecretReader {
  let reader: Promise<SecretReader> | undefined;
  return {
    getSecretString: async (secretId, options) => {
      reader ??= load().catch((error: unknown) => {
        reader = undefined;
        throw error;
      });
      return (await reader).getSecretString(secretId, options);
    },
  };
}

/**
 * The alert notifier of a container, for any function that alerts (evaluator, remediation): SNS, plus Slack
 * when `SLACK_WEBHOOK_SECRET_ID` is set (its URL read from Secrets Manager and cached per container), each
 * channel with its filters. A failure no retry can fix (a malformed secret, a refused payload) is logged
 * and dropped instead of failing the caller forever; retryable failures throw `AlertDeliveryError`.
 */
export function createConfiguredNotifier(
  config: AlertNotifierConfig,
  clientConfig: AlertClientConfig,
  track: <T extends { destroy(): void }>(client: T) => T = (client) => client,
): FanOutNotifier {
  const secretId = config.alerts.slackWebhookSecretId;
  const logger = new Logger({ serviceName: config.serviceName });
  return createAlertNotifier({
    sns: { client: track(new SNSClient(clientConfig)), topicArn: config.alertTopicArn },
    ...(secretId === undefined
      ? {}
      : {
          slack: {
            // Only containers with Slack read a secret, and only once it has something to send.
            secrets: deferredSecretReader(async () => {
              const [{ SecretsManagerSecretReader }, { SecretsManagerClient }] = await Promise.all([
                import('#shared/secrets/secrets-manager-reader'),
                import('#shared/aws/clients/secrets-manager'),
              ]);
              return new SecretsManagerSecretReader({
                client: track(new SecretsManagerClient(clientConfig)),
              });
            }),
            secretId,
          },
        }),
    policies: config.alerts.policies,
    log: logger,
    failOn: 'retryable',
    onUndeliverable: (error) =>
      logger.error('alert dropped: a channel refused it for good', {
        error,
        failed: error.failed,
        delivered: error.delivered,
      }),
  });
}
