import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  buildRemediationRequest,
  RemediationQueueError,
  SqsRemediationRequester,
  TOGGLE_READ_FAILED_METRIC,
} from '#shared/remediations/request';
import { CachedToggles, type ToggleSource } from '#shared/remediations/toggles';
import { loadFixture } from '#test/support/fixtures';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/vigil-remediation';
const toggles = new CachedToggles({
  defaults: { 'restricted-ssh': 'on', 'ec2-imdsv2-check': 'off', 's3-bucket-versioning-enabled': 'dry-run' },
});
const broken: ToggleSource = {
  modeOf: async () => {
    throw new Error('ssm down');
  },
};

describe('SqsRemediationRequester', () => {
  it.each([
    ['restricted-ssh', 'on', toggles, 'new-failure', true],
    ['restricted-ssh', 'on', toggles, 'still-failing', true],
    ['s3-bucket-versioning-enabled', 'dry-run', toggles, 'new-failure', true],
    ['s3-bucket-versioning-enabled', 'dry-run', toggles, 'still-failing', false],
    ['ec2-imdsv2-check', 'off', toggles, 'new-failure', false],
    ['ec2-imdsv2-check', 'off', toggles, 'still-failing', false],
    ['iam-password-policy', 'no remediation', toggles, 'new-failure', false],
    ['restricted-ssh', 'unreadable', broken, 'new-failure', true],
    ['restricted-ssh', 'unreadable', broken, 'still-failing', false],
    ['iam-password-policy', 'unreadable', broken, 'new-failure', false],
  ] as const)('wants(%s, toggle %s) on a %s', async (ruleId, _mode, source, reason, expected) => {
    const requester = new SqsRemediationRequester({
      client: async () => new SQSClient({}),
      queueUrl: QUEUE,
      toggles: source,
    });
    expect(await requester.wants(ruleId, reason)).toBe(expected);
  });

  it.each([
    ['new-failure', true],
    ['still-failing', false],
  ] as const)('logs and counts a toggle it cannot read (%s: requested %s)', async (reason, requested) => {
    const lines: { message: string; attributes: Record<string, unknown> }[] = [];
    const counted: [string, string, number][] = [];
    const requester = new SqsRemediationRequester({
      client: async () => new SQSClient({}),
      queueUrl: QUEUE,
      toggles: broken,
      observability: {
        logger: {
          warn: (message: string, attributes: Record<string, unknown>) => lines.push({ message, attributes }),
        },
        metrics: { addMetric: (name, unit, value) => counted.push([name, unit, value]) },
      },
    });

    expect(await requester.wants('restricted-ssh', reason)).toBe(requested);

    expect(lines).toEqual([
      {
        message: 'remediation toggle unreadable',
        attributes: { ruleId: 'restricted-ssh', reason, requested, error: new Error('ssm down') },
      },
    ]);
    expect(counted).toEqual([[TOGGLE_READ_FAILED_METRIC, 'Count', 1]]);
  });

  it('sends the request as JSON with the rule id as a message attribute, and wraps failures', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolvesOnce({ MessageId: 'm-1' }).rejectsOnce(new Error('queue gone'));
    const requester = new SqsRemediationRequester({
      client: async () => new SQSClient({}),
      queueUrl: QUEUE,
      toggles,
    });
    const request = buildRemediationRequest({
      requestId: 'finding-1',
      ruleId: 'restricted-ssh',
      item: loadFixture('AWS::EC2::SecurityGroup', 'ssh-open-to-world').item,
      source: 'sweep',
      requestedAt: new Date('2026-11-23T12:00:00.000Z'),
    });
    await requester.request(request);
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(QUEUE);
    expect(JSON.parse(input?.MessageBody ?? '{}')).toEqual(request);
    expect(input?.MessageAttributes?.ruleId?.StringValue).toBe('restricted-ssh');
    await expect(requester.request(request)).rejects.toThrow(RemediationQueueError);
    sqs.restore();
  });
});
