import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type Alert, formatAlert, type Notifier } from './alert';
import { NotifierError } from './errors';

/**
 * Publishes alerts to an SNS topic with message attributes `rule`, `severity`, `criterion` (String.Array),
 * `compliance`, `transition`, `resourceType` and `account`, so subscriptions can filter on them.
 */
export class SnsNotifier implements Notifier {
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(options: { readonly client: SNSClient; readonly topicArn: string }) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
  }

  async notify(alert: Alert): Promise<void> {
    const { subject, body } = formatAlert(alert);
    try {
      await this.#client.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          Subject: subject,
          Message: body,
          MessageAttributes: {
            rule: { DataType: 'String', StringValue: alert.ruleId },
            severity: { DataType: 'String', StringValue: alert.severity },
            criterion: { DataType: 'String.Array', StringValue: JSON.stringify(alert.soc2) },
            compliance: { DataType: 'String', StringValue: alert.compliance },
            transition: { DataType: 'String', StringValue: alert.transition },
            resourceType: { DataType: 'String', StringValue: alert.resource.resourceType },
            account: { DataType: 'String', StringValue: alert.resource.accountId },
          },
        }),
      );
    } catch (error) {
      throw new NotifierError(`cannot publish alert for ${alert.ruleId} on ${alert.resource.resourceId}`, {
        cause: error,
        context: { ruleId: alert.ruleId, resourceId: alert.resource.resourceId },
      });
    }
  }
}
