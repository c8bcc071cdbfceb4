import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsMessageQueue } from '#shared/queue/message-queue';
import {
  SETTLED_DESCRIBE,
  SETTLED_DESCRIBE_VERSION,
  type SettledDescribe,
} from '#shared/settle/settled-describe';
import { SettleSendError, sqsSettleQueue } from '#shared/settle/settler';

const URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/vigil-change';
const MESSAGE: SettledDescribe = {
  vigil: SETTLED_DESCRIBE,
  version: SETTLED_DESCRIBE_VERSION,
  key: 'SETTLE#123456789012#us-east-1#AWS::S3::Bucket#logs',
  windowId: 'e1',
  firstEventTime: '2026-11-23T08:00:00.000Z',
  accountId: '123456789012',
  refs: [
    { accountId: '123456789012', region: 'us-east-1', resourceType: 'AWS::S3::Bucket', lookupId: 'logs' },
  ],
  settleSeconds: 90,
};

describe('sqsSettleQueue on the change queue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  const queue = () => sqsSettleQueue(new SqsMessageQueue({ client: new SQSClient({}), url: URL }));

  it('sends one message delayed by the settle period, its body the settled describe', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: '' }] });
    await queue().sendDelayed(MESSAGE, 90);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const [entry] = calls[0]?.args[0].input.Entries ?? [];
    expect(entry?.DelaySeconds).toBe(90);
    expect(calls[0]?.args[0].input.QueueUrl).toBe(URL);
    expect(JSON.parse(entry?.MessageBody ?? '')).toEqual(MESSAGE);
  });

  it.each([
    [-3, 0],
    [1200, 900],
  ])('a delay of %i s is sent as %i s (the range SQS takes)', async (asked, sent) => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: '' }] });
    await queue().sendDelayed(MESSAGE, asked);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries?.[0]?.DelaySeconds).toBe(sent);
  });

  it('a refused entry throws, so the event that opened the window is retried', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '0', Code: 'KMS.ThrottlingException', SenderFault: false, Message: 'slow down' }],
    });
    await expect(queue().sendDelayed(MESSAGE, 90)).rejects.toBeInstanceOf(SettleSendError);
  });

  it('a failed call throws', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('network'));
    await expect(queue().sendDelayed(MESSAGE, 90)).rejects.toThrow(/cannot send/);
  });
});
