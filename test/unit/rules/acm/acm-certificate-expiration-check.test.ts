import { describe, expect, it } from 'vitest';
import { acmCertificateExpirationCheck as rule } from '#shared/rules/acm/acm-certificate-expiration-check';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::ACM::Certificate';
const NOW = new Date('2026-11-23T12:00:00Z');
const valid = () => loadFixture(TYPE, 'amazon-issued-valid-till-2027');
const LEGACY =
  'legacy.example.com (arn:aws:acm:us-east-1:123456789012:certificate/7e1f3a5c-2b4d-46e8-9a0c-1d3f5b7d9e2a)';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a certificate valid for months', () => {
    const verdict = evaluateFixture(rule, valid(), { now: NOW });
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.annotation).toContain('valid until 2027-02-03 (72 days left)');
  });

  it('fails an imported certificate expiring in 8 days', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'imported-expiring-in-8-days'), { now: NOW })).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `Certificate ${LEGACY} expires on 2026-12-01, in 8 days (threshold 14).`,
    });
  });

  it('fails an expired certificate', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'imported-expiring-in-8-days'), {
      now: new Date('2026-12-05T00:00:00Z'),
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `Certificate ${LEGACY} expired on 2026-12-01.`,
    });
  });

  it.each([
    ['2026-12-07T11:59:59Z', 'NON_COMPLIANT'],
    ['2026-12-07T12:00:00Z', 'NON_COMPLIANT'],
    ['2026-12-07T12:00:01Z', 'COMPLIANT'],
  ] as const)('with 14 days of notice, expiry at %s is %s', (notAfter, expected) => {
    const fixture = withConfiguration(valid(), { notAfter });
    expect(evaluateFixture(rule, fixture, { now: NOW }).compliance).toBe(expected);
  });

  it.each([
    ['epoch seconds', Date.parse('2026-11-30T00:00:00Z') / 1000],
    ['epoch milliseconds', Date.parse('2026-11-30T00:00:00Z')],
  ])('reads notAfter given as %s', (_label, notAfter) => {
    const verdict = evaluateFixture(rule, withConfiguration(valid(), { notAfter }), { now: NOW });
    expect(verdict.annotation).toContain('expires on 2026-11-30');
  });

  it('honours daysToExpiration passed as a string', () => {
    const verdict = evaluateFixture(rule, valid(), { now: NOW, parameters: { daysToExpiration: '90' } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('uses the clock it is given, not the wall clock', () => {
    const later = new Date('2027-01-25T00:00:00Z');
    expect(evaluateFixture(rule, valid(), { now: later }).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['a pending validation', () => loadFixture(TYPE, 'pending-validation')],
    ['an unparseable notAfter', () => withConfiguration(valid(), { notAfter: 'soon' })],
  ])('is NOT_APPLICABLE to %s', (_label, fixture) => {
    expect(evaluateFixture(rule, fixture(), { now: NOW }).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a deleted certificate as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: NOW,
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
