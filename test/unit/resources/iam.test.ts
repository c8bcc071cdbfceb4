import { describe, expect, it } from 'vitest';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import { readUserCredentials } from '#shared/resources/iam';
import { loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::IAM::User';

describe('readUserCredentials', () => {
  it('reads the describer keys: ISO text and epoch-second timestamps, null for never used', () => {
    const base = loadFixture(TYPE, 'console-user-without-mfa');
    const { item } = withSupplementary(base, {
      MfaDevices: [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/bob', EnableDate: 1_700_000_000 }],
      AccessKeys: [
        { AccessKeyId: 'AKIA1', Status: 'Inactive', CreateDate: 1_700_000_000, LastUsedDate: null },
        { AccessKeyId: 'AKIA2', Status: 'Active', CreateDate: '2025-10-19T11:30:00.000Z' },
      ],
      LoginProfile: null,
      PasswordLastUsed: null,
    });
    expect(readUserCredentials(item)).toEqual({
      userName: 'bob',
      mfaDevices: [{ serialNumber: 'arn:aws:iam::123456789012:mfa/bob' }],
      accessKeys: [
        {
          accessKeyId: 'AKIA1',
          active: false,
          createDate: new Date(1_700_000_000_000),
          lastUsedDate: undefined,
        },
        {
          accessKeyId: 'AKIA2',
          active: true,
          createDate: new Date('2025-10-19T11:30:00.000Z'),
          lastUsedDate: undefined,
        },
      ],
      loginProfile: null,
      passwordLastUsed: null,
    });
  });

  it('leaves keys the describer did not collect undefined', () => {
    const base = loadFixture(TYPE, 'console-user-without-mfa');
    const item = { ...base.item, supplementaryConfiguration: {} };
    expect(readUserCredentials(item)).toMatchObject({
      mfaDevices: undefined,
      accessKeys: undefined,
      loginProfile: undefined,
      passwordLastUsed: undefined,
    });
  });

  it.each([
    ['MfaDevices', { SerialNumber: 'x' }, 'MfaDevices: expected a list, got an object'],
    ['MfaDevices', [{ SerialNumber: 7 }], 'MfaDevices.0.SerialNumber: expected a string, got a number'],
    [
      'AccessKeys',
      [{ AccessKeyId: 'A', Status: 'Gone', CreateDate: 1 }],
      'AccessKeys.0.Status: expected Active, Inactive or Expired, got "Gone"',
    ],
    [
      'AccessKeys',
      [{ AccessKeyId: 'A', Status: 'Active', CreateDate: 'yesterday' }],
      'AccessKeys.0.CreateDate: not a timestamp: yesterday',
    ],
    ['LoginProfile', { CreateDate: '' }, 'LoginProfile.CreateDate: expected a timestamp, got a string'],
    ['PasswordLastUsed', true, 'PasswordLastUsed: expected a timestamp, got a boolean'],
  ])('rejects a malformed %s, naming the field', (key, value, message) => {
    const base = loadFixture(TYPE, 'console-user-without-mfa');
    const { item } = withSupplementary(base, { [key]: value });
    expect(() => readUserCredentials(item)).toThrow(InvalidConfigurationItemError);
    expect(() => readUserCredentials(item)).toThrow(
      `AWS::IAM::User ${item.resourceId}: supplementaryConfiguration.${message}`,
    );
  });
});
