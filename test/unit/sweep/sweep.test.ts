import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { InvocationDeadlineError } from '#shared/invocation-deadline';
import type { OutgoingMessage } from '#shared/queue/message-queue';
import { cwLoggroupRetentionPeriodCheck } from '#shared/rules/cloudwatch/cw-loggroup-retention-period-check';
import { RuleEngine } from '#shared/rules/engine';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { planSweep, sweepIdOf } from '#shared/sweep/planner';
import { deduplicationIdOf, messageGroupOf, planShards, type SweepPage } from '#shared/sweep/shard';
import { fifoSweepQueue } from '#shared/sweep/sqs-sweep-queue';
import { judgeSweepPage } from '#shared/sweep/worker';
import { drainMemorySweep, memorySweepDeps } from '#test/support/sweep';
import { faultPlan, memoryRuntime } from '../pipeline/memory-ports';

const LOG_GROUP = 'AWS::Logs::LogGroup';
const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const STARTED = '2026-12-07T08:00:00.000Z';

function logGroupItem(ref: ResourceRef): ConfigurationItem {
  return {
    accountId: ref.accountId,
    region: ref.region,
    resourceType: LOG_GROUP,
    resourceId: ref.lookupId,
    captureTime: ref.captureTime,
    status: 'OK',
    configuration: { logGroupName: ref.lookupId, retentionInDays: ref.lookupId.endsWith('-short') ? 1 : 400 },
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  };
}

/** A fake estate: `perRegion` log groups in each account and region, reads counted, faults injectable. */
function estate(perRegion: number) {
  const described: string[] = [];
  const listings: string[] = [];
  const faults = { failListing: new Map<string, number>(), lateDescribes: 0 };
  const describerFor = (accountId: string, region: string): ResourceDescriber => ({
    supportedTypes: [LOG_GROUP],
    async listRefs(resourceType, account, captureTime) {
      const scope = `${account}/${region}`;
      listings.push(scope);
      const failures = faults.failListing.get(scope) ?? 0;
      if (failures > 0) {
        faults.failListing.set(scope, failures - 1);
        throw new Error(`ThrottlingException listing ${scope}`);
      }
      return Array.from({ length: perRegion }, (_, index) => ({
        accountId: account,
        region,
        resourceType,
        lookupId: `/${account}/${region}/group-${index}${index % 3 === 0 ? '-short' : ''}`,
        captureTime,
      }));
    },
    async describe(ref) {
      if (faults.lateDescribes > 0) {
        faults.lateDescribes--;
        throw new InvocationDeadlineError(
          'not started: describing the resource (too little of the invocation left)',
        );
      }
      described.push(`${accountId}|${ref.lookupId}`);
      return logGroupItem(ref);
    },
  });
  const runtime = memoryRuntime({ rules: [cwLoggroupRetentionPeriodCheck], plan: faultPlan(1, 0) });
  const deps = memorySweepDeps(
    {
      ...runtime,
      engine: new RuleEngine([cwLoggroupRetentionPeriodCheck]),
      access: {
        reaches: () => true,
        describer: describerFor,
        recorder: () => runtime.recorder,
      },
    },
    { pageSize: 100 },
  );
  return { deps, described, listings, faults };
}

function plan(sweepId: string, regions = REGIONS) {
  return {
    sweepId,
    startedAt: STARTED,
    source: 'describe' as const,
    accounts: ACCOUNTS,
    regions,
    resourceTypes: [LOG_GROUP],
  };
}

describe('planShards: one shard per account, region and type', () => {
  it('reads global types once per account, in the home region, and regional types everywhere', () => {
    const shards = planShards({
      accounts: ACCOUNTS,
      regions: REGIONS,
      resourceTypes: ['AWS::IAM::User', LOG_GROUP, ACCOUNT_RESOURCE_TYPE],
    });
    const iam = shards.filter((shard) => shard.resourceType === 'AWS::IAM::User');
    expect(iam.map((shard) => `${shard.accountId}/${shard.region}`)).toEqual([
      '111111111111/us-east-1',
      '222222222222/us-east-1',
    ]);
    expect(shards.filter((shard) => shard.resourceType === LOG_GROUP)).toHaveLength(4);
    expect(shards.filter((shard) => shard.resourceType === ACCOUNT_RESOURCE_TYPE)).toHaveLength(4);
  });

  it('names the types a describe sweep cannot read instead of dropping them silently', async () => {
    const { deps } = estate(1);
    const planned = await planSweep(deps, { ...plan('gap'), resourceTypes: [LOG_GROUP, 'AWS::Made::Up'] });
    expect(planned.unsweptTypes).toEqual(['AWS::Made::Up']);
    expect((await deps.sweeps.status('gap'))?.sweep.unsweptTypes).toEqual(['AWS::Made::Up']);
  });
});

describe('a sharded sweep on in-memory ports', () => {
  it('judges every resource of every account and region exactly once, no page larger than the page size', async () => {
    const { deps, described, listings } = estate(250);
    const planned = await planSweep(deps, plan('all'));
    expect(planned.shards).toHaveLength(4);
    const drained = await drainMemorySweep(deps);
    expect(drained.pageErrors).toEqual([]);
    // 250 per shard: the first page lists once and judges 100, two continuation pages carry the rest.
    expect(drained.reports.map((report) => report.items).sort((a, b) => a - b)).toEqual([
      50, 50, 50, 50, 100, 100, 100, 100, 100, 100, 100, 100,
    ]);
    expect(drained.largestPage).toBe(100);
    expect(listings).toHaveLength(4);
    expect(described).toHaveLength(1_000);
    expect(new Set(described).size).toBe(1_000);
    const status = await deps.sweeps.status('all');
    expect(status?.sweep).toMatchObject({
      status: 'complete',
      shardsDone: 4,
      items: 1_000,
      evaluations: 1_000,
    });
    expect(status?.shards.every((shard) => shard.status === 'done' && shard.pagesDone === 3)).toBe(true);
  });

  it('keeps each account and region on its own evidence chain', async () => {
    const { deps } = estate(2);
    await planSweep(deps, plan('chains'));
    await drainMemorySweep(deps);
    const objects = [...deps.objects.keys()];
    const chains = new Set(objects.map((key) => key.split('/').slice(1, 3).join('/')));
    expect(chains).toEqual(
      new Set([
        '111111111111/us-east-1',
        '111111111111/eu-west-1',
        '222222222222/us-east-1',
        '222222222222/eu-west-1',
      ]),
    );
  });

  it('retries a shard whose listing failed alone, records the attempt, and still completes the sweep', async () => {
    const { deps, listings, faults } = estate(3);
    faults.failListing.set('222222222222/eu-west-1', 1);
    await planSweep(deps, plan('retry'));
    const drained = await drainMemorySweep(deps);
    expect(drained.pageErrors).toHaveLength(1);
    expect(drained.pageErrors[0]?.page).toMatchObject({ accountId: '222222222222', region: 'eu-west-1' });
    // The other three shards listed once each; the failed one twice.
    expect(listings.filter((scope) => scope === '222222222222/eu-west-1')).toHaveLength(2);
    expect(listings).toHaveLength(5);
    const status = await deps.sweeps.status('retry');
    expect(status?.sweep).toMatchObject({ status: 'complete', items: 12 });
    const failed = status?.shards.find((shard) => shard.attempts > 0);
    expect(failed).toMatchObject({
      accountId: '222222222222',
      region: 'eu-west-1',
      status: 'done',
      attempts: 1,
      lastError: 'page 0: ThrottlingException listing 222222222222/eu-west-1',
    });
  });

  it('leaves a shard that keeps failing open, so the sweep never reads as complete', async () => {
    const { deps, faults } = estate(3);
    await planSweep(deps, plan('stuck', ['us-east-1']));
    faults.failListing.set('111111111111/us-east-1', 3);
    const drained = await drainMemorySweep(deps, 3);
    expect(drained.pageErrors).toHaveLength(3);
    const status = await deps.sweeps.status('stuck');
    expect(status?.sweep).toMatchObject({ status: 'running', shardsPlanned: 2, shardsDone: 1 });
    expect(status?.shards.find((shard) => shard.status === 'pending')).toMatchObject({ attempts: 3 });
    // The next sweep's plan sees it.
    const next = await planSweep(deps, {
      ...plan('after-stuck', ['us-east-1']),
      startedAt: '2026-12-07T09:00:00.000Z',
    });
    expect(next.previous).toMatchObject({ sweepId: 'stuck', status: 'running' });
  });

  it('retries a page the deadline stopped instead of counting resources it never read', async () => {
    const { deps, faults } = estate(5);
    await planSweep(deps, plan('late', ['us-east-1']));
    faults.lateDescribes = 1;
    const drained = await drainMemorySweep(deps);
    expect(drained.pageErrors).toHaveLength(1);
    expect((await deps.sweeps.status('late'))?.sweep).toMatchObject({ status: 'complete', items: 10 });
  });

  it('counts a redelivered page once', async () => {
    const { deps } = estate(4);
    await planSweep(deps, plan('twice', ['us-east-1']));
    const [page] = deps.sweepQueue.pages.splice(0, 1);
    if (page === undefined) throw new Error('no page');
    const first = await judgeSweepPage(deps, page);
    const again = await judgeSweepPage(deps, page);
    expect(first.completion).toMatchObject({ counted: true, shardDone: true });
    expect(again.completion).toMatchObject({ counted: false, shardDone: true });
    const shard = (await deps.sweeps.status('twice'))?.shards.find((s) => s.accountId === page.accountId);
    expect(shard).toMatchObject({ items: 4, pagesDone: 1 });
  });

  it('a retried plan of the same sweep id neither resets shards nor creates a second sweep', async () => {
    const { deps } = estate(1);
    const first = await planSweep(deps, plan('same'));
    const again = await planSweep(deps, plan('same'));
    expect([first.status, again.status]).toEqual(['created', 'exists']);
    expect(await deps.sweeps.latest(5)).toHaveLength(1);
  });
});

describe('sweep pages on the FIFO queue', () => {
  const page = (overrides: Partial<SweepPage> = {}): SweepPage => ({
    v: 1,
    sweepId: 's1',
    accountId: '111111111111',
    region: 'us-east-1',
    resourceType: LOG_GROUP,
    page: 0,
    source: 'describe',
    startedAt: STARTED,
    ...overrides,
  });

  it('groups pages per account and service into a bounded number of groups, and deduplicates by page', () => {
    const groups = new Set(
      Array.from({ length: 20 }, (_, index) => messageGroupOf(page({ page: index }), 2)),
    );
    expect(groups).toEqual(new Set(['111111111111#Logs#0', '111111111111#Logs#1']));
    expect(messageGroupOf(page({ accountId: '222222222222' }), 2)).toMatch(/^222222222222#Logs#[01]$/);
    expect(deduplicationIdOf(page())).toBe(deduplicationIdOf(page()));
    expect(deduplicationIdOf(page())).not.toBe(deduplicationIdOf(page({ page: 1 })));
    expect(deduplicationIdOf(page())).not.toBe(deduplicationIdOf(page({ sweepId: 's2' })));
  });

  it('sends ten pages per call and resends the entries SQS refused', async () => {
    const calls: OutgoingMessage[][] = [];
    let refuse = 1;
    const queue = fifoSweepQueue(
      {
        receive: async () => [],
        deleteBatch: async () => ({ succeeded: [], failed: [] }),
        async sendBatch(messages) {
          calls.push([...messages]);
          const failed =
            refuse-- > 0 ? [{ id: messages[0]?.id ?? '', reason: 'InternalError: try again' }] : [];
          return {
            succeeded: messages.map((m) => m.id).filter((id) => !failed.some((f) => f.id === id)),
            failed,
          };
        },
      },
      2,
    );
    await queue.send(Array.from({ length: 12 }, (_, index) => page({ page: index })));
    expect(calls.map((call) => call.length)).toEqual([10, 1, 2]);
    expect(JSON.parse(calls[1]?.[0]?.body ?? '{}')).toMatchObject({ page: 0 });
  });

  it('fails loudly when SQS keeps refusing a page', async () => {
    const queue = fifoSweepQueue(
      {
        receive: async () => [],
        deleteBatch: async () => ({ succeeded: [], failed: [] }),
        sendBatch: async (messages) => ({
          succeeded: [],
          failed: messages.map((message) => ({ id: message.id, reason: 'KMS.AccessDenied: no' })),
        }),
      },
      2,
    );
    await expect(queue.send([page()])).rejects.toThrow(/refused 1 page\(s\): KMS.AccessDenied/);
  });

  it('sweep ids sort by start time and are stable for a retried schedule event', () => {
    const at = new Date('2026-12-07T08:00:00.000Z');
    expect(sweepIdOf(at, 'a1b2-c3d4-e5f6-0718')).toBe('20261207T080000Z-a1b2c3d4e5f6');
    expect(sweepIdOf(at, 'a1b2-c3d4-e5f6-0718')).toBe(sweepIdOf(at, 'a1b2-c3d4-e5f6-0718'));
  });
});

describe('a page whose resources could not be recorded', () => {
  it('is retried, not counted, when a resource was read but its evaluation not recorded', async () => {
    const { deps } = estate(3);
    let failures = 1;
    const claim = deps.state.claim.bind(deps.state);
    const flaky = {
      ...deps,
      state: {
        ...deps.state,
        claim: async (...args: Parameters<typeof claim>) => {
          if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
          return claim(...args);
        },
      },
    };
    await planSweep(flaky, plan('unrecorded', ['us-east-1']));
    const drained = await drainMemorySweep(flaky);
    expect(drained.pageErrors).toHaveLength(1);
    expect(String(drained.pageErrors[0]?.error)).toMatch(
      /not recorded .*ProvisionedThroughputExceededException/,
    );
    const status = await flaky.sweeps.status('unrecorded');
    expect(status?.sweep).toMatchObject({ status: 'complete', items: 6, evaluations: 6 });
    expect(status?.shards.find((shard) => shard.attempts > 0)?.lastError).toMatch(/not recorded/);
  });

  it('is retried, and the attempt recorded, when the state rows cannot be read at all', async () => {
    const { deps } = estate(2);
    let failures = 1;
    const getMany = deps.state.getMany?.bind(deps.state);
    const flaky = {
      ...deps,
      state: {
        ...deps.state,
        getMany: async (...args: Parameters<NonNullable<typeof getMany>>) => {
          if (failures-- > 0) throw new Error('InternalServerError');
          return getMany?.(...args) ?? new Map();
        },
      },
    };
    await planSweep(flaky, plan('unread-state', ['us-east-1']));
    const drained = await drainMemorySweep(flaky);
    expect(drained.pageErrors).toHaveLength(1);
    const status = await flaky.sweeps.status('unread-state');
    expect(status?.sweep).toMatchObject({ status: 'complete', items: 4 });
    expect(status?.shards.find((shard) => shard.attempts > 0)?.lastError).toMatch(/InternalServerError/);
  });
});
