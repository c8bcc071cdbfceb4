import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBJECT_MAX_LENGTH } from '#shared/alerts/alert';
import { SnsNotifier } from '#shared/alerts/sns-notifier';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { newFailureAlert, resolvedAlert } from '#test/unit/alerts/alert-fixtures';

interface Received {
  readonly subject: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, { readonly Type: string; readonly Value: string }>>;
}

describe('SnsNotifier on moto, read back by SQS subscribers', () => {
  const endpoint = inject('motoEndpoint');
  const sns = new SNSClient(awsClientConfig(endpoint));
  const sqs = new SQSClient(awsClientConfig(endpoint));
  let notifier: SnsNotifier;
  const queues: Record<'all' | 'critical' | 'cc66', string> = { all: '', critical: '', cc66: '' };

  async function subscribe(topicArn: string, filterPolicy?: Record<string, unknown>): Promise<string> {
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('vigil-sns-inbox') }));
    const url = queue.QueueUrl ?? '';
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: attributes.Attributes?.QueueArn ?? '',
        ...(filterPolicy === undefined ? {} : { Attributes: { FilterPolicy: JSON.stringify(filterPolicy) } }),
      }),
    );
    return url;
  }

  async function receive(url: string): Promise<Received[]> {
    const response = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    return (response.Messages ?? []).map((message) => {
      const envelope = JSON.parse(message.Body ?? '{}') as {
        Subject?: string;
        Message?: string;
        MessageAttributes?: Received['attributes'];
      };
      return {
        subject: envelope.Subject ?? '',
        message: envelope.Message ?? '',
        attributes: envelope.MessageAttributes ?? {},
      };
    });
  }

  beforeAll(async () => {
    const topic = await sns.send(new CreateTopicCommand({ Name: uniqueName('vigil-alerts') }));
    const topicArn = topic.TopicArn ?? '';
    notifier = new SnsNotifier({ client: sns, topicArn });
    queues.all = await subscribe(topicArn);
    queues.critical = await subscribe(topicArn, { severity: ['critical'] });
    queues.cc66 = await subscribe(topicArn, { criterion: ['CC6.6'] });

    await notifier.notify(newFailureAlert());
    await notifier.notify(
      newFailureAlert({
        ruleId: 'iam-policy-no-statements-with-admin-access',
        ruleTitle: `Customer managed policies do not grant full administrator access ${'—'.repeat(40)}`,
        severity: 'critical',
        soc2: ['CC6.1', 'CC6.3'],
        resource: {
          accountId: '123456789012',
          region: 'global',
          resourceType: 'AWS::IAM::Policy',
          resourceId: 'ANPAVIGILEXAMPLE00001',
          resourceName: `équipe-données-accès-complet-🔓-${'x'.repeat(120)}`,
          arn: 'arn:aws:iam::123456789012:policy/équipe-données-accès-complet',
        },
      }),
    );
    await notifier.notify(resolvedAlert({ soc2: ['CC6.6'], severity: 'high' }));
  });

  afterAll(() => {
    sns.destroy();
    sqs.destroy();
  });

  it('delivers every alert to an unfiltered subscriber with a valid subject and a readable body', async () => {
    const received = await receive(queues.all);
    expect(received.map((message) => message.subject)).toEqual([
      '[Vigil] FAILING medium: s3-bucket-ssl-requests-only on acme-payroll-exports',
      '[Vigil] FAILING critical: iam-policy-no-statements-with-admin-access on equipe-donnees-acces-comp...',
      '[Vigil] RESOLVED high: s3-bucket-ssl-requests-only on acme-payroll-exports',
    ]);
    expect(received[1]?.subject).toHaveLength(SUBJECT_MAX_LENGTH);
    // The body keeps the unicode the subject had to drop.
    expect(received[1]?.message).toContain('Resource:  AWS::IAM::Policy équipe-données-accès-complet-🔓-');
    expect(received[1]?.message).toContain(
      'Console:   https://console.aws.amazon.com/iam/home#/policies/details/arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2F%C3%A9quipe-donn%C3%A9es-acc%C3%A8s-complet',
    );
    expect(received[0]?.message.split('\n').slice(0, 4)).toEqual([
      'A resource is no longer compliant with a SOC 2 control.',
      '',
      'Rule:      s3-bucket-ssl-requests-only (medium)',
      'Control:   S3 buckets refuse requests that do not use TLS',
    ]);
    expect(received[0]?.attributes).toEqual({
      rule: { Type: 'String', Value: 's3-bucket-ssl-requests-only' },
      severity: { Type: 'String', Value: 'medium' },
      criterion: { Type: 'String.Array', Value: '["CC6.1","CC6.7"]' },
      compliance: { Type: 'String', Value: 'NON_COMPLIANT' },
      transition: { Type: 'String', Value: 'NEW_FAILURE' },
      resourceType: { Type: 'String', Value: 'AWS::S3::Bucket' },
      account: { Type: 'String', Value: '123456789012' },
    });
  });

  it('lets a subscription filter on severity', async () => {
    const received = await receive(queues.critical);
    expect(received.map((message) => message.attributes.rule?.Value)).toEqual([
      'iam-policy-no-statements-with-admin-access',
    ]);
  });

  it('lets a subscription filter on one SOC 2 criterion of the array', async () => {
    const received = await receive(queues.cc66);
    expect(received.map((message) => message.attributes.transition?.Value)).toEqual(['RESOLVED']);
  });
});
