import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { ACCOUNT_SEEDER } from '#test/support/estate/account';
import { type MotoAccount, motoAccountAt } from '#test/support/estate/accounts';
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

/**
 * The account item is one per account: the misconfigured one is the seeded account's, its twin a second
 * moto account's (credentials from moto's AssumeRole into that account).
 */
describe('AWS::::Account (IAM parts) on moto: two accounts, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  let account: MotoAccount;
  let twin: MotoAccount;
  let pair: SeededPair;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    account = await freshAccount(endpoint, 'account');
    pair = await ACCOUNT_SEEDER.seed(account.clients, {
      accountId: account.accountId,
      region: REGION,
      suffix: uniqueName('a').slice(2),
    });
    const twinId = pair.compliant.accountId;
    if (twinId === undefined) throw new Error('the account twin names no account');
    twin = await motoAccountAt(endpoint, REGION, twinId);
    pipeline = await localPipeline(endpoint, 'vigil-account', {
      ENABLED_RULES: [...pair.failingRules, 'root-account-mfa-enabled', 'iam-root-access-key-check'].join(
        ',',
      ),
      INVENTORY_SOURCE: 'describe',
    });
  });

  afterAll(() => {
    account?.destroy();
    twin?.destroy();
    pipeline?.close();
  });

  it('the twin lives in another account, and each account item is its own account', () => {
    expect(pair.compliant.accountId).not.toBe(account.accountId);
    expect(pair.misconfigured.resourceId).toBe(account.accountId);
    expect(pair.compliant.resourceId).toBe(pair.compliant.accountId);
  });

  it('the sweep describes each account item and judges the password policies as seeded', async () => {
    const { verdicts, items } = await sweepVerdicts([account, twin], ACCOUNT_RESOURCE_TYPE);
    expectPairJudged(verdicts, pair);
    expect(items.map((item) => item.configuration)).toEqual([
      expect.objectContaining({ passwordPolicy: expect.objectContaining({ MinimumPasswordLength: 8 }) }),
      expect.objectContaining({ passwordPolicy: expect.objectContaining({ MinimumPasswordLength: 16 }) }),
    ]);
    // moto gap: the root user never has MFA and never has keys, in any account (see the seeder).
    for (const accountId of [account.accountId, twin.accountId]) {
      expect(verdicts.get(accountId)?.get('root-account-mfa-enabled')).toBe('NON_COMPLIANT');
      expect(verdicts.get(accountId)?.get('iam-root-access-key-check')).toBe('COMPLIANT');
    }
  });

  it('the seeded CloudTrail calls, each in its account, reach the same verdicts through the evaluator', async () => {
    const verdicts = await cloudTrailVerdicts(
      pipeline,
      new Map([
        [account.accountId, account],
        [twin.accountId, twin],
      ]),
      account.accountId,
      pair.events,
    );
    expectPairJudged(verdicts, pair);
  });
});
