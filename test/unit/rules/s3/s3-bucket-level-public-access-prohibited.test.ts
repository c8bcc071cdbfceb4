import { describe, expect, it } from 'vitest';
import { s3BucketLevelPublicAccessProhibited as rule } from '#shared/rules/s3/s3-bucket-level-public-access-prohibited';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';
const ALL_ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

function withBlock(value: unknown) {
  return withSupplementary(loadFixture(TYPE, 'new-bucket-defaults'), {
    PublicAccessBlockConfiguration: value,
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket with all four settings on', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Bucket acme-analytics-scratch has all four Block Public Access settings on.',
    });
  });

  it('fails a public website bucket with every setting off and lists them', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-website-bucket'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Bucket www.acme-example.com has Block Public Access settings turned off: blockPublicAcls, ' +
        'ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets.',
    });
  });

  it('fails a bucket with no bucket-level configuration recorded', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'legacy-upload-bucket')).annotation).toBe(
      'Bucket acme-partner-uploads has no bucket-level Block Public Access settings.',
    );
  });

  it.each(['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const)(
    'fails when only %s is off',
    (setting) => {
      const verdict = evaluateFixture(rule, withBlock({ ...ALL_ON, [setting]: false }));
      expect(verdict.compliance).toBe('NON_COMPLIANT');
      expect(verdict.annotation).toMatch(new RegExp(`turned off: ${setting}\\.$`));
    },
  );

  it('treats a missing setting as off', () => {
    const { restrictPublicBuckets: _dropped, ...three } = ALL_ON;
    expect(evaluateFixture(rule, withBlock(three)).compliance).toBe('NON_COMPLIANT');
  });

  it('reads settings delivered as a JSON string with string booleans (API shape)', () => {
    const text = JSON.stringify({
      blockPublicAcls: 'true',
      ignorePublicAcls: 'true',
      blockPublicPolicy: 'true',
      restrictPublicBuckets: 'true',
    });
    expect(evaluateFixture(rule, withBlock(text)).compliance).toBe('COMPLIANT');
  });

  it('reports a bucket listed in excludedPublicBuckets as NOT_APPLICABLE', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'public-website-bucket'), {
      parameters: { excludedPublicBuckets: 'assets.acme-example.com, www.acme-example.com' },
    });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
  });

  it('still judges a bucket whose name only resembles an excluded one', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'public-website-bucket'), {
      parameters: { excludedPublicBuckets: 'www.acme-example' },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });
});
