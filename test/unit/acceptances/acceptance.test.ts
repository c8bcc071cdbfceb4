import { describe, expect, it } from 'vitest';
import {
  AcceptanceError,
  acceptanceCovers,
  inWindow,
  parseAcceptance,
  resourceMatches,
} from '#shared/acceptances/acceptance';
import { marksFor } from '#shared/acceptances/lookup';
import { anAcceptance, memoryRegister } from '#test/support/acceptances';

const TARGET = {
  ruleId: 'box-locked',
  accountId: '123456789012',
  region: 'us-east-1',
  resourceId: 'box-1',
  arn: 'arn:aws:test:us-east-1:123456789012:box/box-1',
};

describe('Acceptance schema: what the register refuses', () => {
  it('accepts a complete acceptance', () => {
    expect(parseAcceptance(anAcceptance())).toMatchObject({ id: 'acc-000000000001' });
  });

  it.each([
    ['no reason', { reason: '  ' }, 'reason: a reason is required'],
    ['no owner', { owner: '' }, 'owner: an owner is required'],
    ['no approver', { approver: '' }, 'approver: an approver is required'],
    [
      'owner approving their own risk',
      { approver: 'OWNER@example.com' },
      'approver: must be someone other than the owner',
    ],
    ['expiry before start', { expiresAt: '2026-10-01T00:00:00.000Z' }, 'expiresAt: must be after startsAt'],
    ['expiry past a year', { expiresAt: '2027-11-03T00:00:00.000Z' }, 'expiresAt: must be at most 366 days'],
    ['a pattern that matches everything', { resource: '*' }, 'resource: matches every resource'],
    ['a pattern of wildcards only', { resource: '*?*' }, 'resource: matches every resource'],
    ['white space in the pattern', { resource: 'box 1' }, 'resource: contains white space'],
    ['a malformed account', { accountId: '1234' }, 'accountId: must be a 12-digit account id or *'],
    ['a ticket that is not a URL', { ticket: 'RISK-17' }, 'ticket'],
    ['a ticket with another scheme', { ticket: 'javascript:alert(1)' }, 'ticket'],
  ])('refuses %s with a clear message', (_name, overrides, message) => {
    expect(() => parseAcceptance(anAcceptance(overrides))).toThrow(AcceptanceError);
    expect(() => parseAcceptance(anAcceptance(overrides))).toThrow(message);
  });
});

describe('acceptance matching: rule, resource, account, region, time window', () => {
  it.each([
    ['the exact id', 'box-1', true],
    ['the exact ARN', 'arn:aws:test:us-east-1:123456789012:box/box-1', true],
    ['another id', 'box-10', false],
    ['a prefix without wildcard (exact match only)', 'box-', false],
    ['a glob over ids', 'box-*', true],
    ['a one-character glob', 'box-?', true],
    ['a glob that needs two characters', 'box-??', false],
    ['a glob over ARNs', 'arn:aws:test:*:123456789012:box/*', true],
    ['regex characters taken literally', 'box.1', false],
  ])('%s', (_name, pattern, expected) => {
    expect(resourceMatches(pattern, TARGET)).toBe(expected);
  });

  it.each([
    ['the same rule, account and any region', {}, true],
    ['another rule', { ruleId: 'box-labelled' }, false],
    ['another account', { accountId: '210987654321' }, false],
    ['every account', { accountId: '*' }, true],
    ['the same region', { region: 'us-east-1' }, true],
    ['another region', { region: 'eu-west-1' }, false],
  ])('covers %s: %s', (_name, overrides, expected) => {
    expect(acceptanceCovers(anAcceptance(overrides), TARGET)).toBe(expected);
  });

  it('is in force from startsAt (inclusive) to expiresAt (exclusive)', () => {
    const acceptance = anAcceptance();
    expect(inWindow(acceptance, new Date('2026-10-31T23:59:59.999Z'))).toBe(false);
    expect(inWindow(acceptance, new Date('2026-11-01T00:00:00.000Z'))).toBe(true);
    expect(inWindow(acceptance, new Date('2026-12-30T23:59:59.999Z'))).toBe(true);
    expect(inWindow(acceptance, new Date('2026-12-31T00:00:00.000Z'))).toBe(false);
  });
});

describe('marksFor: what the register and the tags say about a finding', () => {
  const AT = new Date('2026-11-23T12:00:00.000Z');
  const TAG = { 'vigil:exempt': 'box-locked', 'vigil:exempt-reason': 'legacy' };

  it('marks a covered resource with the acceptance and its change hash', async () => {
    const register = memoryRegister();
    const { change } = await register.accept(anAcceptance());
    const marks = marksFor(await register.lookup.current(), TARGET, {}, AT);
    expect(marks).toEqual({
      acceptance: {
        id: 'acc-000000000001',
        changeHash: change.hash,
        owner: 'owner@example.com',
        expiresAt: '2026-12-31T00:00:00.000Z',
      },
    });
  });

  it('reports a bare exemption tag, without exempting: no register entry allows it', async () => {
    const register = memoryRegister();
    expect(marksFor(await register.lookup.current(), TARGET, TAG, AT)).toEqual({
      exemptionTag: { tag: 'box-locked', reason: 'legacy' },
    });
    expect(marksFor(undefined, TARGET, TAG, AT)).toEqual({
      exemptionTag: { tag: 'box-locked', reason: 'legacy' },
    });
  });

  it('honours a tag only where an acceptance allows tag exemption for that rule and resource', async () => {
    const register = memoryRegister();
    await register.accept(anAcceptance({ resource: 'box-*', allowTagExemption: true }));
    const view = await register.lookup.current();
    expect(marksFor(view, TARGET, TAG, AT)).toMatchObject({
      acceptance: { id: 'acc-000000000001' },
      exemption: { tag: 'box-locked', reason: 'legacy' },
    });
    // Without the tag, a delegating acceptance covers nothing.
    expect(marksFor(view, TARGET, {}, AT)).toEqual({});
    // A tag for another rule is not allowed by an acceptance of this one.
    expect(marksFor(view, { ...TARGET, ruleId: 'box-labelled' }, { 'vigil:exempt': 'all' }, AT)).toEqual({
      exemptionTag: { tag: 'all', reason: expect.stringContaining('no reason given') },
    });
  });

  it('ignores acceptances not yet begun, expired or revoked', async () => {
    const register = memoryRegister();
    await register.accept(anAcceptance());
    const view = await register.lookup.current();
    expect(marksFor(view, TARGET, {}, new Date('2026-10-01T00:00:00.000Z'))).toEqual({});
    expect(marksFor(view, TARGET, {}, new Date('2026-12-31T00:00:00.000Z'))).toEqual({});
    const { appendChange } = await import('#shared/acceptances/register');
    await appendChange(
      'acc-000000000001',
      { change: 'revoked', reason: 'fixed early' },
      'alice',
      register.deps,
    );
    expect(marksFor(await register.lookup.current(), TARGET, {}, AT)).toEqual({});
  });

  it('prefers the narrowest acceptance when several cover the resource', async () => {
    const register = memoryRegister();
    await register.accept(anAcceptance({ id: 'acc-00000000000a', resource: 'box-*' }));
    await register.accept(anAcceptance({ id: 'acc-00000000000b', resource: 'box-1' }));
    expect(marksFor(await register.lookup.current(), TARGET, {}, AT).acceptance?.id).toBe('acc-00000000000b');
  });
});
