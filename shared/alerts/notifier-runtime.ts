import { Logger } from '@aws-lambda-powertools/logger';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SecretReader } from '#shared/secrets/secret-reader';
import type { SecurityHubPublisher } from '#shared/securityhub/publisher';
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

/** SDK client settings the notifier's SNS, Secrets Manager and Security Hub clients share. */
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

/** A Security Hub publisher whose implementation and SDK client are imported on the first import; a failed import is retried. */
function deferredSecurityHubPublisher(load: () => Promise<SecurityHubPublisher>): SecurityHubPublisher {
  let publisher: Promise<SecurityHubPublisher> | undefined;
  return {
    publish: async (findings) => {
      publisher ??= load().catch((error: unknown) => {
        publisher = undefined;
        throw error;
      });
      return (await publisher).publish(findings);
    },
  };
}

/**
 * The alert notifier of a container, for any function that alerts (evaluator, remediation): SNS, plus Slack
 * when `SLACK_WEBHOOK_SECRET_ID` is set (its URL read from Secrets Manager and cached per container), plus
 * Security Hub when `SECURITY_HUB=on`, each channel with its filters. A failure no retry can fix (a malformed secret, a refused payload) is logged
 * and dropped instead of failing the caller forever; retryable failures throw `AlertDeliveryError`.
 */
export function createConfiguredNotifier(
  config: AlertNotifierConfig,
  clientConfig: AlertClientConfig,
  track: <T extends { destroy(): void }>(client: T) => T = (client) => client,
): FanOutNotifier {
  const secretId = config.alerts.slackWebhookSecretId;
  const productArn = config.alerts.securityHubProductArn;
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
    ...(productArn === undefined
      ? {}
      : {
          securityHub: {
            productArn,
            publisher: deferredSecurityHubPublisher(async () => {
              const [{ SdkSecurityHubPublisher }, { SecurityHubClient }] = await Promise.all([
                import('#shared/securityhub/publisher'),
                import('#shared/aws/clients/securityhub'),
              ]);
              return new SdkSecurityHubPublisher({ client: track(new SecurityHubClient(clientConfig)) });
            }),
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
