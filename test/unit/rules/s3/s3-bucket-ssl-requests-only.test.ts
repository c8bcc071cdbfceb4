import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { s3BucketSslRequestsOnly as rule } from '#shared/rules/s3/s3-bucket-ssl-requests-only';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';
const BUCKET = 'arn:aws:s3:::acme-audit-evidence-123456789012';
const OBJECTS = `${BUCKET}/*`;

function withPolicy(statements: readonly Record<string, unknown>[]) {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  return withSupplementary(loadFixture(TYPE, 'hardened-audit-bucket'), {
    BucketPolicy: { policyText: policy },
  });
}

const denyHttp = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [BUCKET, OBJECTS],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...extra,
});

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket whose policy denies plain HTTP on the bucket and its objects', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'));
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.annotation).toContain('statement 0 ("DenyInsecureTransport")');
  });

  it('passes a deny written with {"AWS": "*"} and an unquoted false', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'replica-bucket-us-west-2')).compliance).toBe('COMPLIANT');
  });

  it('fails a bucket without a bucket policy', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Bucket arn:aws:s3:::acme-analytics-scratch has no bucket policy denying plain-HTTP requests.',
    });
  });

  it('fails a deny that covers only the objects, and says the bucket is missing', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'legacy-upload-bucket'));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('covers objects only');
  });

  it('fails a deny that covers only the bucket', () => {
    const verdict = evaluateFixture(rule, withPolicy([denyHttp({ Resource: BUCKET })]));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('covers the bucket only');
  });

  it('passes when two statements together cover the bucket and its objects', () => {
    const fixture = withPolicy([denyHttp({ Resource: BUCKET }), denyHttp({ Resource: OBJECTS })]);
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    ['a wildcard resource arn:aws:s3:::*', denyHttp({ Resource: 'arn:aws:s3:::*' }), 'COMPLIANT'],
    ['Action "*"', denyHttp({ Action: '*' }), 'COMPLIANT'],
    [
      'BoolIfExists',
      denyHttp({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }),
      'COMPLIANT',
    ],
    ['only s3:GetObject denied', denyHttp({ Action: 's3:GetObject' }), 'NON_COMPLIANT'],
    ['a prefix of the objects', denyHttp({ Resource: [BUCKET, `${BUCKET}/private/*`] }), 'NON_COMPLIANT'],
    [
      'NotPrincipal exempting a role',
      (() => {
        const { Principal: _ignored, ...rest } = denyHttp();
        return { ...rest, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/legacy-http-client' } };
      })(),
      'NON_COMPLIANT',
    ],
    [
      'an extra IP condition narrowing the deny',
      denyHttp({
        Condition: {
          Bool: { 'aws:SecureTransport': 'false' },
          NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        },
      }),
      'NON_COMPLIANT',
    ],
    [
      'a TLS-version test instead of SecureTransport',
      denyHttp({ Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }),
      'NON_COMPLIANT',
    ],
    [
      'an Allow with SecureTransport true instead of a Deny',
      denyHttp({ Effect: 'Allow', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      'NON_COMPLIANT',
    ],
  ] as const)('judges a policy with %s as %s', (_label, statement, expected) => {
    expect(evaluateFixture(rule, withPolicy([statement])).compliance).toBe(expected);
  });

  it('fails a policy that cannot be parsed and says why', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'hardened-audit-bucket'), {
      BucketPolicy: { policyText: '{"Statement": [{"Effect": "Deny"}]}' },
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toMatch(/cannot be read/);
  });

  it('reads a policy delivered as a JSON string of the whole BucketPolicy value (API shape)', () => {
    const base = loadFixture(TYPE, 'hardened-audit-bucket');
    const fixture = withSupplementary(base, {
      BucketPolicy: JSON.stringify(base.item.supplementaryConfiguration.BucketPolicy),
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('gives no verdict on a bucket whose item does not record its policy (Config always does)', () => {
    const base = loadFixture(TYPE, 'hardened-audit-bucket');
    const fixture = { ...base, item: { ...base.item, supplementaryConfiguration: {} } };
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The bucket policy of arn:aws:s3:::acme-audit-evidence-123456789012 was not recorded.',
    });
  });

  it('reports a deleted bucket as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
