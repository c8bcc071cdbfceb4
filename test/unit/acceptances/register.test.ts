import { describe, expect, it } from 'vitest';
import { AcceptanceError } from '#shared/acceptances/acceptance';
import { appendChange } from '#shared/acceptances/register';
import {
  changeDocument,
  changeKey,
  hashChange,
  parseChangeDocument,
  type RegisterChange,
} from '#shared/acceptances/register-chain';
import { checkFindingAcceptance, checkRegisterChain } from '#shared/acceptances/verify-register';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { EVIDENCE_SCHEMA_VERSION, type Finding, sealFinding } from '#shared/evidence/finding';
import { anAcceptance, memoryRegister } from '#test/support/acceptances';

function finding(overrides: Partial<Finding> = {}, evaluatedAt = '2026-11-23T12:00:00.000Z'): Finding {
  const { hash: _hash, ...rest } = {
    kind: 'finding',
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    evaluatedAt,
    ruleId: 'box-locked',
    severity: 'high',
    soc2: ['CC6.1'],
    compliance: 'NON_COMPLIANT',
    annotation: 'unlocked',
    resource: {
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'Test::Box',
      resourceId: 'box-1',
    },
    configurationItem: { captureTime: evaluatedAt, status: 'OK', sha256: 'a'.repeat(64) },
    source: { trigger: 'config-change' },
    sequence: 1,
    previousHash: null,
    hash: '',
    ...overrides,
  } as Finding;
  return sealFinding(rest);
}

/** Rewrites a stored change with new content and a correct hash (what someone with write access could do). */
function forge(body: string, edit: (change: RegisterChange) => RegisterChange): string {
  const parsed = parseChangeDocument(body);
  if (!('change' in parsed)) throw new Error(parsed.problem);
  const edited = edit(parsed.change);
  return changeDocument({ ...edited, hash: hashChange(edited) });
}

describe('appendChange: every register change is a locked, chained object, then the head', () => {
  it('stores accepted, revoked and expiry-warned changes as a chain the checker accepts', async () => {
    const register = memoryRegister();
    const first = await register.accept(anAcceptance());
    const second = await register.accept(anAcceptance({ id: 'acc-000000000002', resource: 'box-2' }));
    const revoked = await appendChange(
      'acc-000000000001',
      { change: 'revoked', reason: 'fixed' },
      'bob',
      register.deps,
    );

    expect([first.key, second.key, revoked.key]).toEqual([changeKey(1), changeKey(2), changeKey(3)]);
    expect(second.change.previousHash).toBe(first.change.hash);
    expect(revoked.change.previousHash).toBe(second.change.hash);
    expect(register.store.head).toEqual({ sequence: 3, hash: revoked.change.hash });
    expect(register.store.entries.get('acc-000000000001')).toMatchObject({
      revokedBy: 'bob',
      revokeReason: 'fixed',
    });

    const checked = checkRegisterChain(register.objects());
    expect(checked.problems).toEqual([]);
    expect(checked.changes.map((change) => change.change)).toEqual(['accepted', 'accepted', 'revoked']);
    // Stored exactly as canonical JSON with a newline.
    const stored = register.evidence.objects.get(changeKey(1)) ?? '';
    expect(stored).toBe(`${canonicalJson(first.change)}\n`);
  });

  it('refuses changes that do not fit: a second acceptance of an id, a change of an unknown one, a second revoke', async () => {
    const register = memoryRegister();
    await register.accept(anAcceptance());
    await expect(register.accept(anAcceptance())).rejects.toThrow('already accepted');
    await expect(
      appendChange('acc-00000000dead', { change: 'revoked', reason: 'x' }, 'bob', register.deps),
    ).rejects.toThrow(AcceptanceError);
    await appendChange('acc-000000000001', { change: 'revoked', reason: 'x' }, 'bob', register.deps);
    await expect(
      appendChange('acc-000000000001', { change: 'revoked', reason: 'again' }, 'bob', register.deps),
    ).rejects.toThrow('already revoked');
    // Nothing refused was stored.
    expect([...register.evidence.objects.keys()]).toEqual([changeKey(1), changeKey(2)]);
  });

  it('never forks: a change stored by a writer whose table write was lost is rolled forward, the next one follows it', async () => {
    const register = memoryRegister();
    await register.accept(anAcceptance());
    // Another writer stored #2 in the bucket, then died before moving the head.
    const lost = await (async () => {
      const other = memoryRegister();
      other.store.head = register.store.head;
      for (const [id, entry] of register.store.entries) other.store.entries.set(id, entry);
      for (const [key, body] of register.evidence.objects) other.evidence.objects.set(key, body);
      const appended = await other.accept(anAcceptance({ id: 'acc-000000000002' }));
      return { key: appended.key, body: other.evidence.objects.get(appended.key) ?? '' };
    })();
    register.evidence.objects.set(lost.key, lost.body);

    const third = await register.accept(anAcceptance({ id: 'acc-000000000003' }));
    expect(third.change.sequence).toBe(3);
    expect(register.store.entries.has('acc-000000000002')).toBe(true);
    expect(checkRegisterChain(register.objects()).problems).toEqual([]);
  });
});

describe('checkRegisterChain: a tampered, removed or forged change is detected', () => {
  async function threeChanges() {
    const register = memoryRegister();
    await register.accept(anAcceptance());
    await register.accept(anAcceptance({ id: 'acc-000000000002', resource: 'box-2' }));
    await appendChange('acc-000000000001', { change: 'revoked', reason: 'fixed' }, 'bob', register.deps);
    return register;
  }

  it('an altered entry (its hash no longer matches)', async () => {
    const register = await threeChanges();
    const body = register.evidence.objects.get(changeKey(1)) ?? '';
    register.evidence.objects.set(changeKey(1), body.replace('2026-12-31', '2027-06-30'));
    const { problems } = checkRegisterChain(register.objects());
    expect(problems).toContainEqual(
      expect.objectContaining({
        kind: 'malformed',
        where: changeKey(1),
        detail: expect.stringContaining('hash mismatch'),
      }),
    );
  });

  it('an altered entry re-hashed (the next change no longer links to it)', async () => {
    const register = await threeChanges();
    const body = register.evidence.objects.get(changeKey(1)) ?? '';
    register.evidence.objects.set(
      changeKey(1),
      forge(body, (change) =>
        change.change === 'accepted'
          ? { ...change, acceptance: { ...change.acceptance, expiresAt: '2027-06-30T00:00:00.000Z' } }
          : change,
      ),
    );
    const { problems } = checkRegisterChain(register.objects());
    expect(problems).toContainEqual(
      expect.objectContaining({
        kind: 'broken-chain',
        where: changeKey(2),
        detail: expect.stringContaining('is not the hash of #1'),
      }),
    );
  });

  it('a removed change in the middle', async () => {
    const register = await threeChanges();
    register.evidence.objects.delete(changeKey(2));
    expect(checkRegisterChain(register.objects()).problems).toContainEqual(
      expect.objectContaining({ kind: 'missing', detail: expect.stringContaining('#2 is missing') }),
    );
  });

  it('a change stored under another sequence key', async () => {
    const register = await threeChanges();
    const body = register.evidence.objects.get(changeKey(3)) ?? '';
    register.evidence.objects.delete(changeKey(3));
    register.evidence.objects.set(changeKey(4), body);
    expect(checkRegisterChain(register.objects()).problems).toContainEqual(
      expect.objectContaining({ kind: 'broken-chain', where: changeKey(4) }),
    );
  });

  it('a forged change that revokes twice or names an unknown acceptance', async () => {
    const register = await threeChanges();
    const third = register.evidence.objects.get(changeKey(3)) ?? '';
    const parsed = parseChangeDocument(third);
    if (!('change' in parsed)) throw new Error('unreadable');
    const forged = forge(third, (change) => ({
      ...change,
      sequence: 4,
      previousHash: parsed.change.hash,
      acceptanceId: 'acc-00000000beef',
    }));
    register.evidence.objects.set(changeKey(4), forged);
    expect(checkRegisterChain(register.objects()).problems).toContainEqual(
      expect.objectContaining({ where: changeKey(4), detail: expect.stringContaining('unknown acceptance') }),
    );
  });
});

describe('checkFindingAcceptance: findings claiming an acceptance the chain does not hold are flagged', () => {
  it('accepts a claim the chain holds, covering the resource, in force at evaluation', async () => {
    const register = memoryRegister();
    const { change } = await register.accept(anAcceptance());
    const checked = checkRegisterChain(register.objects());
    const claim = {
      id: 'acc-000000000001',
      changeHash: change.hash,
      owner: 'owner@example.com',
      expiresAt: '2026-12-31T00:00:00.000Z',
    };
    expect(checkFindingAcceptance(finding({ acceptance: claim }), checked, 'k')).toBeUndefined();
  });

  it.each([
    [
      'a change hash not in the chain',
      (hash: string) => ({ changeHash: hash.replace(/^./, hash.startsWith('0') ? '1' : '0') }),
      {},
      '2026-11-23T12:00:00.000Z',
      'does not hold',
    ],
    [
      'another id than the change',
      () => ({ id: 'acc-000000000009' }),
      {},
      '2026-11-23T12:00:00.000Z',
      'does not hold',
    ],
    [
      'a later expiry than the register',
      () => ({ expiresAt: '2027-06-30T00:00:00.000Z' }),
      {},
      '2026-11-23T12:00:00.000Z',
      'owner or expiry',
    ],
    [
      'another resource',
      () => ({}),
      {
        resource: {
          accountId: '123456789012',
          region: 'us-east-1',
          resourceType: 'Test::Box',
          resourceId: 'box-2',
        },
      },
      '2026-11-23T12:00:00.000Z',
      'does not cover',
    ],
    ['another rule', () => ({}), { ruleId: 'box-labelled' }, '2026-11-23T12:00:00.000Z', 'does not cover'],
    ['an evaluation after expiry', () => ({}), {}, '2027-01-02T00:00:00.000Z', 'not in force'],
    ['an evaluation before the start', () => ({}), {}, '2026-10-02T00:00:00.000Z', 'not in force'],
  ])('flags %s', async (_name, claimEdit, findingEdit, evaluatedAt, detail) => {
    const register = memoryRegister();
    const { change } = await register.accept(anAcceptance());
    const checked = checkRegisterChain(register.objects());
    const claim = {
      id: 'acc-000000000001',
      changeHash: change.hash,
      owner: 'owner@example.com',
      expiresAt: '2026-12-31T00:00:00.000Z',
      ...claimEdit(change.hash),
    };
    const problem = checkFindingAcceptance(
      finding({ acceptance: claim, ...findingEdit }, evaluatedAt),
      checked,
      'k',
    );
    expect(problem).toMatchObject({ kind: 'forged-acceptance', detail: expect.stringContaining(detail) });
  });

  it('flags a finding evaluated after the acceptance was revoked', async () => {
    const register = memoryRegister();
    const { change } = await register.accept(anAcceptance());
    register.clock.now = new Date('2026-11-20T00:00:00.000Z');
    await appendChange('acc-000000000001', { change: 'revoked', reason: 'fixed' }, 'bob', register.deps);
    const checked = checkRegisterChain(register.objects());
    const claim = {
      id: 'acc-000000000001',
      changeHash: change.hash,
      owner: 'owner@example.com',
      expiresAt: '2026-12-31T00:00:00.000Z',
    };
    expect(
      checkFindingAcceptance(finding({ acceptance: claim }, '2026-11-19T00:00:00.000Z'), checked, 'k'),
    ).toBeUndefined();
    expect(
      checkFindingAcceptance(finding({ acceptance: claim }, '2026-11-21T00:00:00.000Z'), checked, 'k'),
    ).toMatchObject({
      detail: expect.stringContaining('revoked'),
    });
  });

  it('leaves alone a tag exemption without an acceptance (evidence from before the register)', () => {
    const legacy = finding({ exemption: { tag: 'all', reason: 'mine' } });
    expect(checkFindingAcceptance(legacy, checkRegisterChain([]), 'k')).toBeUndefined();
  });

  it('flags a finding under a tag-delegating acceptance that names no tag', async () => {
    const register = memoryRegister();
    const { change } = await register.accept(anAcceptance({ allowTagExemption: true }));
    const checked = checkRegisterChain(register.objects());
    const claim = {
      id: 'acc-000000000001',
      changeHash: change.hash,
      owner: 'owner@example.com',
      expiresAt: '2026-12-31T00:00:00.000Z',
    };
    expect(checkFindingAcceptance(finding({ acceptance: claim }), checked, 'k')).toMatchObject({
      detail: expect.stringContaining('covers only tagged resources'),
    });
    const tagged = finding({ acceptance: claim, exemption: { tag: 'all', reason: 'x' } });
    expect(checkFindingAcceptance(tagged, checked, 'k')).toBeUndefined();
  });
});
