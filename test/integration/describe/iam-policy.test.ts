import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MotoAccount } from '#test/support/estate/accounts';
import { IAM_POLICY_SEEDER } from '#test/support/estate/iam-policy';
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

const TYPE = 'AWS::IAM::Policy';

describe('AWS::IAM::Policy on moto: seeded pair, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  let account: MotoAccount;
  let pair: SeededPair;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    account = await freshAccount(endpoint, 'iam-policy');
    pair = await IAM_POLICY_SEEDER.seed(account.clients, {
      accountId: account.accountId,
      region: REGION,
      suffix: uniqueName('p').slice(2),
    });
    pipeline = await localPipeline(endpoint, 'vigil-iam-policy', {
      ENABLED_RULES: pair.failingRules.join(','),
      INVENTORY_SOURCE: 'describe',
    });
  });

  afterAll(() => {
    account?.destroy();
    pipeline?.close();
  });

  it('the sweep lists the customer managed policies once for the account and judges the default version', async () => {
    const { verdicts, items } = await sweepVerdicts([account], TYPE);
    expectPairJudged(verdicts, pair);
    const misconfigured = items.find((item) => item.resourceId === pair.misconfigured.resourceId);
    expect(misconfigured).toMatchObject({
      region: 'global',
      configuration: {
        defaultVersionId: 'v2',
        policyVersionList: expect.arrayContaining([expect.anything()]),
      },
    });
    expect(misconfigured?.configuration?.policyVersionList).toHaveLength(2);
    // Config records no AWS managed policy, and neither does the lister.
    expect(items.every((item) => !item.arn?.startsWith('arn:aws:iam::aws:'))).toBe(true);
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
