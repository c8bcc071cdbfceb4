// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal ${...} text, not template placeholders
import { describe, expect, it } from 'vitest';
import {
  actionsCover,
  actionsIntersect,
  hasWildcard,
  matchesAction,
  matchesResource,
  resourcesCover,
  resourcesIntersect,
} from '#shared/policy/matchers';

describe('matchesAction', () => {
  it.each([
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:getobject', 'S3:GetObject', true],
    ['S3:GET*', 's3:GetObjectAcl', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:*', 's3:PutObject', true],
    ['s3:*', 's3express:CreateSession', false],
    ['*', 'iam:CreateUser', true],
    ['*:*', 'iam:CreateUser', true],
    ['iam:*User', 'iam:CreateUser', true],
    ['iam:*User', 'iam:CreateUserPolicy', false],
    ['s3:GetObject?ersion', 's3:GetObjectVersion', true],
    ['s3:GetObject?', 's3:GetObject', false],
    ['s3:Get', 's3:GetObject', false],
    ['ec2:Describe*', 'ec2:describeinstances', true],
  ])('%s vs %s → %s', (pattern, action, expected) => {
    expect(matchesAction(pattern, action)).toBe(expected);
  });
});

describe('matchesResource', () => {
  it.each([
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket', true],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::Bucket', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b.txt', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket/key', true],
    ['arn:aws:s3:::*', 'arn:aws:s3:::any/key', true],
    ['*', 'arn:aws:iam::123456789012:role/x', true],
    // A star ending a segment may cross colons; one inside a segment may not.
    ['arn:aws:logs:*', 'arn:aws:logs:eu-west-1:123456789012:log-group:x', true],
    ['arn:aws:s3:::log*bucket', 'arn:aws:s3:::log:bucket', false],
    ['arn:aws:s3:::log*bucket', 'arn:aws:s3:::log-my-bucket', true],
    ['arn:aws:s3:::bucket/?', 'arn:aws:s3:::bucket/a', true],
    ['arn:aws:s3:::bucket/?', 'arn:aws:s3:::bucket/ab', false],
    // `?` is one character, also outside the Basic Multilingual Plane (two UTF-16 units).
    ['arn:aws:s3:::bucket/?', 'arn:aws:s3:::bucket/\u{1F512}', true],
    ['arn:aws:s3:::bucket/??', 'arn:aws:s3:::bucket/\u{1F512}', false],
    ['arn:aws:s3:::bucket/??*', 'arn:aws:s3:::bucket/\u{1F512}\u{1F511}', true],
    ['arn:aws:s3:::bucket/?', 'arn:aws:s3:::bucket/\u{1F512}x', false],
    ['arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::bucket/alice/x', true],
    ['arn:aws:s3:::bucket/${*}', 'arn:aws:s3:::bucket/*', true],
    ['arn:aws:s3:::bucket/${*}', 'arn:aws:s3:::bucket/anything', false],
  ])('%s vs %s → %s', (pattern, arn, expected) => {
    expect(matchesResource(pattern, arn)).toBe(expected);
  });
});

describe('actionsCover and actionsIntersect', () => {
  it.each([
    [['s3:*'], 's3:Get*', true],
    [['*'], 's3:?*', true],
    [['S3:*'], 's3:?*', true],
    [['s3:Get*', 's3:Put*'], 's3:?*', false],
    [['s3:Get*'], 's3:GetObject', true],
    [['s3:GetObject'], 's3:Get*', false],
    [['s3:?*'], 's3:*', false],
    [['*:*'], '?*:?*', true],
    [['s*'], 's3:*', true],
    // Every pattern spells a literal where the target's prefix ends: some action escapes.
    [['s3:*', 'ec2:Describe*'], '*', false],
    [['s3:Get*', 'iam:*'], 's3:?*', false],
    // ...unless one of them covers on its own or they cover together past the prefix.
    [['s3:*', 'ec2:Describe*', '*'], '*', true],
    [['s3:', 's3:?*'], 's3:*', true],
    [['', '?*'], '*', true],
  ])('%j covers %s → %s', (patterns, target, expected) => {
    expect(actionsCover(patterns, target)).toBe(expected);
  });

  it.each([
    [['s3:Get*'], 's3:GetObject', true],
    [['s3:GetObject'], 's3:Get*', true],
    [['s3:Put*'], 's3:Get*', false],
    [['*Object'], 's3:Get*', true],
    [['iam:*'], 's3:?*', false],
    [['s3:List*', 'sqs:*'], 'S3:LISTBUCKET', true],
  ])('%j intersects %s → %s', (patterns, target, expected) => {
    expect(actionsIntersect(patterns, target)).toBe(expected);
  });
});

describe('resourcesCover and resourcesIntersect', () => {
  it.each([
    [['arn:aws:s3:::bucket/*'], 'arn:aws:s3:::bucket/*', true],
    [['arn:aws:s3:::bucket*'], 'arn:aws:s3:::bucket/*', true],
    [['arn:aws:s3:::*'], 'arn:aws:s3:::bucket', true],
    [['arn:aws:s3:::bucket/private/*'], 'arn:aws:s3:::bucket/*', false],
    [['arn:aws:s3:::bucket/a*', 'arn:aws:s3:::bucket/*'], 'arn:aws:s3:::bucket/*', true],
    // A variable narrows coverage: it is some user's name, not every name.
    [['arn:aws:s3:::bucket/${aws:username}'], 'arn:aws:s3:::bucket/*', false],
    [['arn:aws:s3:::bucket'], 'arn:aws:s3:::bucket/*', false],
  ])('%j covers %s → %s', (patterns, target, expected) => {
    expect(resourcesCover(patterns, target)).toBe(expected);
  });

  it.each([
    [['arn:aws:s3:::bucket/private/*'], 'arn:aws:s3:::bucket/*', true],
    [['arn:aws:s3:::other/*'], 'arn:aws:s3:::bucket/*', false],
    [['arn:aws:s3:::bucket/${aws:username}'], 'arn:aws:s3:::bucket/*', true],
    [['arn:aws:s3:::bucket'], 'arn:aws:s3:::bucket/*', false],
  ])('%j intersects %s → %s', (patterns, target, expected) => {
    expect(resourcesIntersect(patterns, target)).toBe(expected);
  });
});

describe('hasWildcard', () => {
  it.each([
    ['123456789012', false],
    ['vpc-*', true],
    ['o-?bc', true],
    ['${aws:PrincipalAccount}', true],
    ['literal${*}star', false],
  ])('%s → %s', (value, expected) => {
    expect(hasWildcard(value)).toBe(expected);
  });
});
