import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ItemOrder, scanItemStream } from '#cli/snapshot-scan';
import { ScratchDir } from '#cli/spill-sort';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { readSnapshotFile } from '#shared/config-item/snapshot';
import { type Evaluation, RuleEngine } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, type Rule } from '#shared/rules/rule';
import { logGroupItem } from '#test/support/configuration-items';

const SAMPLE = new URL('../../../examples/sample-account-snapshot.json', import.meta.url).pathname;
const NOW = new Date('2026-11-23T12:00:00Z');
const parent = mkdtempSync(join(tmpdir(), 'vigil-snapshot-scan-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

async function* streamOf(items: readonly ConfigurationItem[]): AsyncGenerator<ConfigurationItem> {
  yield* items;
}

/** Streams the items through the scan and puts the evaluations back in the engine's order. */
async function streamScan(
  engine: RuleEngine,
  items: readonly ConfigurationItem[],
  maxBufferBytes: number,
): Promise<{ evaluations: Evaluation[]; itemsRead: number; scratchDirs: number }> {
  const scratch = new ScratchDir(parent);
  const collected: { order: readonly number[]; evaluation: Evaluation }[] = [];
  try {
    const itemsRead = await scanItemStream(
      streamOf(items),
      engine,
      { now: NOW, scratch, maxBufferBytes },
      (evaluations, order: ItemOrder) => {
        evaluations.forEach((evaluation, index) => {
          collected.push({ order: [order.account, order.item, index], evaluation });
        });
      },
    );
    const scratchDirs = readdirSync(parent).length;
    collected.sort((a, b) =>
      a.order.reduce((order, value, index) => order || value - (b.order[index] ?? 0), 0),
    );
    return { evaluations: collected.map((entry) => entry.evaluation), itemsRead, scratchDirs };
  } finally {
    scratch.remove();
  }
}

/** The sample estate in three accounts, items shuffled across them, with second captures and deletions. */
function interleavedEstate(sample: readonly ConfigurationItem[]): ConfigurationItem[] {
  const accounts = ['123456789012', '210987654321', '333333333333'];
  const items = accounts.flatMap((accountId, copy) =>
    sample
      // The third account has no account item: its account-level rules judge a synthesized one.
      .filter((item) => copy < 2 || item.resourceType !== ACCOUNT_RESOURCE_TYPE)
      .map(
        (item) => JSON.parse(JSON.stringify(item).replaceAll('123456789012', accountId)) as ConfigurationItem,
      ),
  );
  const extra = items.flatMap((item, index): ConfigurationItem[] => {
    if (index % 7 === 0) return [{ ...item, captureTime: '2026-11-21T00:00:00.000Z' }];
    if (index % 11 === 0) return [{ ...item, status: 'ResourceDeleted', configuration: null }];
    return [];
  });
  const all = [...items, ...extra];
  // A fixed shuffle: the same every run, and no account's items together.
  let seed = 20261123;
  for (let index = all.length - 1; index > 0; index -= 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const other = Math.floor((seed / 2147483648) * (index + 1));
    [all[index], all[other]] = [all[other] as ConfigurationItem, all[index] as ConfigurationItem];
  }
  return all;
}

describe('scanItemStream', () => {
  it.each([
    ['in memory', 256 * 1024 * 1024],
    ['with every kept item spilled to scratch files', 1],
  ])('judges the sample as RuleEngine.scan does, %s', async (_label, maxBufferBytes) => {
    const items = await readSnapshotFile(SAMPLE);
    const engine = new RuleEngine(RULES);
    const result = await streamScan(engine, items, maxBufferBytes);
    expect(result.itemsRead).toBe(items.length);
    expect(result.evaluations).toEqual(engine.scan(items, { now: NOW }));
  });

  it.each([
    ['in memory', 256 * 1024 * 1024],
    ['spilled', 4096],
  ])(
    'judges interleaved accounts, second captures and deletions as RuleEngine.scan does, %s',
    async (_label, maxBufferBytes) => {
      const items = interleavedEstate(await readSnapshotFile(SAMPLE));
      const engine = new RuleEngine(RULES);
      const expected = engine.scan(items, { now: NOW });
      expect(expected.some((evaluation) => evaluation.resourceId === '333333333333')).toBe(true);
      expect((await streamScan(engine, items, maxBufferBytes)).evaluations).toEqual(expected);
    },
  );

  const flowLog = (accountId: string, id: string, vpc: string): ConfigurationItem =>
    logGroupItem({
      accountId,
      resourceType: 'AWS::EC2::FlowLog',
      resourceId: id,
      resourceName: id,
      configuration: { resourceId: vpc },
    });
  const vpc = (accountId: string, id: string): ConfigurationItem =>
    logGroupItem({
      accountId,
      resourceType: 'AWS::EC2::VPC',
      resourceId: id,
      resourceName: id,
      configuration: {},
    });

  /** Names the flow logs of the VPC's account it finds in the inventory, and the log groups (not declared). */
  const flowLogsSeen: Rule = {
    id: 'flow-logs-seen',
    title: 'VPCs see their flow logs',
    resourceTypes: ['AWS::EC2::VPC'],
    reads: ['AWS::EC2::FlowLog'],
    severity: 'medium',
    parameters: {},
    rationale: 'test rule',
    remediationAdvice: 'none',
    managedRule: false,
    evaluate: (item, { inventory }) => {
      const logs = inventory
        .itemsOfType('AWS::EC2::FlowLog')
        .filter((log) => log.configuration?.resourceId === item.resourceId)
        .map((log) => `${log.accountId}/${log.resourceId}`);
      const groups = inventory.itemsOfType('AWS::Logs::LogGroup').length;
      return logs.length > 0
        ? compliant(`${logs.join(' ')}; ${groups} log groups`)
        : nonCompliant(`none; ${groups} log groups`);
    },
  };
  const byLogGroup: Rule = { ...flowLogsSeen, id: 'log-group-check', resourceTypes: ['AWS::Logs::LogGroup'] };

  it.each([
    ['in memory', 256 * 1024 * 1024],
    ['spilled', 1],
  ])(
    'gives a cross-resource rule every item it reads of its account, wherever they are in the file, %s',
    async (_label, maxBufferBytes) => {
      const items = [
        vpc('111111111111', 'vpc-1'),
        vpc('222222222222', 'vpc-1'),
        logGroupItem({ accountId: '111111111111' }),
        flowLog('222222222222', 'fl-b', 'vpc-1'),
        flowLog('111111111111', 'fl-a', 'vpc-1'),
        { ...flowLog('111111111111', 'fl-gone', 'vpc-1'), status: 'ResourceDeleted' as const },
        vpc('111111111111', 'vpc-2'),
      ];
      const engine = new RuleEngine([flowLogsSeen, byLogGroup]);
      const { evaluations } = await streamScan(engine, items, maxBufferBytes);
      expect(
        evaluations.map(
          (evaluation) => `${evaluation.accountId} ${evaluation.resourceId} ${evaluation.annotation}`,
        ),
      ).toEqual([
        '111111111111 vpc-1 111111111111/fl-a; 0 log groups',
        '111111111111 /aws/lambda/payments-api none; 0 log groups',
        '111111111111 vpc-2 none; 0 log groups',
        '222222222222 vpc-1 222222222222/fl-b; 0 log groups',
      ]);
    },
  );

  it('judges a synthesized account item once per account that has none, with that account’s inventory', async () => {
    const accountRule: Rule = {
      ...flowLogsSeen,
      id: 'account-sees-flow-logs',
      resourceTypes: [ACCOUNT_RESOURCE_TYPE],
      evaluate: (item, { inventory }) =>
        compliant(`${item.region} ${item.captureTime} ${inventory.itemsOfType('AWS::EC2::FlowLog').length}`),
    };
    const items = [
      flowLog('111111111111', 'fl-a', 'vpc-1'),
      logGroupItem({ accountId: '222222222222', region: 'eu-west-1' }),
      { ...flowLog('111111111111', 'fl-b', 'vpc-1'), captureTime: '2026-11-22T00:00:00.000Z' },
    ];
    const engine = new RuleEngine([accountRule]);
    const { evaluations } = await streamScan(engine, items, 1);
    expect(evaluations).toEqual(engine.scan(items, { now: NOW }));
    expect(evaluations.map((evaluation) => `${evaluation.resourceId} ${evaluation.annotation}`)).toEqual([
      '111111111111 us-east-1 2026-11-22T00:00:00.000Z 2',
      '222222222222 eu-west-1 2026-11-20T09:14:02.118Z 0',
    ]);
  });

  it('keeps nothing, and writes no scratch file, when no rule reads the inventory', async () => {
    const engine = new RuleEngine([{ ...flowLogsSeen, reads: [], resourceTypes: ['AWS::Logs::LogGroup'] }]);
    const items = Array.from({ length: 50 }, (_, index) => logGroupItem({ resourceId: `group-${index}` }));
    const result = await streamScan(engine, items, 1);
    expect(result.evaluations).toHaveLength(50);
    expect(result.scratchDirs).toBe(0);
  });
});
