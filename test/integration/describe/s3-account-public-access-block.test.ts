import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE } from '#shared/resources/s3';
import { type MotoAccount, motoAccountAt } from '#test/support/estate/accounts';
import type { SeededPair } from '#test/support/estate/pair';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_SEEDER } from '#test/support/estate/s3-account-public-access-block';
import { uniqueName } from '#test/support/moto';
import { type LocalPipeline, localPipeline } from '../pipeline/harness';
import {
  cloudTrailVerdicts,
  expectPairJudged,
  freshAccount,
  REGION,
  sweepVerdicts,
} from './seeded-pair-accounts';

/** One block item per account: the misconfigured one is the seeded account's, its twin a second account's. */
describe('AWS::S3::AccountPublicAccessBlock on moto: two accounts, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  let account: MotoAccount;
  let twin: MotoAccount;
  let pair: SeededPair;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    account = await freshAccount(endpoint, 's3-account-block');
    pair = await S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_SEEDER.seed(account.clients, {
      accountId: account.accountId,
      region: REGION,
      suffix: uniqueName('b').slice(2),
    });
    const twinId = pair.compliant.accountId;
    if (twinId === undefined) throw new Error('the block twin names no account');
    twin = await motoAccountAt(endpoint, REGION, twinId);
    pipeline = await localPipeline(endpoint, 'vigil-s3-account-block', {
      ENABLED_RULES: pair.failingRules.join(','),
      INVENTORY_SOURCE: 'describe',
    });
  });

  afterAll(() => {
    account?.destroy();
    twin?.destroy();
    pipeline?.close();
  });

  it("the sweep describes each account's block and judges them as seeded", async () => {
    const { verdicts, items } = await sweepVerdicts([account, twin], S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE);
    expectPairJudged(verdicts, pair);
    expect(items.map((item) => [item.resourceId, item.configuration])).toEqual([
      [
        account.accountId,
        {
          blockPublicAcls: false,
          ignorePublicAcls: false,
          blockPublicPolicy: false,
          restrictPublicBuckets: false,
        },
      ],
      [
        twin.accountId,
        {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
        },
      ],
    ]);
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
