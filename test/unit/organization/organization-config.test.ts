import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#shared/config';

const BASE = {
  EVIDENCE_BUCKET: 'evidence',
  STATE_TABLE: 'state',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:alerts',
};

describe('organization settings', () => {
  it('single-account mode without MEMBER_ROLE_NAME', () => {
    expect(parseConfig(BASE).organization).toBeUndefined();
  });

  it('reads the member role, external id, accounts and regions (deduplicated, home region first)', () => {
    const config = parseConfig({
      ...BASE,
      MEMBER_ROLE_NAME: 'VigilMemberReadOnly',
      MEMBER_EXTERNAL_ID: 'vigil-ext-1',
      MEMBER_ACCOUNTS: '222222222222, 333333333333,222222222222',
      MEMBER_REGIONS: 'eu-west-1,us-east-1',
    });
    expect(config.organization).toEqual({
      memberRoleName: 'VigilMemberReadOnly',
      externalId: 'vigil-ext-1',
      accounts: ['222222222222', '333333333333'],
      regions: ['eu-west-1', 'us-east-1'],
    });
  });

  it.each([
    [{ MEMBER_ROLE_NAME: 'R', MEMBER_REGIONS: 'us-east-1' }, /MEMBER_EXTERNAL_ID: required/],
    [{ MEMBER_ROLE_NAME: 'R', MEMBER_EXTERNAL_ID: 'abc' }, /MEMBER_REGIONS: required/],
    [
      {
        MEMBER_ROLE_NAME: 'R',
        MEMBER_EXTERNAL_ID: 'abc',
        MEMBER_REGIONS: 'us-east-1',
        MEMBER_ACCOUNTS: '12,x',
      },
      /MEMBER_ACCOUNTS: not 12-digit account ids: 12, x/,
    ],
    [
      { MEMBER_ROLE_NAME: 'R', MEMBER_EXTERNAL_ID: 'abc', MEMBER_REGIONS: 'Europe' },
      /not region names: Europe/,
    ],
    [{ INVENTORY_SOURCE: 'aggregator' }, /CONFIG_AGGREGATOR_NAME: required/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => parseConfig({ ...BASE, ...env })).toThrow(ConfigError);
    expect(() => parseConfig({ ...BASE, ...env })).toThrow(message);
  });
});
