import { describe, expect, it } from 'vitest';
import { deniesInsecureTransport, type SecureTransportGap, s3BucketArn } from '#shared/policy/analyzer';
import { PolicyError } from '#shared/policy/errors';
import { parsePolicyDocument } from '#shared/policy/policy-document';
import { policyOf, type RawStatementInput } from './policy-builders';

const BUCKET_ARN = 'arn:aws:s3:::audit-logs';
const OBJECTS_ARN = `${BUCKET_ARN}/*`;
const INSECURE = { Bool: { 'aws:SecureTransport': 'false' } };

/** The canonical statement AWS documents for s3-bucket-ssl-requests-only. */
function tlsDeny(overrides: RawStatementInput = {}): RawStatementInput {
  return {
    Sid: 'AllowSSLRequestsOnly',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    Condition: INSECURE,
    ...overrides,
  };
}

function check(...statements: RawStatementInput[]) {
  return deniesInsecureTransport(policyOf(...statements), { bucketArn: BUCKET_ARN });
}

describe('deniesInsecureTransport (s3-bucket-ssl-requests-only): enforced', () => {
  it.each<[string, RawStatementInput[]]>([
    ['the documented statement', [tlsDeny()]],
    ['Principal {AWS: "*"}', [tlsDeny({ Principal: { AWS: '*' } })]],
    ['Principal {AWS: ["*"]}', [tlsDeny({ Principal: { AWS: ['*'] } })]],
    ['Action "*"', [tlsDeny({ Action: '*' })]],
    ['Action "S3:*" (actions are case-insensitive)', [tlsDeny({ Action: 'S3:*' })]],
    ['NotAction of another service', [tlsDeny({ Action: undefined, NotAction: 'iam:*' })]],
    [
      'aws:SecureTransport as boolean false',
      [tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': false } } })],
    ],
    [
      'aws:SecureTransport as ["false"]',
      [tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': ['false'] } } })],
    ],
    ['BoolIfExists', [tlsDeny({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } })]],
    ['condition key in other case', [tlsDeny({ Condition: { Bool: { 'AWS:SecureTransport': 'False' } } })]],
    ['Resource arn:aws:s3:::* covers both', [tlsDeny({ Resource: 'arn:aws:s3:::*' })]],
    ['Resource audit-logs* covers both', [tlsDeny({ Resource: `${BUCKET_ARN}*` })]],
    ['Resource "*"', [tlsDeny({ Resource: '*' })]],
    [
      'two statements, one for the bucket and one for the objects',
      [tlsDeny({ Sid: 'Bucket', Resource: BUCKET_ARN }), tlsDeny({ Sid: 'Objects', Resource: OBJECTS_ARN })],
    ],
    [
      'objects covered only by the union of two statements (one-character keys and longer keys)',
      [
        tlsDeny({ Sid: 'BucketAndShortKeys', Resource: [BUCKET_ARN, `${BUCKET_ARN}/?`] }),
        tlsDeny({ Sid: 'LongerKeys', Resource: `${BUCKET_ARN}/??*` }),
      ],
    ],
    ['NotResource of another bucket', [tlsDeny({ Resource: undefined, NotResource: 'arn:aws:s3:::other*' })]],
    [
      'an unrelated Allow alongside',
      [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 's3:GetObject',
          Resource: OBJECTS_ARN,
        },
        tlsDeny(),
      ],
    ],
    [
      'a TLS-version Deny alongside',
      [tlsDeny(), tlsDeny({ Sid: 'TLS12', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })],
    ],
  ])('%s', (_label, statements) => {
    const result = check(...statements);
    expect(result).toMatchObject({ enforced: true, coversBucket: true, coversObjects: true, gap: undefined });
    expect(result.explanation).toContain('are denied by');
  });

  it('names the qualifying statements', () => {
    const result = check(
      tlsDeny({ Sid: 'Bucket', Resource: BUCKET_ARN }),
      tlsDeny({ Sid: 'Objects', Resource: OBJECTS_ARN }),
    );
    expect(result.statements).toEqual([
      { index: 0, sid: 'Bucket' },
      { index: 1, sid: 'Objects' },
    ]);
  });

  it('reads the policyText of a Config S3 CI (a JSON string)', () => {
    const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [tlsDeny()] });
    expect(deniesInsecureTransport(parsePolicyDocument(policyText), { bucketArn: BUCKET_ARN }).enforced).toBe(
      true,
    );
  });
});

describe('deniesInsecureTransport (s3-bucket-ssl-requests-only): not enforced', () => {
  it.each<[string, RawStatementInput[], SecureTransportGap, RegExp]>([
    [
      'no statements about transport',
      [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS_ARN }],
      'no-qualifying-deny',
      /no Deny statement/,
    ],
    [
      'Deny that covers only objects',
      [tlsDeny({ Resource: OBJECTS_ARN })],
      'covers-objects-only',
      /covers objects only/,
    ],
    [
      'Deny on the bucket only',
      [tlsDeny({ Resource: BUCKET_ARN })],
      'covers-bucket-only',
      /covers the bucket only/,
    ],
    [
      'one-character keys left out',
      [tlsDeny({ Resource: [BUCKET_ARN, `${BUCKET_ARN}/??*`] })],
      'covers-bucket-only',
      /only some objects/,
    ],
    [
      'Deny on a prefix of the objects',
      [tlsDeny({ Resource: [BUCKET_ARN, `${BUCKET_ARN}/private/*`] })],
      'covers-bucket-only',
      /only some objects/,
    ],
    [
      'Deny on another bucket',
      [tlsDeny({ Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] })],
      'covers-neither',
      /covers neither/,
    ],
    ['Allow instead of Deny', [tlsDeny({ Effect: 'Allow' })], 'no-qualifying-deny', /no Deny statement/],
    [
      'aws:SecureTransport "true"',
      [tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })],
      'no-qualifying-deny',
      /aws:SecureTransport = false/,
    ],
    [
      'only s3:TlsVersion',
      [tlsDeny({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })],
      'no-qualifying-deny',
      /aws:SecureTransport = false/,
    ],
    [
      'SecureTransport and TlsVersion in one statement (narrower)',
      [tlsDeny({ Condition: { ...INSECURE, NumericLessThan: { 's3:TlsVersion': '1.2' } } })],
      'no-qualifying-deny',
      /further conditions that narrow the deny \(NumericLessThan s3:TlsVersion\)/,
    ],
    [
      'SecureTransport only from one VPC (narrower)',
      [tlsDeny({ Condition: { ...INSECURE, StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })],
      'no-qualifying-deny',
      /narrow the deny/,
    ],
    [
      'only some S3 actions',
      [tlsDeny({ Action: ['s3:GetObject', 's3:PutObject'] })],
      'no-qualifying-deny',
      /all S3 actions/,
    ],
    [
      'NotAction excluding an S3 action',
      [tlsDeny({ Action: undefined, NotAction: 's3:GetObject' })],
      'no-qualifying-deny',
      /all S3 actions/,
    ],
    [
      'a single account as principal',
      [tlsDeny({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })],
      'no-qualifying-deny',
      /principal is not "\*"/,
    ],
    [
      'NotPrincipal',
      [tlsDeny({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })],
      'no-qualifying-deny',
      /NotPrincipal/,
    ],
    [
      'NotResource excluding the objects',
      [tlsDeny({ Resource: undefined, NotResource: OBJECTS_ARN })],
      'covers-bucket-only',
      /bucket only/,
    ],
    [
      'ForAnyValue:Bool is not the documented form',
      [tlsDeny({ Condition: { 'ForAnyValue:Bool': { 'aws:SecureTransport': 'false' } } })],
      'no-qualifying-deny',
      /aws:SecureTransport = false/,
    ],
  ])('%s', (_label, statements, gap, explanation) => {
    const result = check(...statements);
    expect(result.enforced).toBe(false);
    expect(result.gap).toBe(gap);
    expect(result.explanation).toMatch(explanation);
  });

  it('explains each near miss with every reason', () => {
    const result = check(
      tlsDeny({ Sid: 'Weak', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject' }),
      { Sid: 'Unrelated', Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: BUCKET_ARN },
    );
    expect(result.nearMisses).toEqual([
      {
        statement: { index: 0, sid: 'Weak' },
        reasons: ['principal is not "*"', 'does not cover all S3 actions (needs "s3:*" or "*")'],
      },
    ]);
  });

  it('a bucket-only and an objects-only statement with different defects do not add up', () => {
    const result = check(
      tlsDeny({ Sid: 'Bucket', Resource: BUCKET_ARN }),
      tlsDeny({ Sid: 'Objects', Resource: OBJECTS_ARN, Action: 's3:GetObject' }),
    );
    expect(result).toMatchObject({
      enforced: false,
      gap: 'covers-bucket-only',
      statements: [{ sid: 'Bucket' }],
    });
  });
});

describe('deniesInsecureTransport: arguments', () => {
  it.each(['audit-logs', 'arn:aws:s3:::audit-logs/*', 'arn:aws:s3:::*', ''])(
    'rejects %j as a bucket ARN',
    (bucketArn) => {
      expect(() => deniesInsecureTransport(policyOf(tlsDeny()), { bucketArn })).toThrow(PolicyError);
    },
  );

  it('builds bucket ARNs in any partition', () => {
    expect(s3BucketArn('audit-logs')).toBe(BUCKET_ARN);
    const chinaArn = s3BucketArn('audit-logs', 'aws-cn');
    expect(chinaArn).toBe('arn:aws-cn:s3:::audit-logs');
    const result = deniesInsecureTransport(policyOf(tlsDeny({ Resource: [chinaArn, `${chinaArn}/*`] })), {
      bucketArn: chinaArn,
    });
    expect(result.enforced).toBe(true);
  });
});
