import { describe, expect, it } from 'vitest';
import { appendChange } from '#shared/acceptances/register';
import { checkFindingAcceptance, checkRegisterChain } from '#shared/acceptances/verify-register';
import type { Alert } from '#shared/alerts/alert';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { type PipelineDeps, type PipelineSource, processConfigurationItem } from '#shared/pipeline/process';
import type { RemediationRequest } from '#shared/remediations/request';
import { RuleEngine } from '#shared/rules/engine';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';
import { partitionKeyOf, type ResourceState } from '#shared/state/compliance-state';
import { anAcceptance, memoryRegister } from '#test/support/acceptances';
import { memoryEvidence, memoryState, storedRecords } from '../pipeline/memory-ports';

const TYPE = 'Test::Vault::Box';
const CHANGE: PipelineSource = { trigger: 'config-change', eventId: 'evt-1' };
const SWEEP: PipelineSource = { trigger: 'sweep', eventId: 'sweep-1' };

const LOCKED: Rule = {
  id: 'box-locked',
  title: 'Boxes are locked',
  resourceTypes: [TYPE],
  severity: 'high',
  parameters: {},
  rationale: 'test rule',
  remediationAdvice: 'lock it',
  managedRule: false,
  evaluate: (item) => (item.configuration?.locked === true ? compliant('locked') : nonCompliant('unlocked')),
};

function box(captureTime: string, locked: boolean, tags: Record<string, string> = {}): ConfigurationItem {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: TYPE,
    resourceId: 'box-1',
    resourceName: 'box',
    captureTime,
    status: 'OK',
    configuration: { locked },
    supplementaryConfiguration: {},
    tags,
    relationships: [],
  };
}

function world() {
  const register = memoryRegister(new Date('2026-11-23T12:00:00.000Z'));
  const objects = new Map<string, string>();
  const rows = new Map<string, ResourceState>();
  const alerts: Alert[] = [];
  const requests: RemediationRequest[] = [];
  const deps: PipelineDeps = {
    engine: new RuleEngine([LOCKED], {}, () => ['CC6.1']),
    evidence: memoryEvidence(objects, new Map()),
    state: memoryState(rows),
    notifier: { notify: async (alert) => void alerts.push(alert) },
    clock: () => register.clock.now,
    leaseMs: 0,
    pendingWaitMs: 0,
    acceptances: register.lookup,
    remediation: { wants: async () => true, request: async (request) => void requests.push(request) },
  };
  return {
    register,
    deps,
    alerts,
    requests,
    findings: () => storedRecords(objects).findings.map((entry) => entry.record),
    row: () =>
      rows.get(
        partitionKeyOf({
          accountId: '123456789012',
          region: 'us-east-1',
          resourceType: TYPE,
          resourceId: 'box-1',
        }),
      ),
  };
}

describe('pipeline: findings of an accepted resource–rule are recorded, marked and muted', () => {
  it('an accepted failure is recorded with the acceptance, does not alert and is not remediated; the state keeps the failure', async () => {
    const w = world();
    const { change } = await w.register.accept(anAcceptance());
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false), CHANGE, w.deps);

    const [finding] = w.findings();
    expect(finding).toMatchObject({
      compliance: 'NON_COMPLIANT',
      acceptance: {
        id: 'acc-000000000001',
        changeHash: change.hash,
        owner: 'owner@example.com',
        expiresAt: '2026-12-31T00:00:00.000Z',
      },
    });
    expect(w.alerts).toEqual([]);
    expect(w.requests).toEqual([]);
    expect(w.row()?.rules['box-locked']).toMatchObject({
      compliance: 'NON_COMPLIANT',
      acceptanceId: 'acc-000000000001',
    });
    // The mark holds against the locked chain.
    expect(
      checkFindingAcceptance(finding as never, checkRegisterChain(w.register.objects()), 'k'),
    ).toBeUndefined();
  });

  it('a failure outside the acceptance (another resource pattern) alerts and is remediated as before', async () => {
    const w = world();
    await w.register.accept(anAcceptance({ resource: 'box-2' }));
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false), CHANGE, w.deps);
    expect(w.findings()[0]?.acceptance).toBeUndefined();
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE']);
    expect(w.requests).toHaveLength(1);
  });

  it('an acceptance that begins on an unchanged failing resource records a new, marked finding (not an attestation)', async () => {
    const w = world();
    await processConfigurationItem(box('2026-11-23T10:00:00.000Z', false), CHANGE, w.deps);
    expect(w.alerts).toHaveLength(1);
    await w.register.accept(anAcceptance());
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false), SWEEP, w.deps);
    const findings = w.findings();
    expect(findings.map((finding) => [finding.sequence, finding.acceptance?.id])).toEqual([
      [1, undefined],
      [2, 'acc-000000000001'],
    ]);
    // The sweep would re-ask for remediation of a still-failing resource; not for an accepted one.
    expect(w.requests).toHaveLength(1);
  });

  it('after expiry the evaluator no longer marks or mutes: an unchanged failure is recorded unmarked, and a sweep asks for remediation', async () => {
    const w = world();
    await w.register.accept(anAcceptance({ expiresAt: '2026-11-24T00:00:00.000Z' }));
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false), CHANGE, w.deps);
    expect(w.requests).toHaveLength(0);
    w.register.clock.now = new Date('2026-11-24T00:00:00.000Z');
    await processConfigurationItem(box('2026-11-24T00:00:00.000Z', false), SWEEP, w.deps);
    expect(w.findings().map((finding) => finding.acceptance?.id)).toEqual(['acc-000000000001', undefined]);
    expect(w.row()?.rules['box-locked']?.acceptanceId).toBeUndefined();
    expect(w.requests).toHaveLength(1);
  });

  it('a new failure after revocation alerts again', async () => {
    const w = world();
    await w.register.accept(anAcceptance());
    await processConfigurationItem(box('2026-11-23T10:00:00.000Z', true), CHANGE, w.deps);
    await appendChange(
      'acc-000000000001',
      { change: 'revoked', reason: 'fixed early' },
      'bob',
      w.register.deps,
    );
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false), CHANGE, w.deps);
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE']);
  });
});

describe('pipeline: a vigil:exempt tag alone no longer exempts', () => {
  const TAGS = { 'vigil:exempt': 'box-locked', 'vigil:exempt-reason': 'legacy appliance' };

  it('a tag without a register entry is recorded as exemptionTag, and the failure alerts and is remediated', async () => {
    const w = world();
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false, TAGS), CHANGE, w.deps);
    const [finding] = w.findings();
    expect(finding?.exemption).toBeUndefined();
    expect(finding?.exemptionTag).toEqual({ tag: 'box-locked', reason: 'legacy appliance' });
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE']);
    expect(w.requests).toHaveLength(1);
  });

  it('a tag an acceptance allows exempts: marked, exemption recorded, muted', async () => {
    const w = world();
    await w.register.accept(anAcceptance({ resource: 'box-*', allowTagExemption: true }));
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false, TAGS), CHANGE, w.deps);
    const [finding] = w.findings();
    expect(finding?.exemption).toEqual({ tag: 'box-locked', reason: 'legacy appliance' });
    expect(finding?.acceptance?.id).toBe('acc-000000000001');
    expect(finding?.exemptionTag).toBeUndefined();
    expect(w.alerts).toEqual([]);
    expect(w.requests).toEqual([]);
  });

  it('a delegating acceptance does not cover an untagged resource of its pattern', async () => {
    const w = world();
    await w.register.accept(anAcceptance({ resource: 'box-*', allowTagExemption: true }));
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false), CHANGE, w.deps);
    expect(w.findings()[0]?.acceptance).toBeUndefined();
    expect(w.alerts).toHaveLength(1);
  });

  it('reads the register once per item, not once per rule or per attempt', async () => {
    const w = world();
    await w.register.accept(anAcceptance());
    const before = w.register.store.reads;
    await processConfigurationItem(box('2026-11-23T11:00:00.000Z', false), CHANGE, w.deps);
    expect(w.register.store.reads - before).toBe(1);
  });
});
