import { describe, expect, it } from 'vitest';
import { runSweepCommand } from '#cli/commands/sweep';
import { captureIo } from '#test/support/cli-io';
import { MemorySweepStore } from '#test/support/sweep';

const SHARDS = [
  { accountId: '111111111111', region: 'us-east-1', resourceType: 'AWS::Logs::LogGroup' },
  { accountId: '222222222222', region: 'eu-west-1', resourceType: 'AWS::Logs::LogGroup' },
] as const;
const COUNTS = { pagesAdded: 0, items: 3, evaluations: 3, failures: [] };

async function stores() {
  const store = new MemorySweepStore();
  await store.begin(
    { sweepId: 'old', startedAt: '2026-12-07T06:00:00.000Z', source: 'describe', unsweptTypes: [] },
    SHARDS,
  );
  await store.completePage('old', SHARDS[0], 0, COUNTS);
  await store.failPage(
    'old',
    SHARDS[1],
    0,
    'AccessDenied: not authorized to perform: logs:DescribeLogGroups',
    '2026-12-07T06:01:00.000Z',
  );
  await store.begin(
    {
      sweepId: 'new',
      startedAt: '2026-12-07T07:00:00.000Z',
      source: 'describe',
      unsweptTypes: ['AWS::Made::Up'],
    },
    SHARDS,
  );
  return store;
}

const run = (argv: string[], store: MemorySweepStore) => {
  const io = captureIo();
  return runSweepCommand(argv, io, { openStore: () => store }).then((code) => ({
    code,
    out: io.out(),
    err: io.err(),
  }));
};

describe('vigil sweep status', () => {
  it('shows the newest sweep, and the earlier one that never completed, and exits 1', async () => {
    const store = await stores();
    const { code, out } = await run(['status', '--table', 'state'], store);
    expect(code).toBe(1);
    expect(out).toContain('sweep new (describe), started 2026-12-07T07:00:00.000Z: NOT COMPLETE');
    expect(out).toContain('not swept (the source cannot read them): AWS::Made::Up');
    expect(out).toContain('the sweep before it:');
    expect(out).toContain(
      '222222222222 eu-west-1 AWS::Logs::LogGroup: 0/1, 1, page 0: AccessDenied: not authorized to perform: logs:DescribeLogGroups',
    );
  });

  it('exits 0 for a sweep that completed and read everything, as JSON too', async () => {
    const store = await stores();
    for (const shard of SHARDS) await store.completePage('new', shard, 0, COUNTS);
    const text = await run(['status', '--table', 'state', '--sweep', 'new'], store);
    expect(text.code).toBe(0);
    expect(text.out).toContain('complete at');
    expect(text.out).toContain('shards   2/2 done across 2 accounts and 2 regions');
    expect(text.out).toContain('judged   6 resources, 6 evaluations');
    const json = await run(['status', '--table', 'state', '--json'], store);
    expect(JSON.parse(json.out)).toMatchObject({ sweep: { sweepId: 'new', status: 'complete', items: 6 } });
  });

  it('exits 1 for a complete sweep that left resources unread, naming them', async () => {
    const store = new MemorySweepStore();
    await store.begin(
      { sweepId: 's', startedAt: '2026-12-07T07:00:00.000Z', source: 'describe', unsweptTypes: [] },
      [SHARDS[0]],
    );
    await store.completePage('s', SHARDS[0], 0, {
      ...COUNTS,
      failures: [{ scope: 'AWS::Logs::LogGroup /app', message: 'AccessDeniedException' }],
    });
    const { code, out } = await run(['status', '-t', 'state'], store);
    expect(code).toBe(1);
    expect(out).toContain('unread   1 resource');
    expect(out).toContain('AWS::Logs::LogGroup /app: AccessDeniedException');
  });

  it.each([
    [['status'], /--table is required/],
    [['stats', '--table', 't'], /unknown subcommand 'stats'/],
    [['status', '--table', 't', '--sweep', 'nope'], /no sweep nope in t/],
  ])('refuses %j with exit 2', async (argv, message) => {
    const { code, err } = await run(argv, await stores());
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('says when no sweep was ever recorded', async () => {
    const { code, err } = await run(['status', '--table', 'state'], new MemorySweepStore());
    expect(code).toBe(2);
    expect(err).toMatch(/no sweep recorded in state/);
  });
});
