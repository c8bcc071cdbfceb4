import type { SNSClient } from '@aws-sdk/client-sns';
import { type Alert, formatAlert, type Notifier } from './alert';
import { publishToTopic } from './topic-publish';

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
    await publishToTopic(
      { client: this.#client, topicArn: this.#topicArn },
      {
        subject,
        body,
        attributes: {
          rule: { DataType: 'String', StringValue: alert.ruleId },
          severity: { DataType: 'String', StringValue: alert.severity },
          criterion: { DataType: 'String.Array', StringValue: JSON.stringify(alert.soc2) },
          compliance: { DataType: 'String', StringValue: alert.compliance },
          transition: { DataType: 'String', StringValue: alert.transition },
          resourceType: { DataType: 'String', StringValue: alert.resource.resourceType },
          account: { DataType: 'String', StringValue: alert.resource.accountId },
        },
      },
      {
        message: `cannot publish alert for ${alert.ruleId} on ${alert.resource.resourceId}`,
        context: { ruleId: alert.ruleId, resourceId: alert.resource.resourceId },
      },
    );
  }
}
