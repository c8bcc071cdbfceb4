import { describe, expect, it, vi } from 'vitest';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import type { ResourceDescriber } from '#shared/describe/describer';
import {
  AccountAccessError,
  createAccountAccess,
  memberRoleArn,
  partitionOf,
  sharedCredentials,
} from '#shared/organization/account-access';

const CENTRAL = '111111111111';
const MEMBER = '222222222222';

function readersFactory() {
  const built: { region: string; credentials: unknown }[] = [];
  const readers = (region: string, credentials: unknown) => {
    built.push({ region, credentials });
    return {
      describer: { supportedTypes: [], region } as unknown as ResourceDescriber,
      recorder: {} as ConfigRecorder,
    };
  };
  return { built, readers };
}

describe('account access: which accounts a deployment reads, and with which credentials', () => {
  it('single-account mode reaches only its own account, with its own credentials, in any region', () => {
    const { built, readers } = readersFactory();
    const access = createAccountAccess({ homeAccountId: CENTRAL, readers });
    expect(access.reaches(CENTRAL)).toBe(true);
    expect(access.reaches(MEMBER)).toBe(false);
    access.describer(CENTRAL, 'eu-west-1');
    access.recorder(CENTRAL, 'eu-west-1');
    expect(built).toEqual([{ region: 'eu-west-1', credentials: undefined }]);
    expect(() => access.describer(MEMBER, 'eu-west-1')).toThrow(AccountAccessError);
  });

  it('organization mode assumes each member role once per account, shared by all its regions', async () => {
    const { built, readers } = readersFactory();
    const assumeRole = vi.fn((roleArn: string, externalId: string) => async () => ({
      accessKeyId: `${roleArn}|${externalId}`,
      secretAccessKey: 'secret',
    }));
    const access = createAccountAccess({
      homeAccountId: undefined,
      readers,
      member: {
        organization: {
          memberRoleName: 'VigilMemberReadOnly',
          externalId: 'ext-1',
          accounts: [CENTRAL, MEMBER],
          regions: ['us-east-1', 'eu-west-1'],
        },
        assumeRole,
      },
    });
    access.describer(MEMBER, 'us-east-1');
    access.describer(MEMBER, 'eu-west-1');
    access.recorder(MEMBER, 'eu-west-1');
    expect(assumeRole).toHaveBeenCalledTimes(1);
    expect(assumeRole).toHaveBeenCalledWith('arn:aws:iam::222222222222:role/VigilMemberReadOnly', 'ext-1');
    expect(built.map((b) => b.region)).toEqual(['us-east-1', 'eu-west-1']);
    const provider = built[1]?.credentials as () => Promise<{ accessKeyId: string }>;
    expect((await provider()).accessKeyId).toBe('arn:aws:iam::222222222222:role/VigilMemberReadOnly|ext-1');
    expect(access.reaches('333333333333')).toBe(false);
    expect(() => access.describer('333333333333', 'us-east-1')).toThrow(/not a member account/);
  });

  it('organization mode without an account list reaches any account id (the bus admits only the organization)', () => {
    const access = createAccountAccess({
      homeAccountId: undefined,
      readers: readersFactory().readers,
      member: {
        organization: { memberRoleName: 'R', externalId: 'x1', regions: ['us-east-1'] },
        assumeRole: () => async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
      },
    });
    expect(access.reaches(MEMBER)).toBe(true);
    expect(access.reaches('not-an-account')).toBe(false);
  });

  it('shares one credentials fetch until five minutes before expiry, and does not keep a failure', async () => {
    let now = 0;
    let calls = 0;
    const provider = sharedCredentials(
      async () => {
        calls++;
        if (calls === 1) throw new Error('throttled');
        return { accessKeyId: `k${calls}`, secretAccessKey: 's', expiration: new Date(3_600_000) };
      },
      () => now,
    );
    await expect(provider()).rejects.toThrow('throttled');
    const [a, b] = await Promise.all([provider(), provider()]);
    expect([a.accessKeyId, b.accessKeyId]).toEqual(['k2', 'k2']);
    now = 3_600_000 - 6 * 60_000;
    expect((await provider()).accessKeyId).toBe('k2');
    now = 3_600_000 - 4 * 60_000;
    expect((await provider()).accessKeyId).toBe('k3');
    expect(calls).toBe(3);
  });

  it('names member roles in the partition of the region', () => {
    expect(memberRoleArn('222222222222', 'R', partitionOf('cn-north-1'))).toBe(
      'arn:aws-cn:iam::222222222222:role/R',
    );
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-west-1')).toBe('aws');
  });
});
