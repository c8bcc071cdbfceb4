import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runRedrive } from '#cli/commands/redrive';
import type {
  BatchResult,
  MessageQueue,
  OutgoingMessage,
  ReceivedMessage,
} from '#shared/queue/message-queue';
import { redrive } from '#shared/queue/redrive';
import { captureIo } from '#test/support/cli-io';
import { awsClientConfig, uniqueName } from '#test/support/moto';

describe('vigil redrive: moves dead-lettered messages back to the evaluator queue (moto)', () => {
  const endpoint = inject('motoEndpoint');
  const sqs = new SQSClient(awsClientConfig(endpoint));

  beforeAll(() => {
    // The command builds its own SQS client from the default credential chain.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    sqs.destroy();
  });

  const createQueue = async (name: string): Promise<string> =>
    (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName(name) }))).QueueUrl ?? '';

  const depth = async (url: string): Promise<number> => {
    const response = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(response.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(response.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };

  const fill = async (url: string, count: number): Promise<void> => {
    for (let start = 0; start < count; start += 10) {
      const size = Math.min(10, count - start);
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: size }, (_, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ id: `event-${start + index}` }),
            MessageAttributes: { origin: { DataType: 'String', StringValue: 'dlq-test' } },
          })),
        }),
      );
    }
  };

  const readAll = async (url: string): Promise<{ body: string; origin: string | undefined }[]> => {
    const seen: { body: string; origin: string | undefined }[] = [];
    for (;;) {
      const response = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 60,
        }),
      );
      const messages = response.Messages ?? [];
      if (messages.length === 0) return seen;
      for (const message of messages) {
        seen.push({ body: message.Body ?? '', origin: message.MessageAttributes?.origin?.StringValue });
      }
    }
  };

  it('moves every message with its attributes and leaves the dead-letter queue empty', async () => {
    const dlq = await createQueue('redrive-dlq');
    const target = await createQueue('redrive-target');
    await fill(dlq, 25);
    const io = captureIo();

    const code = await runRedrive(['--dlq', dlq, '--to', target, '--endpoint-url', endpoint], io);

    expect(code).toBe(0);
    expect(io.out()).toContain('moved 25 messages');
    expect(await depth(dlq)).toBe(0);
    const moved = await readAll(target);
    expect(moved).toHaveLength(25);
    expect(new Set(moved.map((message) => message.body)).size).toBe(25);
    expect(moved.every((message) => message.origin === 'dlq-test')).toBe(true);
  });

  it('stops after --max messages and leaves the rest in the dead-letter queue', async () => {
    const dlq = await createQueue('redrive-max-dlq');
    const target = await createQueue('redrive-max-target');
    await fill(dlq, 12);
    const io = captureIo();

    const code = await runRedrive(
      ['--dlq', dlq, '--to', target, '--max', '5', '--endpoint-url', endpoint],
      io,
    );

    expect(code).toBe(0);
    expect(await readAll(target)).toHaveLength(5);
    expect(await depth(dlq)).toBe(7);
  });

  it('refuses bad flags with exit 2', async () => {
    const io = captureIo();
    expect(await runRedrive(['--dlq', 'not a url', '--to', 'http://x/q'], io)).toBe(2);
    expect(await runRedrive(['--to', 'http://x/q'], captureIo())).toBe(2);
    expect(await runRedrive(['--dlq', 'http://x/q', '--to', 'http://x/q'], captureIo())).toBe(2);
    expect(await runRedrive(['--dlq', 'http://x/a', '--to', 'http://x/b', '--max', '0'], captureIo())).toBe(
      2,
    );
    expect(io.err()).toContain('--dlq is not a URL');
  });
});

describe('redrive: deletes from the source only what the target accepted', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps messages whose send failed in the source and reports them', async () => {
    const messages: ReceivedMessage[] = Array.from({ length: 3 }, (_, index) => ({
      messageId: `m-${index}`,
      receiptHandle: `r-${index}`,
      body: `body-${index}`,
      attributes: {},
      receiveCount: 4,
    }));
    let served = false;
    const deleted: string[] = [];
    const source: MessageQueue = {
      receive: async () => {
        if (served) return [];
        served = true;
        return messages;
      },
      sendBatch: async () => ({ succeeded: [], failed: [] }),
      deleteBatch: async (batch): Promise<BatchResult> => {
        deleted.push(...batch.map((message) => message.messageId));
        return { succeeded: batch.map((message) => message.messageId), failed: [] };
      },
    };
    const sent: OutgoingMessage[] = [];
    const target: MessageQueue = {
      receive: async () => [],
      sendBatch: async (batch) => {
        sent.push(...batch);
        return {
          succeeded: batch.filter((message) => message.body !== 'body-1').map((message) => message.id),
          failed: batch
            .filter((message) => message.body === 'body-1')
            .map((message) => ({ id: message.id, reason: 'KMS.ThrottlingException: slow down' })),
        };
      },
      deleteBatch: async () => ({ succeeded: [], failed: [] }),
    };

    const report = await redrive(source, target);

    expect(sent.map((message) => message.body)).toEqual(['body-0', 'body-1', 'body-2']);
    expect(deleted).toEqual(['m-0', 'm-2']);
    expect(report).toEqual({
      moved: 2,
      failed: [{ messageId: 'm-1', reason: 'KMS.ThrottlingException: slow down' }],
      batches: 1,
    });
  });
});
