import { describe, expect, it } from 'vitest';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import { secretsmanagerScheduledRotationSuccessCheck as rule } from '#shared/rules/secretsmanager/secretsmanager-scheduled-rotation-success-check';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::SecretsManager::Secret';

/** The rotating secret as Vigil's describer records it: no Config verdict, only the dates. */
function described(supplementary: Record<string, unknown> = {}) {
  const fixture = loadFixture(TYPE, 'database-rotating-30-days');
  const { RotationOccurringAsScheduled: _verdict, ...configuration } = fixture.item.configuration ?? {};
  return withSupplementary({ ...fixture, item: { ...fixture.item, configuration } }, supplementary);
}

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['database-rotating-30-days', 'COMPLIANT', 'Secret prod/payments/postgres rotates as scheduled.'],
    ['token-rotating-by-schedule', 'COMPLIANT', 'Secret prod/search/service-token rotates as scheduled.'],
    [
      'legacy-rotation-failing-unused',
      'NON_COMPLIANT',
      'Secret legacy/reporting/mysql missed its scheduled rotation.',
    ],
    ['api-key-not-rotating', 'NOT_APPLICABLE', 'Secret prod/partner-api/key is not configured to rotate.'],
  ] as const)('takes Config’s RotationOccurringAsScheduled on %s: %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it('without Config’s verdict, passes a secret whose next rotation is still ahead', () => {
    expect(evaluateFixture(rule, described())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Secret prod/payments/postgres is next due to rotate on 2026-12-01T00:00:00.000Z.',
    });
  });

  it('without Config’s verdict, fails a secret whose planned rotation date has passed', () => {
    const verdict = evaluateFixture(rule, described({ NextRotationDate: '2026-11-23T11:59:59.000Z' }));
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Secret prod/payments/postgres was due to rotate on 2026-11-23T11:59:59.000Z and has not (last rotation 2026-11-01T00:00:00.000Z).',
    });
  });

  it('says when an overdue secret never rotated at all', () => {
    const verdict = evaluateFixture(
      rule,
      described({ NextRotationDate: '2026-10-01T00:00:00.000Z', LastRotatedDate: null }),
    );
    expect(verdict.annotation).toContain('(it never rotated)');
  });

  it.each([
    ['the next rotation was not collected', {}, 'was not recorded'],
    ['Secrets Manager reports no next rotation', { NextRotationDate: null }, 'reports no next rotation'],
  ] as const)('gives no verdict when %s', (_label, patch, phrase) => {
    const fixture = described(patch);
    const item = {
      ...fixture.item,
      supplementaryConfiguration: Object.fromEntries(
        Object.entries({
          ...fixture.item.supplementaryConfiguration,
          NextRotationDate: undefined,
          ...patch,
        }).filter(([, value]) => value !== undefined),
      ),
    };
    const verdict = evaluateFixture(rule, { ...fixture, item });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain(phrase);
  });

  it('reports a secret marked deleted as NOT_APPLICABLE, even with a missed rotation', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'legacy-rotation-failing-unused'), { Deleted: true });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('refuses a next rotation date that is not a timestamp', () => {
    expect(() => evaluateFixture(rule, described({ NextRotationDate: 'soon' }))).toThrow(
      InvalidConfigurationItemError,
    );
  });
});
