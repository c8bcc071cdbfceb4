// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal ${...} text, not template placeholders
import { describe, expect, it } from 'vitest';
import {
  conditionEntryRestricts,
  isPublicCidr,
  parseCidr,
  restrictingConditions,
  sourceIpRanges,
} from '#shared/policy/conditions';
import { statementOf } from './policy-builders';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', { family: 4, prefixLength: 8, ipv4PrefixLength: 8 }],
    ['203.0.113.7', { family: 4, prefixLength: 32, ipv4PrefixLength: 32 }],
    ['0.0.0.0/0', { family: 4, prefixLength: 0, ipv4PrefixLength: 0 }],
    ['::/0', { family: 6, prefixLength: 0, ipv4PrefixLength: undefined }],
    ['2001:db8::/32', { family: 6, prefixLength: 32, ipv4PrefixLength: undefined }],
    ['2001:DB8:0:0:0:0:0:1', { family: 6, prefixLength: 128, ipv4PrefixLength: undefined }],
    ['::ffff:0.0.0.0/96', { family: 6, prefixLength: 96, ipv4PrefixLength: 0 }],
    ['::ffff:198.51.100.0/120', { family: 6, prefixLength: 120, ipv4PrefixLength: 24 }],
  ])('parses %s', (text, expected) => {
    expect(parseCidr(text)).toMatchObject(expected);
  });

  it.each([
    '10.0.0.0/33',
    '256.0.0.1/8',
    '10.0.0/8',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '2001:db8::/129',
    '2001:db8:::1',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1.2.3.4::',
    'fe80::1%eth0',
    'vpc-123',
    '',
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('isPublicCidr (S3: broader than /8 for IPv4 or /32 for IPv6 is public)', () => {
  it.each([
    ['0.0.0.0/0', true],
    ['0.0.0.0/1', true],
    ['8.0.0.0/7', true],
    ['10.0.0.0/8', false],
    ['192.168.0.0/16', false],
    ['203.0.113.0/24', false],
    ['::/0', true],
    ['2000::/3', true],
    ['2001:db8::/31', true],
    ['2001:db8::/32', false],
    ['2001:db8::1', false],
    ['::ffff:0.0.0.0/96', true],
    ['::ffff:10.0.0.0/104', false],
  ])('%s → %s', (text, expected) => {
    const cidr = parseCidr(text);
    expect(cidr).toBeDefined();
    if (cidr !== undefined) expect(isPublicCidr(cidr)).toBe(expected);
  });
});

function publicStatementWith(condition: Record<string, unknown>) {
  return statementOf({
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: '*',
    Condition: condition,
  });
}

describe('restrictingConditions', () => {
  it.each([
    ['StringEquals aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111122223333' } }, true],
    ['key case does not matter', { StringEquals: { 'AWS:SourceAccount': '111122223333' } }, true],
    ['StringLike with a fixed value', { StringLike: { 'aws:SourceVpc': 'vpc-91237329' } }, true],
    ['StringLike with a wildcard value', { StringLike: { 'aws:SourceVpc': 'vpc-*' } }, false],
    ['one wildcard among fixed values', { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-*'] } }, false],
    ['a policy variable', { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }, false],
    [
      'ArnEquals aws:SourceArn',
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:topic' } },
      true,
    ],
    [
      'ArnLike aws:SourceArn with a wildcard',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } },
      false,
    ],
    ['StringEquals aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, true],
    ['StringEquals aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': '111122223333' } }, true],
    ['StringEquals aws:SourceOwner (SNS)', { StringEquals: { 'AWS:SourceOwner': '111122223333' } }, true],
    ['IfExists never restricts', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, false],
    ['ForAllValues never restricts', { 'ForAllValues:StringEquals': { 'aws:SourceVpce': 'vpce-1' } }, false],
    ['ForAnyValue restricts', { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': 'vpce-1' } }, true],
    ['a negated operator never restricts', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, false],
    ['an unlisted key', { StringEquals: { 'aws:PrincipalTag/team': 'a' } }, false],
    ['aws:SecureTransport is not a restriction', { Bool: { 'aws:SecureTransport': 'true' } }, false],
    ['IpAddress with a narrow CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, true],
    ['IpAddress with a private /8', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, true],
    ['IpAddress 0.0.0.0/0', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, false],
    [
      'IpAddress ::/0 among narrow ranges',
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '::/0'] } },
      false,
    ],
    ['IpAddress with an IPv6 /48', { IpAddress: { 'aws:SourceIp': '2001:db8:1234::/48' } }, true],
    ['NotIpAddress never restricts', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, false],
    ['IpAddress with an unparsable value', { IpAddress: { 'aws:SourceIp': 'office' } }, false],
    ['aws:userid fixed', { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } }, true],
    ['aws:userid role sessions', { StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } }, true],
    ['aws:userid other wildcard', { StringLike: { 'aws:userid': 'AIDA*' } }, false],
    [
      's3:DataAccessPointArn with a fixed account',
      { StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:123456789012:accesspoint/*' } },
      true,
    ],
    [
      's3:DataAccessPointArn with a wildcard account',
      { StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:*:accesspoint/*' } },
      false,
    ],
    ['s3:DataAccessPointAccount', { StringEquals: { 's3:DataAccessPointAccount': '123456789012' } }, true],
    [
      'one restricting entry among others is enough (conditions are ANDed)',
      { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      true,
    ],
  ])('%s → %s', (_label, condition, restricts) => {
    const statement = publicStatementWith(condition);
    expect(restrictingConditions(statement.conditions).length > 0).toBe(restricts);
  });

  it('reports each restricting entry once', () => {
    const statement = publicStatementWith({
      StringEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:PrincipalTag/x': 'y' },
      IpAddress: { 'aws:SourceIp': '198.51.100.0/24' },
    });
    expect(restrictingConditions(statement.conditions).map((c) => c.key)).toEqual([
      'aws:SourceVpce',
      'aws:SourceIp',
    ]);
    expect(statement.conditions.filter((c) => conditionEntryRestricts(c))).toHaveLength(2);
  });
});

describe('sourceIpRanges', () => {
  it('lists every aws:SourceIp value with its public verdict', () => {
    const statement = publicStatementWith({
      IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '::/0', 'bogus'] },
    });
    expect(sourceIpRanges(statement.conditions).map((r) => [r.value, r.public])).toEqual([
      ['198.51.100.0/24', false],
      ['::/0', true],
      ['bogus', true],
    ]);
  });
});
