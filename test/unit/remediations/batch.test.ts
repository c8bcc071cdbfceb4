import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { InvocationDeadlineError } from '#shared/invocation-deadline';
import { processRemediationMessages } from '#shared/remediations/batch';
import { buildRemediationRequest, RemediationRequestSchema } from '#shared/remediations/request';
import type { RemediationDeps } from '#shared/remediations/run';
import { CachedToggles } from '#shared/remediations/toggles';
import { loadFixture } from '#test/support/fixtures';

const item: ConfigurationItem = loadFixture('AWS::EC2::SecurityGroup', 'ssh-open-to-world').item;
const NOW = new Date('2026-11-23T12:00:00.000Z');

/** Deps whose toggles say off for every rule, and whose reader fails for one resource id. */
function deps(failingResourceId?: string): RemediationDeps {
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    toggles: {
      modeOf: async (ruleId) => {
        if (ruleId === 'restricted-ssh' && failingResourceId !== undefined) throw new Error('ssm down');
        return new CachedToggles({ defaults: {} }).modeOf(ruleId);
      },
    },
    reader: { canRead: () => true, read: unused },
    ports: {} as RemediationDeps['ports'],
    rateLimiter: { tryAcquire: unused },
    records: { putRecord: unused, location: (key) => key },
    notifier: { notify: unused },
    settings: {},
    ruleParameters: {},
    clock: () => NOW,
    actor: { function: 'test' },
  };
}

const request = (ruleId = 'restricted-ssh') =>
  buildRemediationRequest({ requestId: 'finding-1', ruleId, item, source: 'sweep', requestedAt: NOW });

describe('buildRemediationRequest', () => {
  it('carries the resource, the finding and the item, and parses as a request', () => {
    const built = buildRemediationRequest({
      requestId: 'finding-1',
      ruleId: 'restricted-ssh',
      item,
      source: 'config-change',
      eventId: 'event-1',
      findingKey: 'findings/k.json',
      findingHash: 'f'.repeat(64),
      requestedAt: NOW,
    });
    expect(RemediationRequestSchema.parse(JSON.parse(JSON.stringify(built)))).toEqual(built);
    expect(built.trigger).toEqual({
      source: 'config-change',
      captureTime: item.captureTime,
      findingKey: 'findings/k.json',
      findingHash: 'f'.repeat(64),
      eventId: 'event-1',
    });
    expect(built.configurationItem?.resourceId).toBe(item.resourceId);
  });

  it('leaves out an item too large for an SQS message', () => {
    const huge = { ...item, supplementaryConfiguration: { blob: 'x'.repeat(210 * 1024) } };
    const built = buildRemediationRequest({
      requestId: 'r',
      ruleId: 'restricted-ssh',
      item: huge,
      source: 'sweep',
      requestedAt: NOW,
    });
    expect(built.configurationItem).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(built))).toBeLessThan(256 * 1024);
  });
});

describe('processRemediationMessages', () => {
  it('drops unreadable messages, runs the rest, and hands back only retryable failures', async () => {
    const result = await processRemediationMessages(
      [
        { messageId: 'not-json', body: '{' },
        { messageId: 'not-request', body: '{"version":2}' },
        { messageId: 'off', body: JSON.stringify(request('ec2-imdsv2-check')) },
        { messageId: 'toggles-down', body: JSON.stringify(request()) },
      ],
      deps(item.resourceId),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'toggles-down' }]);
    expect(result.outcomes.map((outcome) => [outcome.messageId, outcome.status])).toEqual([
      ['not-json', 'unreadable'],
      ['not-request', 'unreadable'],
      ['off', 'done'],
      ['toggles-down', 'failed'],
    ]);
  });

  it('hands back unread the messages it reaches once too little of the invocation is left', async () => {
    let remainingMs = 100_000;
    const result = await processRemediationMessages(
      [
        { messageId: 'first', body: JSON.stringify(request('ec2-imdsv2-check')) },
        { messageId: 'second', body: JSON.stringify(request('ec2-imdsv2-check')) },
      ],
      {
        ...deps(),
        toggles: {
          modeOf: async () => {
            remainingMs = 10_000;
            return 'off';
          },
        },
      },
      { remainingMs: () => remainingMs, reserveMs: 77_000 },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'second' }]);
    const second = result.outcomes[1];
    expect(second?.status === 'failed' ? second.error : undefined).toBeInstanceOf(InvocationDeadlineError);
  });

  it('never throws and never retries arbitrary or mutated bodies', async () => {
    const valid = JSON.stringify(request('ec2-imdsv2-check'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .tuple(fc.nat(valid.length), fc.string({ maxLength: 5 }))
            .map(([at, text]) => `${valid.slice(0, at)}${text}${valid.slice(at + text.length)}`),
        ),
        async (body) => {
          const result = await processRemediationMessages([{ messageId: 'm', body }], deps());
          expect(result.batchItemFailures).toEqual([]);
          expect(result.outcomes).toHaveLength(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
