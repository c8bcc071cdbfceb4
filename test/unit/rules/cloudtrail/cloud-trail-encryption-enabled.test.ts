import { describe, expect, it } from 'vitest';
import { cloudTrailEncryptionEnabled as rule } from '#shared/rules/cloudtrail/cloud-trail-encryption-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::CloudTrail::Trail';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a trail encrypted with a KMS key and names the key', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'multi-region-secure'));
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.annotation).toContain('key/3f1c7d2e-8a4b-4c1e-9d5f-2b6a7e8c9d01');
  });

  it('fails a trail without a KMS key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'single-region-plain'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Trail payments-dev-trail has no KMS key; log files get only S3-managed encryption.',
    });
  });

  it.each([
    ['absent', undefined, 'NON_COMPLIANT'],
    ['null', null, 'NON_COMPLIANT'],
    ['empty', '', 'NON_COMPLIANT'],
    ['an alias ARN', 'arn:aws:kms:us-east-1:123456789012:alias/cloudtrail', 'COMPLIANT'],
  ] as const)('judges kmsKeyId %s as %s', (_label, kmsKeyId, expected) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'single-region-plain'), { kmsKeyId });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reads the CloudFormation casing (KMSKeyId)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'single-region-plain'), {
      KMSKeyId: 'arn:aws:kms:us-east-1:123456789012:key/0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('reports a deleted trail as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
