import { describe, expect, it } from 'vitest';
import { secretsmanagerSecretPeriodicRotation as rule } from '#shared/rules/secretsmanager/secretsmanager-secret-periodic-rotation';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::SecretsManager::Secret';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['database-rotating-30-days', 'COMPLIANT', 'Secret prod/payments/postgres last rotated 22 days ago.'],
    ['token-rotating-by-schedule', 'COMPLIANT', 'Secret prod/search/service-token last rotated 7 days ago.'],
    [
      'legacy-rotation-failing-unused',
      'NON_COMPLIANT',
      'Secret legacy/reporting/mysql last rotated 203 days ago, more than the maximum of 90.',
    ],
    [
      'api-key-not-rotating',
      'NON_COMPLIANT',
      'Secret prod/partner-api/key was created 671 days ago, more than the maximum of 90.',
    ],
  ] as const)('judges %s as %s with the default of 90 days', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [22, 'COMPLIANT'],
    [21, 'NON_COMPLIANT'],
  ] as const)('with maxDaysSinceRotation %i judges a rotation 22 days old as %s', (max, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'database-rotating-30-days'), {
      parameters: { maxDaysSinceRotation: String(max) },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it('counts a never-rotated secret from its creation, so a new secret passes', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'api-key-not-rotating'), {
      CreatedDate: '2026-10-01T00:00:00.000Z',
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Secret prod/partner-api/key was created 53 days ago.',
    });
  });

  it.each([
    ['the last rotation was not collected', { supplementaryConfiguration: {} }],
    [
      'a never-rotated secret’s creation date was not collected',
      { supplementaryConfiguration: { LastRotatedDate: null } },
    ],
  ])('gives no verdict when %s', (_label, patch) => {
    const fixture = loadFixture(TYPE, 'api-key-not-rotating');
    const verdict = evaluateFixture(rule, { ...fixture, item: { ...fixture.item, ...patch } });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a secret marked deleted as NOT_APPLICABLE', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'api-key-not-rotating'), { Deleted: true });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
