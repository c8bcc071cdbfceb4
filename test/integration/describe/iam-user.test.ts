import type { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MotoAccount } from '#test/support/estate/accounts';
import { IAM_USER_SEEDER } from '#test/support/estate/iam-user';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import { type LocalPipeline, localPipeline } from '../pipeline/harness';
import {
  cloudTrailVerdicts,
  expectPairJudged,
  freshAccount,
  REGION,
  sweepVerdicts,
} from './seeded-pair-accounts';

const TYPE = 'AWS::IAM::User';

/** Counts the IAM commands a client sends, by name. */
function countCommands(client: IAMClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'vigilCountCommands' },
  );
  return counts;
}

describe('AWS::IAM::User on moto: seeded pair, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  let account: MotoAccount;
  let pair: SeededPair;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    account = await freshAccount(endpoint, 'iam-user');
    pair = await IAM_USER_SEEDER.seed(account.clients, {
      accountId: account.accountId,
      region: REGION,
      suffix: uniqueName('u').slice(2),
    });
    pipeline = await localPipeline(endpoint, 'vigil-iam-user', {
      ENABLED_RULES: pair.failingRules.join(','),
      INVENTORY_SOURCE: 'describe',
    });
  });

  afterAll(() => {
    account?.destroy();
    pipeline?.close();
  });

  it('the sweep lists both users once for the account (region "global") and judges them as seeded', async () => {
    const counts = countCommands(await account.clients.client('iam'));
    const { verdicts, items } = await sweepVerdicts([account], TYPE);
    expectPairJudged(verdicts, pair);
    const seeded = items.filter((item) =>
      [pair.misconfigured.resourceId, pair.compliant.resourceId].includes(item.resourceId),
    );
    expect(seeded).toHaveLength(2);
    expect(seeded.every((item) => item.region === 'global')).toBe(true);
    // Both users have an access key: their last use came from one credential report read.
    expect(counts.get('GetCredentialReportCommand')).toBe(1);
    expect(counts.get('GetAccessKeyLastUsedCommand') ?? 0).toBe(0);
    expect(seeded.map((item) => item.supplementaryConfiguration.AccessKeys)).toEqual([
      [expect.objectContaining({ Status: 'Active', LastUsedDate: null })],
      [expect.objectContaining({ Status: 'Active', LastUsedDate: null })],
    ]);
  });

  it('a sweep from another region reads the same items: IAM is not repeated per region', async () => {
    const here = await sweepVerdicts([account], TYPE);
    const there = await sweepVerdicts([account], TYPE, 'eu-west-1');
    const content = (items: typeof here.items) =>
      items
        .map(({ captureTime: _captureTime, ...item }) => item)
        .sort((a, b) => a.resourceId.localeCompare(b.resourceId));
    expect(content(there.items)).toEqual(content(here.items));
  });

  it('the seeded CloudTrail calls through the evaluator reach the same verdicts', async () => {
    const verdicts = await cloudTrailVerdicts(
      pipeline,
      new Map([[account.accountId, account]]),
      account.accountId,
      pair.events,
    );
    expectPairJudged(verdicts, pair);
  });
});
