import { describe, expect, it } from 'vitest';
import type { Alert } from '#shared/alerts/alert';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ResourceRef } from '#shared/describe/describer';
import type { PutEvidenceResult } from '#shared/evidence/evidence-store';
import { MemberRoleUnavailableError } from '#shared/organization/assume-role';
import type { PlannedCall } from '#shared/remediations/calls';
import { RemediationEvidenceError } from '#shared/remediations/errors';
import type { RemediationPorts } from '#shared/remediations/ports';
import type { RateLimiter } from '#shared/remediations/rate-limiter';
import type { CurrentResource, RemediationReader } from '#shared/remediations/reader';
import { type RemediationRecord, verifyRecord } from '#shared/remediations/record';
import type { Remediation } from '#shared/remediations/remediation';
import type { RemediationRequest } from '#shared/remediations/request';
import { lookupIdOf, type RemediationDeps, runRemediation } from '#shared/remediations/run';
import { CachedToggles, type RemediationMode } from '#shared/remediations/toggles';
import { anAcceptance, memoryRegister } from '#test/support/acceptances';
import { loadFixture } from '#test/support/fixtures';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const RULE = 'ec2-imdsv2-check';

const fixed = (item: ConfigurationItem): ConfigurationItem => ({
  ...item,
  configuration: {
    ...(item.configuration ?? {}),
    metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled' },
  },
});

/** An in-memory world: one instance whose metadata options the EC2 port really changes. */
function world(options: {
  mode?: RemediationMode;
  tags?: Record<string, string>;
  allowed?: boolean;
  failCall?: boolean;
  failAlert?: boolean;
  ignoreCall?: boolean;
}) {
  const base = loadFixture('AWS::EC2::Instance', 'imdsv1-optional-public-ip').item;
  let current: ConfigurationItem = { ...base, tags: { ...base.tags, ...(options.tags ?? {}) } };
  const sent: PlannedCall[] = [];
  const stored: { key: string; record: RemediationRecord }[] = [];
  const alerts: Alert[] = [];
  const reject = async () => {
    throw new Error('unexpected call');
  };
  const ports: RemediationPorts = {
    s3: {
      PutPublicAccessBlock: reject,
      PutBucketPolicy: reject,
      PutBucketEncryption: reject,
      PutBucketVersioning: reject,
    },
    logs: { PutRetentionPolicy: reject },
    kms: { EnableKeyRotation: reject },
    rds: { ModifyDBInstance: reject },
    ec2: {
      ModifyInstanceMetadataOptions: async (input) => {
        sent.push({ service: 'ec2', operation: 'ModifyInstanceMetadataOptions', input, description: '' });
        if (options.failCall)
          throw Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' });
        if (!options.ignoreCall) current = fixed(current);
      },
      RevokeSecurityGroupIngress: reject,
      CreateFlowLogs: reject,
    },
  };
  const reader: RemediationReader = {
    canRead: () => true,
    read: async (_ref: ResourceRef): Promise<CurrentResource> => ({ item: current, inventory: [] }),
  };
  const rateLimiter: RateLimiter = {
    tryAcquire: async () => ({ allowed: options.allowed ?? true, window: '2026-11-23T12', limit: 3 }),
  };
  const deps: RemediationDeps = {
    toggles: new CachedToggles({ defaults: { [RULE]: options.mode ?? 'on' } }),
    reader,
    ports,
    rateLimiter,
    records: {
      putRecord: async (key, record): Promise<PutEvidenceResult> => {
        stored.push({ key, record });
        return { status: 'created', key };
      },
      location: (key) => `s3://evidence/${key}`,
    },
    notifier: {
      notify: async (alert) => {
        if (options.failAlert) throw new Error('topic gone');
        alerts.push(alert);
      },
    },
    settings: {},
    ruleParameters: {},
    clock: () => NOW,
    actor: { function: 'vigil-remediate', invocationId: 'req-1' },
  };
  const request: RemediationRequest = {
    version: 1,
    requestId: 'finding-123',
    ruleId: RULE,
    resource: {
      accountId: base.accountId,
      region: base.region,
      resourceType: base.resourceType,
      resourceId: base.resourceId,
    },
    trigger: {
      source: 'config-change',
      captureTime: base.captureTime,
      findingKey: 'findings/x.json',
      findingHash: 'a'.repeat(64),
    },
    requestedAt: NOW.toISOString(),
  };
  return { deps, request, sent, stored, alerts, current: () => current };
}

describe('runRemediation', () => {
  it('on: makes the planned call, re-reads, records before/after and alerts REMEDIATION_SUCCEEDED', async () => {
    const w = world({});
    const result = await runRemediation(w.request, w.deps);
    expect(result.status).toBe('recorded');
    expect(w.sent).toHaveLength(1);
    const [{ key, record }] = w.stored as [{ key: string; record: RemediationRecord }];
    // Dated by the hour the record is written in (the clock is fixed at 12:00), so that hour's digest lists it.
    expect(key).toMatch(/^remediations\/\d{12}\/us-east-1\/2026\/11\/23\/12\/aws-ec2-instance\//);
    expect(record).toMatchObject({
      outcome: 'remediated',
      mode: 'on',
      before: { compliance: 'NON_COMPLIANT' },
      after: { compliance: 'COMPLIANT' },
      made: [{ service: 'ec2', operation: 'ModifyInstanceMetadataOptions', status: 'succeeded' }],
      trigger: { requestId: 'finding-123', findingKey: 'findings/x.json', source: 'config-change' },
      actor: { function: 'vigil-remediate', invocationId: 'req-1' },
    });
    expect(verifyRecord(record)).toBe(true);
    expect(w.alerts.map((alert) => alert.transition)).toEqual(['REMEDIATION_SUCCEEDED']);
    expect(w.alerts[0]?.remediation?.calls).toEqual([
      expect.objectContaining({ call: 'ec2:ModifyInstanceMetadataOptions', status: 'made' }),
    ]);
    expect(w.alerts[0]?.evidence.location).toBe(`s3://evidence/${key}`);
  });

  it('dry-run: changes nothing, records the planned call and alerts REMEDIATION_PLANNED', async () => {
    const w = world({ mode: 'dry-run' });
    await runRemediation(w.request, w.deps);
    expect(w.sent).toEqual([]);
    expect(w.stored[0]?.record).toMatchObject({
      outcome: 'planned',
      made: [],
      planned: [
        { operation: 'ModifyInstanceMetadataOptions', iamAction: 'ec2:ModifyInstanceMetadataOptions' },
      ],
    });
    expect(w.stored[0]?.record.after).toBeUndefined();
    expect(w.alerts[0]?.transition).toBe('REMEDIATION_PLANNED');
  });

  it('off: skips without reading, recording or alerting', async () => {
    const w = world({ mode: 'off' });
    expect(await runRemediation(w.request, w.deps)).toMatchObject({ status: 'skipped', mode: 'off' });
    expect(w.stored).toEqual([]);
    expect(w.alerts).toEqual([]);
  });

  it('exempt: a tag the register allows records the exemption, never calls, never alerts', async () => {
    const w = world({ tags: { 'vigil:exempt': RULE, 'vigil:exempt-reason': 'legacy agent' } });
    const register = memoryRegister(NOW);
    await register.accept(
      anAcceptance({ ruleId: RULE, resource: 'i-*', accountId: '*', allowTagExemption: true }),
    );
    const result = await runRemediation(w.request, { ...w.deps, acceptances: register.lookup });
    expect(result).toMatchObject({ status: 'recorded', outcome: 'exempt', alerted: false });
    expect(w.sent).toEqual([]);
    expect(w.stored[0]?.record.exemption).toEqual({ tag: RULE, reason: 'legacy agent' });
  });

  it('exempt: an acceptance without tags covers the resource, and the record names it', async () => {
    const w = world({});
    const register = memoryRegister(NOW);
    await register.accept(anAcceptance({ ruleId: RULE, resource: 'i-*', accountId: '*' }));
    const result = await runRemediation(w.request, { ...w.deps, acceptances: register.lookup });
    expect(result).toMatchObject({ status: 'recorded', outcome: 'exempt' });
    expect(w.sent).toEqual([]);
    expect(w.stored[0]?.record.exemption?.reason).toContain('accepted risk acc-000000000001');
  });

  it('a bare vigil:exempt tag no longer exempts: the resource is remediated', async () => {
    const w = world({ tags: { 'vigil:exempt': RULE, 'vigil:exempt-reason': 'legacy agent' } });
    const register = memoryRegister(NOW);
    const result = await runRemediation(w.request, { ...w.deps, acceptances: register.lookup });
    expect(result).toMatchObject({ status: 'recorded', outcome: 'remediated' });
    expect(w.sent).toHaveLength(1);
  });

  it('rate-limited: records and alerts a failure without calling', async () => {
    const w = world({ allowed: false });
    await runRemediation(w.request, w.deps);
    expect(w.sent).toEqual([]);
    expect(w.stored[0]?.record).toMatchObject({
      outcome: 'rate-limited',
      rateLimit: { window: '2026-11-23T12', limit: 3 },
    });
    expect(w.alerts[0]?.transition).toBe('REMEDIATION_FAILED');
    expect(w.alerts[0]?.remediation?.error).toContain('rate limit');
  });

  it('a failed call is recorded with its error and alerted as REMEDIATION_FAILED', async () => {
    const w = world({ failCall: true });
    const result = await runRemediation(w.request, w.deps);
    expect(result).toMatchObject({ status: 'recorded', outcome: 'failed' });
    expect(w.stored[0]?.record.made).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.stringContaining('UnauthorizedOperation') }),
    ]);
    expect(w.stored[0]?.record.after?.compliance).toBe('NON_COMPLIANT');
    expect(w.alerts[0]?.transition).toBe('REMEDIATION_FAILED');
    expect(w.alerts[0]?.remediation?.calls?.[0]?.status).toBe('failed');
  });

  it('a call AWS accepted that did not fix the resource is a failure (immediate verification)', async () => {
    const w = world({ ignoreCall: true });
    const result = await runRemediation(w.request, w.deps);
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(w.stored[0]?.record.reason).toContain('re-evaluated NON_COMPLIANT');
  });

  it('a resource that is compliant by the time the request arrives is skipped', async () => {
    const w = world({});
    await runRemediation(w.request, w.deps);
    const again = await runRemediation({ ...w.request, requestId: 'finding-124' }, w.deps);
    expect(again).toMatchObject({ status: 'skipped' });
    expect(w.sent).toHaveLength(1);
    expect(w.stored).toHaveLength(1);
  });

  it('an alert that cannot be sent does not undo the stored record', async () => {
    const w = world({ failAlert: true });
    const result = await runRemediation(w.request, w.deps);
    expect(result).toMatchObject({ status: 'recorded', alerted: false, alertError: 'topic gone' });
    expect(w.stored).toHaveLength(1);
  });

  it('a remediation that plans a call outside its permissions is stopped before any call', async () => {
    const w = world({});
    const rogue: Remediation = {
      ruleId: RULE,
      title: 'rogue',
      resourceTypes: ['AWS::EC2::Instance'],
      permissions: ['ec2:ModifyInstanceMetadataOptions'],
      verification: 'immediate',
      plan: () => ({
        kind: 'calls',
        calls: [
          {
            service: 'ec2',
            operation: 'TerminateInstances',
            input: { InstanceIds: ['i-1'] },
            description: 'terminate',
          } as unknown as PlannedCall,
        ],
      }),
    };
    const result = await runRemediation(w.request, { ...w.deps, remediations: [rogue] });
    expect(result).toMatchObject({ status: 'recorded', outcome: 'failed' });
    expect(w.stored[0]?.record.reason).toContain('not in the call catalog');
    expect(w.sent).toEqual([]);
  });

  it('skips rules without a remediation', async () => {
    const w = world({});
    expect(await runRemediation({ ...w.request, ruleId: 'iam-password-policy' }, w.deps)).toMatchObject({
      status: 'skipped',
    });
  });
});

describe('lookupIdOf', () => {
  const base: RemediationRequest = {
    version: 1,
    requestId: 'r',
    ruleId: 'x',
    resource: {
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-ABC',
      resourceName: 'orders',
    },
    trigger: { source: 'sweep', captureTime: NOW.toISOString() },
    requestedAt: NOW.toISOString(),
  };

  it.each([
    ['AWS::RDS::DBInstance', 'orders'],
    ['AWS::Logs::LogGroup', 'orders'],
    ['AWS::EC2::Instance', 'db-ABC'],
  ])('%s is looked up by %s', (resourceType, expected) => {
    expect(lookupIdOf({ ...base, resource: { ...base.resource, resourceType } })).toBe(expected);
  });
});

describe('runRemediation when the record cannot be stored', () => {
  it('throws a retryable evidence error carrying the record (the change was already made)', async () => {
    const w = world({});
    const failing = {
      ...w.deps,
      records: {
        putRecord: async () => {
          throw new Error('bucket unreachable');
        },
        location: (key: string) => key,
      },
    };
    const error = await runRemediation(w.request, failing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemediationEvidenceError);
    expect((error as RemediationEvidenceError).context.record).toMatchObject({ outcome: 'remediated' });
    expect(w.sent).toHaveLength(1);
    expect(w.alerts).toEqual([]);
  });
});

describe('runRemediation in member accounts', () => {
  it("acts through the resource's own account scope", async () => {
    const w = world({});
    const scopes: string[] = [];
    const result = await runRemediation(w.request, {
      ...w.deps,
      scope: (accountId, region) => {
        scopes.push(`${accountId}/${region}`);
        return { reader: w.deps.reader, ports: w.deps.ports };
      },
    });
    expect(result.status).toBe('recorded');
    expect(scopes).toEqual([`${w.request.resource.accountId}/${w.request.resource.region}`]);
  });

  it('skips, changing and recording nothing, where the member has no remediation role (AssumeRole AccessDenied)', async () => {
    const w = world({});
    const denied = new MemberRoleUnavailableError(
      'cannot assume arn:aws:iam::222222222222:role/VigilMemberRemediation: AccessDenied',
    );
    const result = await runRemediation(w.request, {
      ...w.deps,
      scope: () => ({
        reader: {
          canRead: () => true,
          read: async () => {
            throw new Error('cannot describe AWS::EC2::Instance i-1', { cause: denied });
          },
        },
        ports: w.deps.ports,
      }),
    });
    expect(result).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('VigilMemberRemediation: AccessDenied'),
    });
    expect(w.sent).toEqual([]);
    expect(w.stored).toEqual([]);
  });

  it('still throws (to be retried) on any other read failure', async () => {
    const w = world({});
    await expect(
      runRemediation(w.request, {
        ...w.deps,
        scope: () => ({
          reader: { canRead: () => true, read: async () => Promise.reject(new Error('ThrottlingException')) },
          ports: w.deps.ports,
        }),
      }),
    ).rejects.toThrow('ThrottlingException');
  });
});
