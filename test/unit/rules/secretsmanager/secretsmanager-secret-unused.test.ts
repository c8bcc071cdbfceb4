import { describe, expect, it } from 'vitest';
import { secretsmanagerSecretUnused as rule } from '#shared/rules/secretsmanager/secretsmanager-secret-unused';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::SecretsManager::Secret';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['database-rotating-30-days', 'COMPLIANT', 'Secret prod/payments/postgres was last accessed 0 days ago.'],
    ['api-key-not-rotating', 'COMPLIANT', 'Secret prod/partner-api/key was last accessed 1 days ago.'],
    [
      'legacy-rotation-failing-unused',
      'NON_COMPLIANT',
      'Secret legacy/reporting/mysql was last accessed 166 days ago, more than 90.',
    ],
  ] as const)('judges %s as %s with the default of 90 days', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [166, 'COMPLIANT'],
    [165, 'NON_COMPLIANT'],
  ] as const)('with unusedForDays %i judges a last access 166 days ago as %s', (days, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'legacy-rotation-failing-unused'), {
      parameters: { unusedForDays: String(days) },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it.each([
    ['created 200 days ago', '2026-05-07T00:00:00.000Z', 'NON_COMPLIANT'],
    ['created 10 days ago', '2026-11-13T00:00:00.000Z', 'COMPLIANT'],
  ] as const)('ages a never-accessed secret from its creation: %s is %s', (_label, created, compliance) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'api-key-not-rotating'), {
      LastAccessedDate: null,
      CreatedDate: created,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('gives no verdict when the last access was not collected', () => {
    const fixture = loadFixture(TYPE, 'legacy-rotation-failing-unused');
    const verdict = evaluateFixture(rule, {
      ...fixture,
      item: { ...fixture.item, supplementaryConfiguration: { CreatedDate: '2024-09-12T08:30:00.000Z' } },
    });
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The last access of secret legacy/reporting/mysql was not recorded.',
    });
  });

  it('gives no verdict on a never-accessed secret whose creation date was not collected', () => {
    const fixture = loadFixture(TYPE, 'legacy-rotation-failing-unused');
    const verdict = evaluateFixture(rule, {
      ...fixture,
      item: { ...fixture.item, supplementaryConfiguration: { LastAccessedDate: null } },
    });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a secret marked deleted as NOT_APPLICABLE', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'legacy-rotation-failing-unused'), { Deleted: true });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
