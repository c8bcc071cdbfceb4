import { describe, expect, it } from 'vitest';
import { ecrPrivateImageScanningEnabled as rule } from '#shared/rules/ecr/ecr-private-image-scanning-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::ECR::Repository';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a repository that scans on push', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'immutable-scanned-retains-two-years'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR repository checkout-api scans images on push.',
    });
  });

  it('passes a repository covered by registry-level continuous (enhanced) scanning', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'enhanced-continuous-scan-short-lifecycle'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR repository web-frontend is scanned with frequency CONTINUOUS_SCAN.',
    });
  });

  it('fails a repository with scan on push off and a collected registry setting of no scanning', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'ECR repository legacy-batch-jobs does not scan images automatically (scan frequency is MANUAL).',
    });
  });

  it('gives no verdict on a repository with scan on push off when the registry setting was not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'), {
      ScanningConfiguration: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        "ECR repository legacy-batch-jobs: scan on push is off, and the registry's scanning configuration was not collected.",
    });
  });

  it.each([
    ['SCAN_ON_PUSH', 'COMPLIANT'],
    ['CONTINUOUS_SCAN', 'COMPLIANT'],
    ['MANUAL', 'NON_COMPLIANT'],
  ] as const)('judges a registry scan frequency of %s as %s', (scanFrequency, expected) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'), {
      ScanningConfiguration: { repositoryName: 'legacy-batch-jobs', scanOnPush: false, scanFrequency },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('says which frequency it found when scanning is manual', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'), {
      ScanningConfiguration: { scanFrequency: 'MANUAL' },
    });
    expect(evaluateFixture(rule, fixture).annotation).toContain('scan frequency is MANUAL');
  });

  it('gives no verdict on a repository that records no scanning setting at all', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      ImageScanningConfiguration: undefined,
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('its scan-on-push setting was not recorded');
  });

  it('ignores a ScanningConfiguration entry that is not an object (no verdict from it)', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'), {
      ScanningConfiguration: 'CONTINUOUS_SCAN',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a deleted repository as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
