import { Aws, CfnCondition, Fn, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { InfraConfigError } from '../errors';
import { grantSecretRead } from '../grants';
import { securityHubProductArn, type VigilFunction } from '../vigil-function';
import { deadLetterAlarm, functionErrorsAlarm, functionThrottlesAlarm } from './alarms';
import { transparentToLogicalIds } from './logical-ids';

/** Properties of {@link Alerting}. */
export interface AlertingProps {
  /** The key the topic is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** E-mail address subscribed to the topic; empty or absent for none (a parameter token may be either). */
  readonly alertEmail?: string;
}

/**
 * Where Vigil tells people: the alert topic (KMS, TLS only, CloudWatch alarms allowed) with its optional
 * e-mail subscription, the one Slack secret the alerting functions may read, and the alarms on Vigil's own
 * functions. Transparent to logical ids.
 */
export class Alerting extends Construct {
  /** Alerts on status changes and on the monitor's own failures. */
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    this.topic = new sns.Topic(this, 'Alerts', {
      displayName: 'Vigil compliance alerts',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    // A topic with its own policy no longer has the default one, so CloudWatch alarms need an explicit allow.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    this.subscribeEmail(props.alertEmail);
  }

  /**
   * Lets the alerting functions read the Slack webhook secret, and nothing else in Secrets Manager. With a
   * parameter token the grant is a separate policy that exists only when the parameter is not empty.
   */
  grantSlackSecret(functions: readonly VigilFunction[], secret: string | undefined): void {
    if (secret === undefined || secret === '') return;
    if (/^https?:/i.test(secret)) {
      throw new InfraConfigError('slackWebhookSecret names the secret holding the webhook URL, not the URL', {
        context: { path: this.node.scope?.node.path ?? this.node.path },
      });
    }
    const policy = new iam.Policy(this, 'SlackSecretRead', {
      statements: [grantSecretRead(this, secret)],
      roles: functions.map((fn) => fn.role),
    });
    if (Token.isUnresolved(secret)) {
      const cfn = policy.node.defaultChild;
      if (cfn instanceof iam.CfnPolicy) {
        cfn.cfnOptions.condition = new CfnCondition(this, 'HasSlackSecret', {
          expression: Fn.conditionNot(Fn.conditionEquals(secret, '')),
        });
      }
    }
  }

  /** Lets the functions import findings into Security Hub under the account's default product, and nothing else. */
  grantSecurityHubImport(functions: readonly VigilFunction[]): void {
    new iam.Policy(this, 'SecurityHubImport', {
      statements: [
        new iam.PolicyStatement({
          actions: ['securityhub:BatchImportFindings'],
          resources: [securityHubProductArn()],
        }),
      ],
      roles: functions.map((fn) => fn.role),
    });
  }

  /**
   * Alarms on the functions: messages in their asynchronous dead-letter queues, failed invocations, and
   * throttles of those that must keep up with a queue.
   */
  watch(functions: readonly VigilFunction[], throttled: readonly VigilFunction[]): cloudwatch.Alarm[] {
    const alarms: cloudwatch.Alarm[] = [];
    for (const worker of functions) {
      if (worker.deadLetterQueue === undefined) continue;
      alarms.push(
        deadLetterAlarm(this, `${worker.node.id}DeadLetterQueue`, worker.deadLetterQueue, this.topic),
      );
    }
    for (const worker of throttled) alarms.push(functionThrottlesAlarm(this, worker, this.topic));
    for (const worker of functions) alarms.push(functionErrorsAlarm(this, worker, this.topic));
    return alarms;
  }

  private subscribeEmail(email: string | undefined): void {
    if (email === undefined || email === '') return;
    const subscription = this.topic.addSubscription(new EmailSubscription(email));
    if (Token.isUnresolved(email)) {
      const cfn = subscription.node.defaultChild;
      if (cfn instanceof sns.CfnSubscription) {
        cfn.cfnOptions.condition = new CfnCondition(this, 'HasAlertEmail', {
          expression: Fn.conditionNot(Fn.conditionEquals(email, '')),
        });
      }
    }
  }
}
