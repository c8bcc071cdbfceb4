import { describe, expect, it } from 'vitest';
import { runAcceptanceExpiry } from '#shared/acceptances/expiry';
import { cachedRegister } from '#shared/acceptances/lookup';
import { appendChange } from '#shared/acceptances/register';
import { checkRegisterChain } from '#shared/acceptances/verify-register';
import type { Alert } from '#shared/alerts/alert';
import { formatAlert } from '#shared/alerts/alert';
import type { OpenFailure } from '#shared/state/open-failures';
import { anAcceptance, memoryRegister } from '#test/support/acceptances';

function failure(overrides: Partial<OpenFailure> = {}): OpenFailure {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'Test::Vault::Box',
    resourceId: 'box-1',
    ruleId: 'box-locked',
    severity: 'high',
    annotation: 'unlocked',
    captureTime: '2026-11-20T00:00:00.000Z',
    evaluatedAt: '2026-11-20T00:00:00.000Z',
    failingSince: '2026-11-10T00:00:00.000Z',
    acceptanceId: 'acc-000000000001',
    ...overrides,
  };
}

function world(failures: OpenFailure[], now = '2026-12-25T00:00:00.000Z') {
  const register = memoryRegister(new Date(now));
  const alerts: Alert[] = [];
  let scans = 0;
  const deps = {
    ...register.deps,
    failures: {
      listOpenFailures: async () => {
        scans++;
        return { failures, malformedRows: 0 };
      },
    },
    notifier: { notify: async (alert: Alert) => void alerts.push(alert) },
    by: 'arn:aws:sts::123456789012:assumed-role/AcceptanceExpiry/fn',
    rules: [],
  };
  return { register, alerts, deps, scans: () => scans, run: () => runAcceptanceExpiry(deps) };
}

describe('acceptance expiry job', () => {
  it('warns the owner once, seven days before expiry, and records the warning as a register change', async () => {
    const w = world([failure()], '2026-12-24T00:00:00.000Z');
    await w.register.accept(anAcceptance());
    expect(await w.run()).toMatchObject({ warned: ['acc-000000000001'], lapsed: [] });
    expect(w.alerts).toHaveLength(1);
    const [alert] = w.alerts;
    expect(alert?.transition).toBe('ACCEPTANCE_EXPIRING');
    expect(alert?.acceptance).toMatchObject({
      owner: 'owner@example.com',
      approver: 'ciso@example.com',
      ended: 'expiring',
    });
    const text = formatAlert(alert as Alert).body;
    for (const fact of [
      'owner@example.com',
      'vendor appliance',
      'https://tickets.example.com/RISK-17',
      '2026-12-31T00:00:00.000Z',
    ]) {
      expect(text).toContain(fact);
    }
    // An hour later: no second warning.
    w.register.clock.now = new Date('2026-12-24T01:00:00.000Z');
    expect(await w.run()).toMatchObject({ warned: [], lapsed: [] });
    expect(w.alerts).toHaveLength(1);
    expect(checkRegisterChain(w.register.objects()).changes.map((change) => change.change)).toEqual([
      'accepted',
      'expiry-warned',
    ]);
    // Reading open failures is only for runs that close something.
    expect(w.scans()).toBe(0);
  });

  it('does not warn more than seven days ahead', async () => {
    const w = world([], '2026-12-23T23:00:00.000Z');
    await w.register.accept(anAcceptance());
    expect((await w.run()).warned).toEqual([]);
    expect(w.alerts).toEqual([]);
  });

  it('at expiry: re-alerts each still-failing resource it muted, not fixed ones, and writes lapsed once', async () => {
    const fixedElsewhere = failure({ resourceId: 'box-9', acceptanceId: undefined }); // not covered by box-1
    const w = world([failure(), fixedElsewhere], '2026-12-31T00:00:00.000Z');
    await w.register.accept(anAcceptance());
    const report = await w.run();
    expect(report.lapsed).toEqual([{ id: 'acc-000000000001', realerted: 1 }]);
    expect(w.alerts.map((alert) => [alert.transition, alert.resource.resourceId])).toEqual([
      ['NEW_FAILURE', 'box-1'],
    ]);
    expect(w.alerts[0]?.annotation).toContain(
      'expired at 2026-12-31T00:00:00.000Z and the resource still fails',
    );
    expect(w.alerts[0]?.acceptance).toMatchObject({ ended: 'expired', owner: 'owner@example.com' });
    expect(w.alerts[0]?.failingSince).toBe('2026-11-10T00:00:00.000Z');
    // The next run does nothing: the lapse is in the chain.
    expect(await w.run()).toMatchObject({ lapsed: [], warned: [] });
    expect(w.alerts).toHaveLength(1);
    const changes = checkRegisterChain(w.register.objects()).changes;
    expect(changes.at(-1)).toMatchObject({ change: 'lapsed', realerted: 1, by: w.deps.by });
  });

  it('a resource fixed before expiry (no open failure) is not alerted; the acceptance still lapses', async () => {
    const w = world([], '2027-01-02T00:00:00.000Z');
    await w.register.accept(anAcceptance());
    expect((await w.run()).lapsed).toEqual([{ id: 'acc-000000000001', realerted: 0 }]);
    expect(w.alerts).toEqual([]);
  });

  it('a pattern acceptance re-alerts every covered failure, even ones the evaluator re-judged after expiry (mark cleared)', async () => {
    const w = world(
      [
        failure({ resourceId: 'box-1', acceptanceId: undefined }),
        failure({ resourceId: 'box-2' }),
        failure({ ruleId: 'box-labelled', acceptanceId: undefined }),
      ],
      '2027-01-02T00:00:00.000Z',
    );
    await w.register.accept(anAcceptance({ resource: 'box-*' }));
    await w.run();
    expect(w.alerts.map((alert) => `${alert.ruleId}/${alert.resource.resourceId}`).sort()).toEqual([
      'box-locked/box-1',
      'box-locked/box-2',
    ]);
  });

  it('a revoked acceptance lapses on the next run and re-alerts, naming the revocation', async () => {
    const w = world([failure()], '2026-11-25T00:00:00.000Z');
    await w.register.accept(anAcceptance());
    await appendChange(
      'acc-000000000001',
      { change: 'revoked', reason: 'audit finding' },
      'bob',
      w.register.deps,
    );
    await w.run();
    expect(w.alerts[0]?.annotation).toContain('was revoked (audit finding)');
    expect(w.alerts[0]?.acceptance?.ended).toBe('revoked');
  });

  it('a failed alert leaves the acceptance open, so the next run alerts again (nothing lost)', async () => {
    const w = world([failure()], '2027-01-02T00:00:00.000Z');
    await w.register.accept(anAcceptance());
    const failing = {
      ...w.deps,
      notifier: {
        notify: async () => {
          throw new Error('SNS throttled');
        },
      },
    };
    const report = await runAcceptanceExpiry(failing);
    expect(report.failed).toEqual([{ id: 'acc-000000000001', error: 'SNS throttled' }]);
    expect(w.register.store.entries.get('acc-000000000001')?.lapsedAt).toBeUndefined();
    expect((await w.run()).lapsed).toEqual([{ id: 'acc-000000000001', realerted: 1 }]);
  });
});

describe('cachedRegister: the evaluator reads the register at most once per TTL', () => {
  it('shares one read within the TTL, reads again after it, and does not cache a failed read', async () => {
    let time = 0;
    let reads = 0;
    let fail = false;
    const lookup = cachedRegister(
      {
        read: async () => {
          reads++;
          if (fail) throw new Error('throttled');
          return { head: { sequence: 0, hash: null }, entries: new Map() };
        },
      },
      { ttlMs: 60_000, now: () => time },
    );
    await Promise.all([lookup.current(), lookup.current(), lookup.current()]);
    time = 59_999;
    await lookup.current();
    expect(reads).toBe(1);
    time = 60_000;
    fail = true;
    await expect(lookup.current()).rejects.toThrow('throttled');
    fail = false;
    await lookup.current();
    expect(reads).toBe(3);
  });
});
