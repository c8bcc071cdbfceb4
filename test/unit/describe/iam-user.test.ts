import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import {
  CredentialReportCache,
  parseCredentialReport,
  reportedKeyUse,
} from '#shared/describe/iam-user/credential-report';
import { describeIamUser, listIamUsers } from '#shared/describe/iam-user/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { RuleEngine } from '#shared/rules/engine';
import { iamRules } from '#shared/rules/iam/index';
import { createInventory } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-23T12:00:00Z');

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,' +
  'password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,' +
  'access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,' +
  'cert_2_active,cert_2_last_rotated';

/** The credential report as IAM writes it (the root row first, times to the second, N/A for none). */
const REPORT = [
  HEADER,
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-01-01T00:00:00+00:00,not_supported,2026-11-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `bob,arn:aws:iam::${ACCOUNT}:user/bob,2021-06-01T13:00:00+00:00,true,2026-06-26T16:12:09+00:00,2021-06-01T13:05:00+00:00,N/A,false,true,2025-10-19T11:30:00+00:00,2026-05-07T10:00:00+00:00,eu-west-1,ec2,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `ci-deployer,arn:aws:iam::${ACCOUNT}:user/ci-deployer,2024-09-02T07:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-10-09T07:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
].join('\n');

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function ref(userName: string, extra: { resourceId?: string } = {}) {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: 'AWS::IAM::User',
    lookupId: userName,
    captureTime: '2026-11-23T09:30:00.000Z',
    ...extra,
  };
}

/** A cache with no waiting, as each test's own (the module's shared one would carry reports across tests). */
function cache(): CredentialReportCache {
  return new CredentialReportCache({ wait: async () => undefined });
}

function verdicts(item: ConfigurationItem): Record<string, string> {
  const engine = new RuleEngine(iamRules);
  return Object.fromEntries(
    engine
      .evaluate(item, { now: NOW, inventory: createInventory([item]) })
      .map((evaluation) => [evaluation.ruleId, evaluation.compliance]),
  );
}

describe('describeIamUser', () => {
  const client = new IAMClient({ region: 'us-east-1' });
  const iam = mockClient(client);

  /** bob of test/fixtures/aws-iam-user/console-user-without-mfa.json, through the IAM API. */
  function mockBob(): void {
    iam.on(GetUserCommand, { UserName: 'bob' }).resolves({
      User: {
        Path: '/',
        UserName: 'bob',
        UserId: 'AIDAQ3EXAMPLEBOB0002',
        Arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
        CreateDate: new Date('2021-06-01T13:00:00Z'),
        PasswordLastUsed: new Date('2026-06-26T16:12:09Z'),
      },
    });
    iam.on(ListUserPoliciesCommand, { UserName: 'bob' }).resolves({ PolicyNames: ['bob-s3-scratch'] });
    iam.on(GetUserPolicyCommand, { UserName: 'bob', PolicyName: 'bob-s3-scratch' }).resolves({
      UserName: 'bob',
      PolicyName: 'bob-s3-scratch',
      // IAM returns policy documents URL-encoded, and Config records them so.
      PolicyDocument: encodeURIComponent(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:*',
              Resource: ['arn:aws:s3:::bob-scratch', 'arn:aws:s3:::bob-scratch/*'],
            },
          ],
        }),
      ).replaceAll('*', '%2A'),
    });
    iam.on(ListAttachedUserPoliciesCommand, { UserName: 'bob' }).resolves({
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
    });
    iam.on(ListGroupsForUserCommand, { UserName: 'bob' }).resolves({ Groups: [] });
    iam.on(ListMFADevicesCommand, { UserName: 'bob' }).resolves({ MFADevices: [] });
    iam.on(ListAccessKeysCommand, { UserName: 'bob' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'bob',
          AccessKeyId: 'AKIAQ3EXAMPLEBOB0002',
          Status: 'Active',
          CreateDate: new Date('2025-10-19T11:30:00Z'),
        },
      ],
    });
    iam.on(GetLoginProfileCommand, { UserName: 'bob' }).resolves({
      LoginProfile: {
        UserName: 'bob',
        CreateDate: new Date('2021-06-01T13:05:00Z'),
        PasswordResetRequired: false,
      },
    });
  }

  beforeEach(() => {
    iam.reset();
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({
      Content: new TextEncoder().encode(REPORT),
      ReportFormat: 'text/csv',
      GeneratedTime: new Date('2026-11-23T08:00:00Z'),
    });
  });

  it('builds the item Config records (configuration, ids, region "global") with the credential keys', async () => {
    mockBob();
    const item = await describeIamUser(client, ref('bob'), cache());
    const fixture = loadFixture('AWS::IAM::User', 'console-user-without-mfa').item;
    expect(item).toMatchObject({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::User',
      resourceId: fixture.resourceId,
      resourceName: fixture.resourceName,
      arn: fixture.arn,
      status: 'OK',
      captureTime: '2026-11-23T09:30:00.000Z',
    });
    expect(item.region).toBe(fixture.region);
    expect(item.configuration).toEqual(fixture.configuration);
    expect(item.supplementaryConfiguration).toEqual(fixture.supplementaryConfiguration);
    expect(verdicts(item)).toEqual(verdicts(fixture));
    expect(verdicts(item)).toMatchObject({
      'iam-user-mfa-enabled': 'NON_COMPLIANT',
      'mfa-enabled-for-iam-console-access': 'NON_COMPLIANT',
      'iam-user-no-policies-check': 'NON_COMPLIANT',
    });
    // The key's last use came from the report: no per-key read.
    expect(iam.commandCalls(GetAccessKeyLastUsedCommand)).toHaveLength(0);
  });

  it('records groups, MFA devices, tags and the permissions boundary in Config shape', async () => {
    iam.on(GetUserCommand).resolves({
      User: {
        Path: '/people/',
        UserName: 'alice',
        UserId: 'AIDAQ3EXAMPLEALICE01',
        Arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`,
        CreateDate: new Date('2023-02-14T10:21:33Z'),
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Boundary`,
        },
        Tags: [{ Key: 'team', Value: 'payments' }],
      },
    });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(ListGroupsForUserCommand).resolves({
      Groups: [
        {
          GroupName: 'Engineers',
          GroupId: 'AGPAENGI5XJ2Q7ZK3M4',
          Arn: `arn:aws:iam::${ACCOUNT}:group/Engineers`,
          Path: '/',
          CreateDate: new Date('2020-01-01T00:00:00Z'),
        },
      ],
    });
    iam.on(ListMFADevicesCommand).resolves({
      MFADevices: [
        {
          UserName: 'alice',
          SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice-yubikey`,
          EnableDate: new Date('2023-02-14T10:40:02Z'),
        },
      ],
    });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });
    iam.on(GetLoginProfileCommand).resolves({
      LoginProfile: { UserName: 'alice', CreateDate: new Date('2023-02-14T10:25:10Z') },
    });
    const item = await describeIamUser(client, ref('alice'), cache());
    expect(item.configuration).toMatchObject({
      path: '/people/',
      groupList: ['Engineers'],
      userPolicyList: [],
      attachedManagedPolicies: [],
      permissionsBoundary: {
        permissionsBoundaryType: 'PermissionsBoundaryPolicy',
        permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Boundary`,
      },
      tags: [{ key: 'team', value: 'payments' }],
    });
    expect(item.tags).toEqual({ team: 'payments' });
    expect(item.supplementaryConfiguration).toEqual({
      MfaDevices: [
        {
          UserName: 'alice',
          SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice-yubikey`,
          EnableDate: '2023-02-14T10:40:02.000Z',
        },
      ],
      LoginProfile: {
        UserName: 'alice',
        CreateDate: '2023-02-14T10:25:10.000Z',
        PasswordResetRequired: false,
      },
      PasswordLastUsed: null,
      AccessKeys: [],
    });
    expect(verdicts(item)).toMatchObject({
      'iam-user-mfa-enabled': 'COMPLIANT',
      'mfa-enabled-for-iam-console-access': 'COMPLIANT',
      'iam-user-no-policies-check': 'COMPLIANT',
    });
    // No access key: no report read at all.
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(0);
  });

  it('a user without console password has LoginProfile null (not "not collected")', async () => {
    mockBob();
    iam.on(GetLoginProfileCommand, { UserName: 'bob' }).rejects(awsError('NoSuchEntityException'));
    const item = await describeIamUser(client, ref('bob'), cache());
    expect(item.supplementaryConfiguration.LoginProfile).toBeNull();
    expect(verdicts(item)['mfa-enabled-for-iam-console-access']).toBe('NOT_APPLICABLE');
  });

  it('reads the credential report once for all users of a sweep, sharing one read among concurrent describes', async () => {
    mockBob();
    const reports = cache();
    await Promise.all([
      describeIamUser(client, ref('bob'), reports),
      describeIamUser(client, ref('bob'), reports),
      describeIamUser(client, ref('bob'), reports),
    ]);
    await describeIamUser(client, ref('bob'), reports);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(1);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(iam.commandCalls(GetAccessKeyLastUsedCommand)).toHaveLength(0);
  });

  it('reads the report again once its window has passed', async () => {
    mockBob();
    let now = 0;
    const reports = new CredentialReportCache({ now: () => now, ttlMs: 1_000, wait: async () => undefined });
    await describeIamUser(client, ref('bob'), reports);
    now = 999;
    await describeIamUser(client, ref('bob'), reports);
    now = 1_000;
    await describeIamUser(client, ref('bob'), reports);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(2);
  });

  it('polls GenerateCredentialReport while IAM builds the report', async () => {
    mockBob();
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    const waits: number[] = [];
    const reports = new CredentialReportCache({
      wait: async (ms) => {
        waits.push(ms);
      },
    });
    const item = await describeIamUser(client, ref('bob'), reports);
    expect(waits).toEqual([200, 500]);
    expect(item.supplementaryConfiguration.AccessKeys).toMatchObject([
      { LastUsedDate: '2026-05-07T10:00:00.000Z' },
    ]);
  });

  it.each([
    [
      'the report cannot be read (no permission)',
      () => iam.on(GenerateCredentialReportCommand).rejects(awsError('AccessDenied')),
    ],
    [
      'the report is still being built after the polls',
      () => iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' }),
    ],
  ])('asks GetAccessKeyLastUsed per key when %s', async (_case, arrange) => {
    mockBob();
    arrange();
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAQ3EXAMPLEBOB0002' }).resolves({
      UserName: 'bob',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2026-05-07T10:00:00Z'),
        ServiceName: 'ec2',
        Region: 'eu-west-1',
      },
    });
    const item = await describeIamUser(client, ref('bob'), cache());
    const fixture = loadFixture('AWS::IAM::User', 'console-user-without-mfa').item;
    expect(item.supplementaryConfiguration.AccessKeys).toEqual(fixture.supplementaryConfiguration.AccessKeys);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  it('asks GetAccessKeyLastUsed only for a key the report does not cover (created after it)', async () => {
    mockBob();
    iam.on(ListAccessKeysCommand, { UserName: 'bob' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'bob',
          AccessKeyId: 'AKIAOLD',
          Status: 'Active',
          CreateDate: new Date('2025-10-19T11:30:00Z'),
        },
        {
          UserName: 'bob',
          AccessKeyId: 'AKIANEW',
          Status: 'Active',
          CreateDate: new Date('2026-11-23T09:00:00Z'),
        },
      ],
    });
    iam
      .on(GetAccessKeyLastUsedCommand)
      .resolves({ AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    const item = await describeIamUser(client, ref('bob'), cache());
    expect(iam.commandCalls(GetAccessKeyLastUsedCommand).map((call) => call.args[0].input)).toEqual([
      { AccessKeyId: 'AKIANEW' },
    ]);
    expect(item.supplementaryConfiguration.AccessKeys).toEqual([
      {
        UserName: 'bob',
        AccessKeyId: 'AKIAOLD',
        Status: 'Active',
        CreateDate: '2025-10-19T11:30:00.000Z',
        LastUsedDate: '2026-05-07T10:00:00.000Z',
        LastUsedService: 'ec2',
        LastUsedRegion: 'eu-west-1',
      },
      {
        UserName: 'bob',
        AccessKeyId: 'AKIANEW',
        Status: 'Active',
        CreateDate: '2026-11-23T09:00:00.000Z',
        LastUsedDate: null,
      },
    ]);
  });

  it('ignores the report row of an earlier user of the same name', async () => {
    mockBob();
    iam.on(GetUserCommand, { UserName: 'bob' }).resolves({
      User: {
        UserName: 'bob',
        UserId: 'AIDANEWBOB',
        Arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
        Path: '/',
        CreateDate: new Date('2026-11-01T00:00:00Z'),
      },
    });
    iam
      .on(GetAccessKeyLastUsedCommand)
      .resolves({ AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    await describeIamUser(client, ref('bob'), cache());
    expect(iam.commandCalls(GetAccessKeyLastUsedCommand)).toHaveLength(1);
  });

  it.each([
    ['ListMFADevices', 'MfaDevices', 'iam-user-mfa-enabled', () => iam.on(ListMFADevicesCommand)],
    [
      'GetLoginProfile',
      'LoginProfile',
      'mfa-enabled-for-iam-console-access',
      () => iam.on(GetLoginProfileCommand),
    ],
    ['ListAccessKeys', 'AccessKeys', 'access-keys-rotated', () => iam.on(ListAccessKeysCommand)],
  ])('a %s not permitted leaves %s absent, and %s NOT_APPLICABLE', async (_command, key, ruleId, stub) => {
    mockBob();
    stub().rejects(awsError('AccessDenied'));
    const item = await describeIamUser(client, ref('bob'), cache());
    expect(item.supplementaryConfiguration).not.toHaveProperty(key);
    expect(verdicts(item)[ruleId]).toBe('NOT_APPLICABLE');
  });

  it('leaves AccessKeys absent when a key\'s last use can be read neither way (never "never used")', async () => {
    mockBob();
    iam.on(GenerateCredentialReportCommand).rejects(awsError('AccessDenied'));
    iam.on(GetAccessKeyLastUsedCommand).rejects(awsError('AccessDenied'));
    const item = await describeIamUser(client, ref('bob'), cache());
    expect(item.supplementaryConfiguration).not.toHaveProperty('AccessKeys');
    expect(verdicts(item)['iam-user-unused-credentials-check']).toBe('NOT_APPLICABLE');
  });

  it('fails (rather than record no policies) when a policy read of the Config part is not permitted', async () => {
    mockBob();
    iam.on(ListAttachedUserPoliciesCommand).rejects(awsError('AccessDenied'));
    await expect(describeIamUser(client, ref('bob'), cache())).rejects.toThrow('AccessDenied');
  });

  it('a user IAM no longer knows is ResourceDeleted, under the user id the event gave', async () => {
    iam.on(GetUserCommand).rejects(awsError('NoSuchEntityException'));
    expect(
      await describeIamUser(client, ref('carol', { resourceId: 'AIDAQ3EXAMPLECAROL04' }), cache()),
    ).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::User',
      resourceId: 'AIDAQ3EXAMPLECAROL04',
      resourceName: 'carol',
      captureTime: '2026-11-23T09:30:00.000Z',
      status: 'ResourceDeleted',
      configuration: null,
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    });
    // DeleteUser names only the user: the name stands in for the id.
    expect((await describeIamUser(client, ref('carol'), cache())).resourceId).toBe('carol');
  });

  it('a user deleted while being described is ResourceDeleted under its user id', async () => {
    mockBob();
    iam.on(ListGroupsForUserCommand).rejects(awsError('NoSuchEntityException'));
    const item = await describeIamUser(client, ref('bob'), cache());
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'AIDAQ3EXAMPLEBOB0002' });
  });
});

describe('listIamUsers', () => {
  const client = new IAMClient({ region: 'us-east-1' });
  const iam = mockClient(client);

  it('lists every user once for the account (region "global"), through every page', async () => {
    iam.reset();
    iam
      .on(ListUsersCommand)
      .resolvesOnce({
        Users: [{ UserName: 'a', UserId: 'AIDAA', Arn: 'x', Path: '/', CreateDate: NOW }],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolves({ Users: [{ UserName: 'b', UserId: 'AIDAB', Arn: 'y', Path: '/', CreateDate: NOW }] });
    const refs = await listIamUsers(client, {
      accountId: ACCOUNT,
      region: 'eu-west-1',
      captureTime: NOW.toISOString(),
    });
    expect(refs).toEqual([
      {
        accountId: ACCOUNT,
        region: 'global',
        resourceType: 'AWS::IAM::User',
        lookupId: 'a',
        resourceId: 'AIDAA',
        captureTime: NOW.toISOString(),
      },
      {
        accountId: ACCOUNT,
        region: 'global',
        resourceType: 'AWS::IAM::User',
        lookupId: 'b',
        resourceId: 'AIDAB',
        captureTime: NOW.toISOString(),
      },
    ]);
    expect(iam.commandCalls(ListUsersCommand)[1]?.args[0].input).toMatchObject({ Marker: 'm' });
  });
});

describe('parseCredentialReport', () => {
  it('reads each key slot, N/A as never used, and quoted names', () => {
    const report = parseCredentialReport(
      `${REPORT}\n"ops,team",arn:aws:iam::${ACCOUNT}:user/ops,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2024-01-02T00:00:00+00:00,N/A,N/A,N/A,true,2024-02-03T04:05:06+00:00,2026-11-20T00:00:00+00:00,us-east-1,s3,false,N/A,false,N/A\r\n`,
    );
    expect(report.rows.get('ops,team')?.accessKeys).toEqual([
      { lastRotated: new Date('2024-01-02T00:00:00Z'), lastUsedDate: null },
      {
        lastRotated: new Date('2024-02-03T04:05:06Z'),
        lastUsedDate: new Date('2026-11-20T00:00:00Z'),
        lastUsedRegion: 'us-east-1',
        lastUsedService: 's3',
      },
    ]);
    const user = { userName: 'ops,team', createDate: new Date('2024-01-01T00:00:00.123Z') };
    expect(reportedKeyUse(report, user, new Date('2024-02-03T04:05:06.900Z'))?.lastUsedService).toBe('s3');
    expect(reportedKeyUse(report, user, new Date('2024-02-03T04:05:07Z'))).toBeUndefined();
    expect(
      reportedKeyUse(report, { ...user, userName: 'nobody' }, new Date('2024-01-02T00:00:00Z')),
    ).toBeUndefined();
  });
});

function record(
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  extra: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  return {
    eventID: 'c1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements: null,
    ...extra,
  };
}

/** `[type, lookupId, resourceId?]` of each ref a record maps to. */
function touched(input: CloudTrailRecord): (string | undefined)[][] {
  return refsFromCloudTrail(input, ACCOUNT).map((entry) =>
    entry.resourceId === undefined
      ? [entry.resourceType, entry.lookupId]
      : [entry.resourceType, entry.lookupId, entry.resourceId],
  );
}

const IAM_USER_IDENTITY = {
  type: 'IAMUser',
  principalId: 'AIDAQ3EXAMPLEADMIN1',
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userName: 'admin',
};

describe('CloudTrail calls that change an IAM user', () => {
  it.each([
    ['PutUserPolicy', { userName: 'bob', policyName: 'p', policyDocument: '{}' }],
    ['DeleteUserPolicy', { userName: 'bob', policyName: 'p' }],
    ['DetachUserPolicy', { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    ['CreateLoginProfile', { userName: 'bob', passwordResetRequired: false }],
    ['UpdateLoginProfile', { userName: 'bob', passwordResetRequired: true }],
    ['DeleteLoginProfile', { userName: 'bob' }],
    ['EnableMFADevice', { userName: 'bob', serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/bob` }],
    ['DeactivateMFADevice', { userName: 'bob', serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/bob` }],
    ['UpdateAccessKey', { userName: 'bob', accessKeyId: 'AKIAEXAMPLE', status: 'Inactive' }],
    ['DeleteAccessKey', { userName: 'bob', accessKeyId: 'AKIAEXAMPLE' }],
    ['TagUser', { userName: 'bob', tags: [{ key: 'team', value: 'x' }] }],
    ['UntagUser', { userName: 'bob', tagKeys: ['team'] }],
    [
      'PutUserPermissionsBoundary',
      { userName: 'bob', permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' },
    ],
    ['DeleteUserPermissionsBoundary', { userName: 'bob' }],
  ])(
    '%s re-describes the user it names (and not the account item, when an IAM user calls)',
    (eventName, params) => {
      expect(touched(record(eventName, params, { userIdentity: IAM_USER_IDENTITY }))).toEqual([
        ['AWS::IAM::User', 'bob'],
      ]);
    },
  );

  it.each([['AddUserToGroup'], ['RemoveUserFromGroup']])(
    '%s re-describes the user it names and the group, whose members changed',
    (eventName) => {
      const params = { groupName: 'Engineers', userName: 'bob' };
      expect(touched(record(eventName, params, { userIdentity: IAM_USER_IDENTITY }))).toEqual([
        ['AWS::IAM::User', 'bob'],
        ['AWS::IAM::Group', 'Engineers'],
      ]);
    },
  );

  it('CreateUser gives the user id Config uses as resource id', () => {
    const created = record(
      'CreateUser',
      { userName: 'dave', path: '/' },
      {
        responseElements: {
          user: {
            path: '/',
            userName: 'dave',
            userId: 'AIDAQ3EXAMPLEDAVE05',
            arn: `arn:aws:iam::${ACCOUNT}:user/dave`,
            createDate: 'Nov 23, 2026 9:30:00 AM',
          },
        },
      },
    );
    expect(touched(created)).toEqual([
      ['AWS::::Account', ACCOUNT],
      ['AWS::IAM::User', 'dave', 'AIDAQ3EXAMPLEDAVE05'],
    ]);
  });

  it('CreateAccessKey without userName: the owner the response names', () => {
    const created = record('CreateAccessKey', null, {
      userIdentity: IAM_USER_IDENTITY,
      responseElements: {
        accessKey: {
          userName: 'admin',
          accessKeyId: 'AKIANEW',
          status: 'Active',
          createDate: 'Nov 23, 2026 9:30:00 AM',
        },
      },
    });
    expect(touched(created)).toEqual([['AWS::IAM::User', 'admin']]);
  });

  it('DeleteAccessKey without userName by an IAM user: its own key', () => {
    expect(
      touched(record('DeleteAccessKey', { accessKeyId: 'AKIAOLD' }, { userIdentity: IAM_USER_IDENTITY })),
    ).toEqual([['AWS::IAM::User', 'admin']]);
  });

  it('UpdateUser re-describes the user under its new name', () => {
    expect(touched(record('UpdateUser', { userName: 'bob', newUserName: 'robert' }))).toEqual([
      ['AWS::IAM::User', 'robert'],
    ]);
  });

  it('AttachUserPolicy re-describes the user, and the customer managed policy whose attachment count changed', () => {
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/DeployPipeline`;
    expect(touched(record('AttachUserPolicy', { userName: 'bob', policyArn }))).toEqual([
      ['AWS::IAM::Policy', policyArn],
      ['AWS::IAM::User', 'bob'],
    ]);
    expect(
      touched(
        record('AttachUserPolicy', {
          userName: 'bob',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
      ),
    ).toEqual([['AWS::IAM::User', 'bob']]);
  });

  it("the root user's own MFA and key calls refresh the account item, an IAM user's never do", () => {
    const root = {
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
    };
    expect(touched(record('CreateAccessKey', null, { userIdentity: root }))).toEqual([
      ['AWS::::Account', ACCOUNT],
    ]);
    expect(
      touched(
        record(
          'DeactivateMFADevice',
          { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device` },
          { userIdentity: root },
        ),
      ),
    ).toEqual([['AWS::::Account', ACCOUNT]]);
    expect(
      touched(
        record(
          'EnableMFADevice',
          { userName: 'bob', serialNumber: 'x' },
          { userIdentity: IAM_USER_IDENTITY },
        ),
      ),
    ).toEqual([['AWS::IAM::User', 'bob']]);
    expect(
      touched(record('DeleteAccessKey', { accessKeyId: 'AKIAOLD' }, { userIdentity: IAM_USER_IDENTITY })),
    ).not.toContainEqual(['AWS::::Account', ACCOUNT]);
  });

  it('CreateUser and DeleteUser re-describe the user and the account item (its summary counts users)', () => {
    expect(touched(record('DeleteUser', { userName: 'bob' }))).toEqual([
      ['AWS::::Account', ACCOUNT],
      ['AWS::IAM::User', 'bob'],
    ]);
  });
});
