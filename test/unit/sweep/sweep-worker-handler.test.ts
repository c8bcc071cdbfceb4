import { describe, expect, it } from 'vitest';
import { judgeSweepPages } from '#functions/sweep-worker';
import type { ResourceDescriber } from '#shared/describe/describer';
import { cwLoggroupRetentionPeriodCheck } from '#shared/rules/cloudwatch/cw-loggroup-retention-period-check';
import { RuleEngine } from '#shared/rules/engine';
import { planSweep } from '#shared/sweep/planner';
import { retryDelaySeconds } from '#shared/sweep/sweep-queue';
import type { SweepRuntime } from '#shared/sweep/sweep-runtime';
import { memorySweepDeps } from '#test/support/sweep';
import { faultPlan, memoryRuntime } from '../pipeline/memory-ports';

const ACCOUNT = '111111111111';

function failingWorker() {
  const runtime = memoryRuntime({ rules: [cwLoggroupRetentionPeriodCheck], plan: faultPlan(1, 0) });
  const describer: ResourceDescriber = {
    supportedTypes: ['AWS::Logs::LogGroup'],
    listRefs: async () => Promise.reject(new Error('ThrottlingException: Rate exceeded')),
    describe: async () => Promise.reject(new Error('not expected')),
  };
  const deps = memorySweepDeps({
    ...runtime,
    engine: new RuleEngine([cwLoggroupRetentionPeriodCheck]),
    access: { reaches: () => true, describer: () => describer, recorder: () => runtime.recorder },
  });
  const retries: { handle: string; seconds: number }[] = [];
  const sweepQueue = {
    ...deps.sweepQueue,
    retryAfter: async (handle: string, seconds: number) => void retries.push({ handle, seconds }),
  };
  return { deps: { ...deps, sweepQueue }, retries };
}

describe('sweep-worker handler: a failed page is retried soon, with backoff', () => {
  it('reports the page for retry and makes it visible again after 30 s, then 60 s, … at most 15 minutes', async () => {
    const { deps, retries } = failingWorker();
    await planSweep(deps, {
      sweepId: 's',
      startedAt: '2026-12-07T08:00:00.000Z',
      source: 'describe',
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      resourceTypes: ['AWS::Logs::LogGroup'],
    });
    const [page] = deps.sweepQueue.pages;
    const event = (count: number) => ({
      Records: [
        {
          messageId: `m${count}`,
          body: JSON.stringify(page),
          receiptHandle: `handle-${count}`,
          attributes: { ApproximateReceiveCount: String(count) },
        },
      ],
    });
    const runtime = deps as unknown as SweepRuntime;
    expect(await judgeSweepPages(event(1), runtime)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }],
    });
    await judgeSweepPages(event(2), runtime);
    expect(retries).toEqual([
      { handle: 'handle-1', seconds: 30 },
      { handle: 'handle-2', seconds: 60 },
    ]);
    expect((await deps.sweeps.status('s'))?.shards[0]).toMatchObject({ attempts: 2, status: 'pending' });
  });

  it('backs off 30 s doubling per receive, capped at 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });
});
