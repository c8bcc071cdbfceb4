import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { guarddutyEnabledCentralized as rule } from '#shared/rules/guardduty/guardduty-enabled-centralized';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::::Account';
const hardened = () => loadFixture(TYPE, 'hardened');
const SECURITY_ACCOUNT = '210987654321';

const detector = (administrator: unknown, status = 'ENABLED') => ({
  guardDutyDetectors: [{ detectorId: 'f2c4e6a8b0d2f4e6a8b0c2d4e6f8a0b2', status, administrator }],
});

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an account with an enabled detector', () => {
    expect(evaluateFixture(rule, hardened())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'GuardDuty detector f2c4e6a8b0d2f4e6a8b0c2d4e6f8a0b2 is enabled in us-east-1.',
    });
  });

  it('fails an account whose only detector is disabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'neglected'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'GuardDuty detector a1b2c3d4e5f60718293a4b5c6d7e8f90 in us-east-1 is disabled.',
    });
  });

  it('fails an account with no detector in the region', () => {
    const verdict = evaluateFixture(rule, withConfiguration(hardened(), { guardDutyDetectors: [] }));
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'GuardDuty has no detector in us-east-1.',
    });
  });

  it('is NOT_APPLICABLE when detectors were not collected (e.g. a synthesized account item)', () => {
    const verdict = evaluateFixture(rule, withConfiguration(hardened(), { guardDutyDetectors: undefined }));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
  });

  it('passes when one of several detectors is enabled', () => {
    const fixture = withConfiguration(hardened(), {
      guardDutyDetectors: [
        { detectorId: '0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a', status: 'DISABLED' },
        { detectorId: '1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b', status: 'ENABLED' },
      ],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    [
      'a member of the central account',
      { accountId: SECURITY_ACCOUNT, relationshipStatus: 'Enabled' },
      'COMPLIANT',
    ],
    [
      'a member of another account',
      { accountId: '333333333333', relationshipStatus: 'Enabled' },
      'NON_COMPLIANT',
    ],
    [
      'only invited by the central account',
      { accountId: SECURITY_ACCOUNT, relationshipStatus: 'Invited' },
      'NON_COMPLIANT',
    ],
    ['not a member of any account', null, 'NON_COMPLIANT'],
    ['of unknown membership (not collected)', undefined, 'NOT_APPLICABLE'],
  ] as const)(
    'with CentralMonitoringAccount judges a detector %s as %s',
    (_label, administrator, expected) => {
      const fixture = withConfiguration(hardened(), detector(administrator));
      const verdict = evaluateFixture(rule, fixture, {
        parameters: { CentralMonitoringAccount: `${SECURITY_ACCOUNT}, 444444444444` },
      });
      expect(verdict.compliance).toBe(expected);
    },
  );

  it('names the actual administrator when it is not a central account', () => {
    const fixture = withConfiguration(
      hardened(),
      detector({ accountId: '333333333333', relationshipStatus: 'Enabled' }),
    );
    const verdict = evaluateFixture(rule, fixture, {
      parameters: { CentralMonitoringAccount: SECURITY_ACCOUNT },
    });
    expect(verdict.annotation).toBe(
      `GuardDuty in us-east-1 has administrator 333333333333 (Enabled), not one of ${SECURITY_ACCOUNT}.`,
    );
  });

  it('passes the central monitoring account itself without an administrator', () => {
    const verdict = evaluateFixture(rule, hardened(), {
      parameters: { CentralMonitoringAccount: '123456789012' },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('still fails a disabled detector that reports to the central account', () => {
    const fixture = withConfiguration(
      hardened(),
      detector({ accountId: SECURITY_ACCOUNT, relationshipStatus: 'Enabled' }, 'DISABLED'),
    );
    const verdict = evaluateFixture(rule, fixture, {
      parameters: { CentralMonitoringAccount: SECURITY_ACCOUNT },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('is NOT_APPLICABLE on the empty account item a scan synthesizes', () => {
    const [evaluation] = new RuleEngine([rule]).scan(
      [loadFixture('AWS::CloudTrail::Trail', 'multi-region-secure').item],
      {
        now: new Date(),
      },
    );
    expect(evaluation).toMatchObject({ resourceType: TYPE, compliance: 'NOT_APPLICABLE' });
  });

  it('evaluates through the engine with an empty inventory', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(hardened().item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('COMPLIANT');
  });
});
