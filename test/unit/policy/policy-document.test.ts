import { describe, expect, it } from 'vitest';
import { PolicyError, PolicyParseError } from '#shared/policy/errors';
import {
  parseConditionOperator,
  parsePolicyDocument,
  tryParsePolicyDocument,
} from '#shared/policy/policy-document';

const BUCKET_POLICY = {
  Version: '2012-10-17',
  Id: 'BucketPolicy',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::site/*',
    },
    {
      Sid: 'TLS',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::site', 'arn:aws:s3:::site/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

// As IAM returns policy documents (RFC 3986 percent-encoding of the JSON text).
const IAM_ENCODED =
  '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D';

function parseError(input: unknown): PolicyParseError {
  try {
    parsePolicyDocument(input);
  } catch (error) {
    if (error instanceof PolicyParseError) return error;
    throw error;
  }
  throw new Error('expected a PolicyParseError');
}

describe('parsePolicyDocument: input forms', () => {
  it.each([
    ['an object', BUCKET_POLICY],
    ['a JSON string', JSON.stringify(BUCKET_POLICY)],
    [
      'a pretty-printed JSON string with surrounding whitespace',
      `\n  ${JSON.stringify(BUCKET_POLICY, null, 2)}\n`,
    ],
    ['a URL-encoded JSON string', encodeURIComponent(JSON.stringify(BUCKET_POLICY))],
    ['a double-serialized JSON string', JSON.stringify(JSON.stringify(BUCKET_POLICY))],
    [
      'a JSON string of a URL-encoded string',
      JSON.stringify(encodeURIComponent(JSON.stringify(BUCKET_POLICY))),
    ],
  ])('reads %s to the same normalized document', (_label, input) => {
    const policy = parsePolicyDocument(input);
    expect(policy.version).toBe('2012-10-17');
    expect(policy.id).toBe('BucketPolicy');
    expect(policy.statements.map((s) => [s.index, s.sid, s.effect])).toEqual([
      [0, 'PublicRead', 'Allow'],
      [1, 'TLS', 'Deny'],
    ]);
  });

  it('decodes an IAM URL-encoded document exactly as IAM stores it', () => {
    const [statement] = parsePolicyDocument(IAM_ENCODED).statements;
    expect(statement).toMatchObject({ effect: 'Allow', action: ['*'], resource: ['*'] });
  });

  it('does not turn "+" into a space when URL-decoding (RFC 3986, not form encoding)', () => {
    const raw = {
      Statement: {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: '*',
        Condition: { StringEquals: { 'ses:FromAddress': 'a+b@example.com' } },
      },
    };
    const [statement] = parsePolicyDocument(encodeURIComponent(JSON.stringify(raw))).statements;
    expect(statement?.conditions[0]?.values).toEqual(['a+b@example.com']);
  });
});

describe('parsePolicyDocument: normalization', () => {
  it('wraps a single Statement object in an array', () => {
    const policy = parsePolicyDocument({
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    });
    expect(policy.statements).toHaveLength(1);
    expect(policy.version).toBeUndefined();
  });

  it.each([
    ['"*"', '*', { aws: ['*'], service: [], federated: [], canonicalUser: [] }],
    ['{AWS: "*"}', { AWS: '*' }, { aws: ['*'], service: [], federated: [], canonicalUser: [] }],
    ['{AWS: ["*"]}', { AWS: ['*'] }, { aws: ['*'], service: [], federated: [], canonicalUser: [] }],
    [
      'AWS and Service together',
      { AWS: 'arn:aws:iam::111122223333:root', Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] },
      {
        aws: ['arn:aws:iam::111122223333:root'],
        service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'],
        federated: [],
        canonicalUser: [],
      },
    ],
    [
      'Federated',
      { Federated: 'cognito-identity.amazonaws.com' },
      { aws: [], service: [], federated: ['cognito-identity.amazonaws.com'], canonicalUser: [] },
    ],
    [
      'CanonicalUser',
      { CanonicalUser: 'abc123' },
      { aws: [], service: [], federated: [], canonicalUser: ['abc123'] },
    ],
  ])('normalizes Principal %s', (_label, principal, expected) => {
    const [statement] = parsePolicyDocument({
      Statement: { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: '*' },
    }).statements;
    expect(statement?.principal).toEqual(expected);
    expect(statement?.notPrincipal).toBeUndefined();
  });

  it('keeps NotAction, NotResource and NotPrincipal apart from their positive forms', () => {
    const [statement] = parsePolicyDocument({
      Statement: {
        Effect: 'Allow',
        NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
        NotAction: 'iam:*',
        NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'],
      },
    }).statements;
    expect(statement).toMatchObject({
      action: undefined,
      notAction: ['iam:*'],
      resource: undefined,
      notResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'],
      principal: undefined,
      notPrincipal: { aws: ['arn:aws:iam::111122223333:root'] },
    });
  });

  it('splits condition operators and stringifies unquoted booleans and numbers', () => {
    const [statement] = parsePolicyDocument({
      Statement: {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: {
          BoolIfExists: { 'aws:SecureTransport': false },
          NumericLessThan: { 's3:TlsVersion': 1.2 },
          'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-1/*', 'o-2/*'] },
          'ForAllValues:StringEqualsIfExists': { 'aws:TagKeys': 'env' },
        },
      },
    }).statements;
    expect(statement?.conditions).toEqual([
      {
        operator: 'BoolIfExists',
        baseOperator: 'Bool',
        setOperator: undefined,
        ifExists: true,
        key: 'aws:SecureTransport',
        values: ['false'],
      },
      {
        operator: 'NumericLessThan',
        baseOperator: 'NumericLessThan',
        setOperator: undefined,
        ifExists: false,
        key: 's3:TlsVersion',
        values: ['1.2'],
      },
      {
        operator: 'ForAnyValue:StringLike',
        baseOperator: 'StringLike',
        setOperator: 'ForAnyValue',
        ifExists: false,
        key: 'aws:PrincipalOrgPaths',
        values: ['o-1/*', 'o-2/*'],
      },
      {
        operator: 'ForAllValues:StringEqualsIfExists',
        baseOperator: 'StringEquals',
        setOperator: 'ForAllValues',
        ifExists: true,
        key: 'aws:TagKeys',
        values: ['env'],
      },
    ]);
  });

  it('accepts a role trust policy (no Resource)', () => {
    const [statement] = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }).statements;
    expect(statement?.resource).toBeUndefined();
    expect(statement?.notResource).toBeUndefined();
  });
});

describe('parseConditionOperator', () => {
  it.each([
    ['StringEquals', { baseOperator: 'StringEquals', setOperator: undefined, ifExists: false }],
    [
      'stringequalsignorecase',
      { baseOperator: 'StringEqualsIgnoreCase', setOperator: undefined, ifExists: false },
    ],
    ['ArnLikeIfExists', { baseOperator: 'ArnLike', setOperator: undefined, ifExists: true }],
    ['ForAllValues:IpAddress', { baseOperator: 'IpAddress', setOperator: 'ForAllValues', ifExists: false }],
    ['Null', { baseOperator: 'Null', setOperator: undefined, ifExists: false }],
    ['NullIfExists', undefined],
    ['StringMaybe', undefined],
    ['ForSomeValues:StringEquals', undefined],
  ])('%s', (operator, expected) => {
    expect(parseConditionOperator(operator)).toEqual(expected);
  });
});

describe('parsePolicyDocument: invalid input raises PolicyParseError with a clear message', () => {
  it.each([
    ['malformed JSON', '{"Version": "2012-10-17", "Statement": [', /not valid JSON/],
    ['an empty string', '   ', /empty string/],
    ['plain text', 'not a policy', /neither JSON nor URL-encoded/],
    ['broken percent-encoding', '%7B%E0%A4%A', /not valid percent-encoding/],
    ['null', null, /null or undefined/],
    ['a number', 42, /must be an object or a string, got a number/],
    ['an array', [], /got an array/],
    ['no Statement', { Version: '2012-10-17' }, /Statement/],
    ['an unknown top-level element', { Statement: [], Foo: 1 }, /Foo/],
    ['a bad Effect', { Statement: { Effect: 'Permit', Action: '*', Resource: '*' } }, /Statement\.Effect/],
    [
      'both Action and NotAction',
      { Statement: [{ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' }] },
      /Statement\[0\]: must have exactly one of Action and NotAction/,
    ],
    [
      'neither Action nor NotAction',
      { Statement: [{ Effect: 'Allow', Resource: '*' }] },
      /exactly one of Action and NotAction/,
    ],
    [
      'Resource and NotResource',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'x' }] },
      /both Resource and NotResource/,
    ],
    [
      'Principal and NotPrincipal',
      { Statement: [{ Effect: 'Allow', Action: '*', Principal: '*', NotPrincipal: '*' }] },
      /both Principal and NotPrincipal/,
    ],
    [
      'a principal string other than "*"',
      { Statement: [{ Effect: 'Allow', Action: '*', Principal: '123456789012' }] },
      /Principal/,
    ],
    [
      'an unknown principal type',
      { Statement: [{ Effect: 'Allow', Action: '*', Principal: { Group: 'x' } }] },
      /Group/,
    ],
    [
      'an empty Action list',
      { Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] },
      /Statement\[0\]\.Action/,
    ],
    [
      'an unknown condition operator',
      {
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringSortOf: { k: 'v' } } }],
      },
      /unknown condition operator "StringSortOf"/,
    ],
    [
      'an object condition value',
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: { x: 1 } } } },
        ],
      },
      /Condition/,
    ],
    ['a JSON string of an array', '[1, 2]', /got an array/],
    [
      'a string nested too deeply',
      JSON.stringify(JSON.stringify(JSON.stringify(JSON.stringify({})))),
      /layers of decoding/,
    ],
  ])('rejects %s', (_label, input, message) => {
    const error = parseError(input);
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.name).toBe('PolicyParseError');
    expect(error.message).toMatch(message);
  });

  it('keeps every issue with its path in the error context', () => {
    const error = parseError({
      Statement: [
        { Effect: 'Allow', Action: '*' },
        { Effect: 'Maybe', Action: '*', Sid: 7, Condition: { Bool: { 'aws:SecureTransport': [] } } },
      ],
    });
    expect(error.context.issues).toEqual([
      { path: 'Statement[1].Effect', message: 'must be "Allow" or "Deny", got "Maybe"' },
      { path: 'Statement[1].Sid', message: 'expected a string, got number' },
      { path: 'Statement[1].Condition.Bool.aws:SecureTransport', message: 'must list at least one value' },
    ]);
    expect(error.message).toBe(
      'invalid policy document: Statement[1].Effect: must be "Allow" or "Deny", got "Maybe"; Statement[1].Sid: expected a string, got number; Statement[1].Condition.Bool.aws:SecureTransport: must list at least one value',
    );
  });

  it.each([
    ['a missing Effect', { Statement: { Action: '*' } }, 'Statement.Effect: is required ("Allow" or "Deny")'],
    [
      'a statement that is not an object',
      { Statement: ['x'] },
      'Statement[0]: expected a statement object, got string',
    ],
    [
      'a principal map naming no type',
      { Statement: { Effect: 'Allow', Action: '*', Principal: {} } },
      'Statement.Principal: must name at least one principal type',
    ],
    [
      'a non-string action in a list',
      { Statement: { Effect: 'Allow', Action: ['s3:*', 3] } },
      'Statement.Action[1]: expected a string, got number',
    ],
    [
      'condition keys that are not a map',
      { Statement: { Effect: 'Allow', Action: '*', Condition: { Bool: 'true' } } },
      'Statement.Condition.Bool: expected a map of condition keys, got string',
    ],
    [
      'a Version that is not a string',
      { Version: 2012, Statement: [] },
      'Version: expected a string, got number',
    ],
  ])('names the element of %s', (_label, input, issue) => {
    expect(parseError(input).message).toBe(`invalid policy document: ${issue}`);
  });

  it('tryParsePolicyDocument returns the error instead of throwing', () => {
    const result = tryParsePolicyDocument('{oops');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(PolicyParseError);
    expect(tryParsePolicyDocument(BUCKET_POLICY).ok).toBe(true);
  });
});
