import { describe, expect, it } from 'vitest';
import {
  allowsPublic,
  describeStatement,
  findUnscopedServiceGrants,
  grantsFullAdmin,
  grantsPublicAccess,
  grantsPublicInvoke,
  isPublicPrincipal,
  isPublicStatement,
  principalCoversEveryone,
  statementAllowsAction,
  statementAppliesToAction,
  statementAppliesToResource,
} from '#shared/policy/analyzer';
import { parsePolicyDocument } from '#shared/policy/policy-document';
import { policyOf, statementOf } from './policy-builders';

const READ_ACTIONS = ['s3:GetObject', 's3:ListBucket'];
const WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject'];
const BUCKET = 'arn:aws:s3:::data';

describe('statementAppliesToAction / statementAllowsAction', () => {
  it.each([
    ['Action wildcard s3:Get*', { Action: 's3:Get*' }, 's3:GetObject', true],
    ['Action s3:*', { Action: 's3:*' }, 's3:PutObject', true],
    ['Action *', { Action: '*' }, 'iam:PassRole', true],
    ['Action list without the action', { Action: ['s3:GetObject', 's3:ListBucket'] }, 's3:PutObject', false],
    ['Action is case-insensitive', { Action: 'S3:GETOBJECT' }, 's3:GetObject', true],
    ['NotAction excluding the action', { NotAction: 's3:*' }, 's3:GetObject', false],
    ['NotAction excluding other actions', { NotAction: ['iam:*', 'organizations:*'] }, 's3:GetObject', true],
    ['NotAction with a pattern argument partly excluded', { NotAction: 's3:GetObject' }, 's3:Get*', true],
    ['NotAction with a pattern argument fully excluded', { NotAction: 's3:Get*' }, 's3:GetObject*', false],
    ['Action with a pattern argument', { Action: 's3:GetObjectAcl' }, 's3:Get*', true],
  ])('%s', (_label, element, action, expected) => {
    const allow = statementOf({ Effect: 'Allow', Resource: '*', ...element });
    const deny = statementOf({ Effect: 'Deny', Resource: '*', ...element });
    expect(statementAppliesToAction(allow, action)).toBe(expected);
    expect(statementAllowsAction(allow, action)).toBe(expected);
    expect(statementAppliesToAction(deny, action)).toBe(expected);
    expect(statementAllowsAction(deny, action)).toBe(false);
  });
});

describe('statementAppliesToResource', () => {
  it.each([
    [{ Resource: `${BUCKET}/*` }, `${BUCKET}/report.csv`, true],
    [{ Resource: `${BUCKET}/*` }, BUCKET, false],
    [{ NotResource: `${BUCKET}/*` }, BUCKET, true],
    [{ NotResource: `${BUCKET}/*` }, `${BUCKET}/x`, false],
    [{ NotResource: `${BUCKET}/secret/*` }, `${BUCKET}/*`, true],
    [{}, `${BUCKET}/x`, true],
  ])('%j applies to %s → %s', (element, resource, expected) => {
    expect(
      statementAppliesToResource(statementOf({ Effect: 'Allow', Action: 's3:*', ...element }), resource),
    ).toBe(expected);
  });
});

describe('isPublicPrincipal / principalCoversEveryone', () => {
  it.each([
    ['Principal "*"', { Principal: '*' }, true],
    ['Principal {AWS: "*"}', { Principal: { AWS: '*' } }, true],
    ['Principal {AWS: ["*"]}', { Principal: { AWS: ['*'] } }, true],
    ['"*" among fixed accounts', { Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }, true],
    ['a fixed account', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, false],
    ['a bare account id', { Principal: { AWS: '111122223333' } }, false],
    ['a service principal', { Principal: { Service: 'cloudtrail.amazonaws.com' } }, false],
    ['a canonical user', { Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbace' } }, false],
    ['a federated provider', { Principal: { Federated: 'cognito-identity.amazonaws.com' } }, false],
    [
      'NotPrincipal (everyone except one account)',
      { NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } },
      true,
    ],
    ['NotPrincipal "*" (no one)', { NotPrincipal: '*' }, false],
    ['no principal (identity policy)', {}, false],
  ])('%s → %s', (_label, element, expected) => {
    const statement = statementOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...element });
    expect(principalCoversEveryone(statement)).toBe(expected);
    expect(isPublicPrincipal(statement)).toBe(expected);
    expect(isPublicStatement(statement)).toBe(expected);
  });

  it.each([
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }],
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }],
  ])('a wildcard principal pinned by %s is not public', (_label, condition) => {
    const statement = statementOf({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: condition,
    });
    expect(principalCoversEveryone(statement)).toBe(true);
    expect(isPublicPrincipal(statement)).toBe(false);
  });

  it('a Deny to everyone is never a public statement', () => {
    const statement = statementOf({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });
    expect(isPublicPrincipal(statement)).toBe(true);
    expect(isPublicStatement(statement)).toBe(false);
  });
});

describe('grantsPublicAccess', () => {
  it('reports the public read statement with its index and Sid, and only the read actions it covers', () => {
    const policy = policyOf(
      {
        Sid: 'Owner',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 's3:*',
        Resource: `${BUCKET}/*`,
      },
      { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:Get*', Resource: `${BUCKET}/*` },
    );
    expect(grantsPublicAccess(policy, { actions: READ_ACTIONS })).toEqual([
      {
        statement: { index: 1, sid: 'PublicRead' },
        principal: 'wildcard',
        actions: ['s3:GetObject'],
        conditions: [],
      },
    ]);
    expect(grantsPublicAccess(policy, { actions: WRITE_ACTIONS })).toEqual([]);
  });

  it.each([
    ['public write via s3:*', { Principal: '*', Action: 's3:*' }, WRITE_ACTIONS, 2],
    ['public write via s3:Put*', { Principal: { AWS: ['*'] }, Action: 's3:Put*' }, WRITE_ACTIONS, 1],
    ['NotAction leaving writes allowed', { Principal: '*', NotAction: 's3:Get*' }, WRITE_ACTIONS, 2],
    [
      'NotAction excluding every write',
      { Principal: '*', NotAction: ['s3:Put*', 's3:Delete*'] },
      WRITE_ACTIONS,
      0,
    ],
    [
      'NotPrincipal with Allow',
      { NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*' },
      READ_ACTIONS,
      2,
    ],
    [
      'restricted to a VPC endpoint',
      { Principal: '*', Action: 's3:*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } },
      READ_ACTIONS,
      0,
    ],
    [
      'VPC given as a wildcard',
      { Principal: '*', Action: 's3:*', Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } },
      READ_ACTIONS,
      2,
    ],
    [
      'IP restricted to ::/0',
      { Principal: '*', Action: 's3:GetObject', Condition: { IpAddress: { 'aws:SourceIp': '::/0' } } },
      READ_ACTIONS,
      1,
    ],
    [
      'IP restricted to an office range',
      {
        Principal: '*',
        Action: 's3:GetObject',
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/48'] } },
      },
      READ_ACTIONS,
      0,
    ],
    [
      'only a TLS condition',
      { Principal: '*', Action: 's3:GetObject', Condition: { Bool: { 'aws:SecureTransport': true } } },
      READ_ACTIONS,
      1,
    ],
  ])('%s', (_label, element, actions, coveredActions) => {
    const policy = policyOf({ Sid: 'S', Effect: 'Allow', Resource: [BUCKET, `${BUCKET}/*`], ...element });
    const grants = grantsPublicAccess(policy, { actions });
    expect(grants.flatMap((g) => g.actions)).toHaveLength(coveredActions);
  });

  it('reports how the principal names everyone, and keeps non-restricting conditions for the message', () => {
    const policy = policyOf(
      {
        Effect: 'Allow',
        NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 's3:GetObject',
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
      },
    );
    const grants = grantsPublicAccess(policy);
    expect(grants.map((g) => g.principal)).toEqual(['not-principal', 'wildcard']);
    expect(grants[1]?.conditions.map((c) => c.operator)).toEqual(['StringNotEquals']);
  });

  it('counts narrow IP ranges as restrictions unless told not to', () => {
    const policy = policyOf({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/*`,
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    });
    expect(grantsPublicAccess(policy)).toEqual([]);
    expect(grantsPublicAccess(policy, { sourceIpRestricts: false })).toHaveLength(1);
    const [statement] = policy.statements;
    expect(statement && isPublicStatement(statement, { sourceIpRestricts: false })).toBe(true);
  });

  it('does not subtract a separate Deny from a public Allow', () => {
    const policy = policyOf(
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
      },
    );
    expect(grantsPublicAccess(policy, { actions: ['s3:GetObject'] }).map((g) => g.statement.index)).toEqual([
      0,
    ]);
  });

  it('filters by resource when asked', () => {
    const policy = policyOf({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::other/*',
    });
    expect(grantsPublicAccess(policy, { resources: [`${BUCKET}/*`] })).toEqual([]);
    expect(grantsPublicAccess(policy, { resources: ['arn:aws:s3:::other/index.html'] })).toHaveLength(1);
  });

  it('without a query reports the statement Action list, or "*" for NotAction', () => {
    const policy = policyOf(
      { Effect: 'Allow', Principal: '*', Action: ['sqs:SendMessage'], Resource: '*' },
      { Effect: 'Allow', Principal: '*', NotAction: 'sqs:DeleteQueue', Resource: '*' },
    );
    expect(grantsPublicAccess(policy).map((g) => g.actions)).toEqual([['sqs:SendMessage'], ['*']]);
  });
});

describe('allowsPublic / grantsPublicInvoke (Lambda, SNS, SQS)', () => {
  const functionArn = 'arn:aws:lambda:eu-west-1:111122223333:function:fn';

  it.each([
    ['Principal * invoke', { Principal: '*', Action: 'lambda:InvokeFunction' }, true],
    ['Principal * lambda:*', { Principal: { AWS: '*' }, Action: 'lambda:*' }, true],
    [
      'public function URL',
      {
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      },
      true,
    ],
    [
      'S3 trigger scoped by SourceArn',
      {
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::uploads' } },
      },
      false,
    ],
    [
      'service principal',
      { Principal: { Service: 'events.amazonaws.com' }, Action: 'lambda:InvokeFunction' },
      false,
    ],
    [
      'another account',
      { Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'lambda:InvokeFunction' },
      false,
    ],
    ['public but only GetFunction', { Principal: '*', Action: 'lambda:GetFunction' }, false],
  ])('%s → %s', (_label, element, expected) => {
    const policy = policyOf({ Sid: 'perm', Effect: 'Allow', Resource: functionArn, ...element });
    expect(grantsPublicInvoke(policy).length > 0).toBe(expected);
  });

  it.each([
    ['SNS topic open to everyone', { Principal: { AWS: '*' }, Action: 'SNS:Publish' }, 'sns:Publish', true],
    [
      'SNS topic limited to the owner',
      {
        Principal: { AWS: '*' },
        Action: ['SNS:Publish', 'SNS:Subscribe'],
        Condition: { StringEquals: { 'AWS:SourceOwner': '111122223333' } },
      },
      'sns:Publish',
      false,
    ],
    ['SQS queue open to send', { Principal: '*', Action: 'sqs:SendMessage' }, 'sqs:SendMessage', true],
    [
      'SQS queue open, asking about receive',
      { Principal: '*', Action: 'sqs:SendMessage' },
      'sqs:ReceiveMessage',
      false,
    ],
    ['SQS queue open, asking with a pattern', { Principal: '*', Action: 'sqs:*' }, 'sqs:Receive*', true],
  ])('%s → %s', (_label, element, action, expected) => {
    const policy = policyOf({ Effect: 'Allow', Resource: '*', ...element });
    expect(allowsPublic(policy, action)).toBe(expected);
  });
});

describe('findUnscopedServiceGrants', () => {
  it('flags a service principal without a source condition only', () => {
    const policy = policyOf(
      {
        Sid: 'Unscoped',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: '*',
      },
      {
        Sid: 'Scoped',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: '*',
        Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } },
      },
      {
        Sid: 'IfExists',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: '*',
        Condition: { ArnEqualsIfExists: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:t' } },
      },
    );
    expect(findUnscopedServiceGrants(policy).map((s) => s.sid)).toEqual(['Unscoped', 'IfExists']);
  });
});

describe('grantsFullAdmin (iam-policy-no-statements-with-admin-access)', () => {
  it.each([
    ['Action * on Resource *', { Action: '*', Resource: '*' }, 1],
    ['Action *:* on Resource *', { Action: '*:*', Resource: '*' }, 1],
    ['Action ["*"] on Resource ["*"]', { Action: ['*'], Resource: ['*'] }, 1],
    ['Action * among others', { Action: ['s3:GetObject', '*'], Resource: '*' }, 1],
    [
      'Action * with a condition still counts',
      { Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      1,
    ],
    ['Action * on a bucket only', { Action: '*', Resource: 'arn:aws:s3:::data' }, 0],
    ['Action * on arn:* (misses resource-less actions)', { Action: '*', Resource: 'arn:*' }, 0],
    ['Action s3:* on Resource *', { Action: 's3:*', Resource: '*' }, 0],
    ['Action iam:* on Resource *', { Action: 'iam:*', Resource: '*' }, 0],
    [
      'NotAction on Resource * (ignored by default, as by the managed rule)',
      { NotAction: 'iam:*', Resource: '*' },
      0,
    ],
    [
      'Action * with NotResource (ignored by default)',
      { Action: '*', NotResource: 'arn:aws:s3:::secret' },
      0,
    ],
  ])('%s → %d', (_label, element, count) => {
    expect(grantsFullAdmin(policyOf({ Effect: 'Allow', ...element }))).toHaveLength(count);
  });

  it('never reports a Deny', () => {
    expect(grantsFullAdmin(policyOf({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
  });

  it('reports admin-like NotAction and NotResource statements when asked', () => {
    const policy = policyOf(
      { Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: 'B', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' },
      {
        Sid: 'C',
        Effect: 'Allow',
        Action: '*',
        NotResource: 'arn:aws:s3:::secret',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
      { Sid: 'D', Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::data' },
    );
    expect(grantsFullAdmin(policy, { includeNegated: true })).toEqual([
      { statement: { index: 0, sid: 'A' }, via: 'Action', conditional: false },
      { statement: { index: 1, sid: 'B' }, via: 'NotAction', conditional: false },
      { statement: { index: 2, sid: 'C' }, via: 'NotResource', conditional: true },
    ]);
  });

  it('reads the AdministratorAccess document as IAM stores it (URL-encoded)', () => {
    const encoded = encodeURIComponent(
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    );
    expect(grantsFullAdmin(parsePolicyDocument(encoded))).toHaveLength(1);
  });
});

describe('describeStatement', () => {
  it.each([
    [{ index: 2, sid: 'PublicRead' }, 'statement 2 ("PublicRead")'],
    [{ index: 0, sid: undefined }, 'statement 0'],
    [{ index: 1, sid: '' }, 'statement 1'],
  ])('%j → %s', (ref, text) => {
    expect(describeStatement(ref)).toBe(text);
  });
});
