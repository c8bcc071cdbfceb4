import { DescribeSnapshotsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeAccount } from '#shared/describe/account/describe';
import {
  CLOUDTRAIL_EVENT_NAMES,
  CLOUDTRAIL_SOURCES,
  refsFromCloudTrail,
} from '#shared/describe/cloudtrail-refs';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import type { AccountConfiguration } from '#shared/resources/account';

const ACCOUNT = '123456789012';

function record(eventSource: string, eventName: string, region = 'eu-west-1'): CloudTrailRecord {
  return {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource,
    eventName,
    awsRegion: region,
    recipientAccountId: ACCOUNT,
    requestParameters: null,
    responseElements: null,
  };
}

describe('CloudTrail mapping of account-level calls', () => {
  it.each([
    ['iam.amazonaws.com', 'UpdateAccountPasswordPolicy'],
    ['iam.amazonaws.com', 'DeleteAccountPasswordPolicy'],
    ['iam.amazonaws.com', 'EnableMFADevice'],
    ['iam.amazonaws.com', 'DeactivateMFADevice'],
    ['iam.amazonaws.com', 'DeleteVirtualMFADevice'],
    ['iam.amazonaws.com', 'CreateAccessKey'],
    ['guardduty.amazonaws.com', 'CreateDetector'],
    ['guardduty.amazonaws.com', 'DeleteDetector'],
    ['guardduty.amazonaws.com', 'UpdateDetector'],
    ['guardduty.amazonaws.com', 'AcceptAdministratorInvitation'],
    ['guardduty.amazonaws.com', 'DisassociateFromAdministratorAccount'],
    ['securityhub.amazonaws.com', 'EnableSecurityHub'],
    ['securityhub.amazonaws.com', 'DisableSecurityHub'],
    ['ec2.amazonaws.com', 'EnableEbsEncryptionByDefault'],
    ['ec2.amazonaws.com', 'DisableEbsEncryptionByDefault'],
  ])('%s %s re-describes the account item of the event region', (source, name) => {
    expect(refsFromCloudTrail(record(source, name), ACCOUNT)).toEqual([
      {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        resourceType: 'AWS::::Account',
        lookupId: ACCOUNT,
        captureTime: '2026-11-23T09:30:00.000Z',
      },
    ]);
  });

  it.each(['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'])(
    's3 %s refreshes the account public access block item (id = account id)',
    (name) => {
      expect(refsFromCloudTrail(record('s3.amazonaws.com', name, 'us-east-1'), ACCOUNT)).toEqual([
        {
          accountId: ACCOUNT,
          region: 'us-east-1',
          resourceType: 'AWS::S3::AccountPublicAccessBlock',
          lookupId: ACCOUNT,
          captureTime: '2026-11-23T09:30:00.000Z',
        },
      ]);
    },
  );

  it('bucket-level public access block calls still map to the bucket', () => {
    const put = {
      ...record('s3.amazonaws.com', 'PutBucketPublicAccessBlock'),
      requestParameters: { bucketName: 'b1' },
    };
    expect(refsFromCloudTrail(put, ACCOUNT).map((ref) => [ref.resourceType, ref.lookupId])).toEqual([
      ['AWS::S3::Bucket', 'b1'],
    ]);
  });

  it.each([
    ['CreateTrail', { name: 'org-trail', s3BucketName: 'logs' }, 'org-trail'],
    [
      'StopLogging',
      { name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail' },
      'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail',
    ],
    ['PutEventSelectors', { trailName: 'org-trail', eventSelectors: [] }, 'org-trail'],
  ])(
    'cloudtrail %s re-describes the trail, then the account item that judges trails',
    (name, params, lookupId) => {
      const refs = refsFromCloudTrail(
        { ...record('cloudtrail.amazonaws.com', name), requestParameters: params },
        ACCOUNT,
      );
      expect(refs.map((ref) => [ref.resourceType, ref.lookupId])).toEqual([
        ['AWS::CloudTrail::Trail', lookupId],
        ['AWS::::Account', ACCOUNT],
      ]);
    },
  );

  it('the EventBridge pattern lists the new sources and names', () => {
    expect(CLOUDTRAIL_SOURCES).toEqual(
      expect.arrayContaining(['aws.guardduty', 'aws.securityhub', 'aws.s3', 'aws.iam', 'aws.cloudtrail']),
    );
    expect(CLOUDTRAIL_EVENT_NAMES).toEqual(
      expect.arrayContaining(['CreateDetector', 'EnableSecurityHub', 'PutAccountPublicAccessBlock']),
    );
    expect(new Set(CLOUDTRAIL_SOURCES).size).toBe(CLOUDTRAIL_SOURCES.length);
  });

  it('ignores a read-only or unknown call of a covered service', () => {
    expect(refsFromCloudTrail(record('guardduty.amazonaws.com', 'ListDetectors'), ACCOUNT)).toEqual([]);
  });
});

describe('describeAccount: GuardDuty and Security Hub parts', () => {
  const iam = mockClient(IAMClient);
  const ec2 = mockClient(EC2Client);
  const guardduty = mockClient(GuardDutyClient);
  const securityhub = mockClient(SecurityHubClient);
  const ref = {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: 'AWS::::Account',
    lookupId: ACCOUNT,
    captureTime: '2026-11-23T09:30:00.000Z',
  };
  const clients = () => ({
    iam: new IAMClient({}),
    ec2: new EC2Client({}),
    guardduty: new GuardDutyClient({}),
    securityhub: new SecurityHubClient({}),
  });

  function awsError(name: string): Error {
    const error = new Error(name);
    error.name = name;
    return error;
  }

  beforeEach(() => {
    for (const mock of [iam, ec2, guardduty, securityhub]) mock.reset();
    iam.on(GetAccountPasswordPolicyCommand).rejects(awsError('NoSuchEntityException'));
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1 } });
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
  });

  async function configuration(
    withClients: Parameters<typeof describeAccount>[0] = clients(),
  ): Promise<AccountConfiguration> {
    const item = await describeAccount(withClients, ref);
    return item.configuration as AccountConfiguration;
  }

  it('collects each detector with its status and administrator, and an enabled hub', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d-1', 'd-2'] });
    guardduty.on(GetDetectorCommand, { DetectorId: 'd-1' }).resolves({ Status: 'ENABLED', ServiceRole: 'r' });
    guardduty
      .on(GetDetectorCommand, { DetectorId: 'd-2' })
      .resolves({ Status: 'DISABLED', ServiceRole: 'r' });
    guardduty
      .on(GetAdministratorAccountCommand, { DetectorId: 'd-1' })
      .resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    guardduty.on(GetAdministratorAccountCommand, { DetectorId: 'd-2' }).resolves({});
    securityhub
      .on(DescribeHubCommand)
      .resolves({ HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default` });
    const config = await configuration();
    expect(config.guardDutyDetectors).toEqual([
      {
        detectorId: 'd-1',
        status: 'ENABLED',
        administrator: { accountId: '111122223333', relationshipStatus: 'Enabled' },
      },
      { detectorId: 'd-2', status: 'DISABLED', administrator: null },
    ]);
    expect(config.securityHub).toEqual({
      enabled: true,
      hubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`,
    });
    expect(config.passwordPolicy).toBeNull();
  });

  it('no detector and an unsubscribed hub are collected as such (not as "unknown")', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    securityhub.on(DescribeHubCommand).rejects(awsError('InvalidAccessException'));
    const config = await configuration();
    expect(config.guardDutyDetectors).toEqual([]);
    expect(config.securityHub).toEqual({ enabled: false });
  });

  it('leaves a part out when the function may not read it, or has no client for it', async () => {
    guardduty.on(ListDetectorsCommand).rejects(awsError('AccessDeniedException'));
    securityhub.on(DescribeHubCommand).rejects(awsError('AccessDeniedException'));
    const denied = await configuration();
    expect(denied).not.toHaveProperty('guardDutyDetectors');
    expect(denied).not.toHaveProperty('securityHub');
    const { guardduty: _g, securityhub: _s, ...without } = clients();
    const uncollected = await configuration(without);
    expect(uncollected).not.toHaveProperty('guardDutyDetectors');
    expect(uncollected.ebsEncryptionByDefault).toBe(false);
  });

  it('fails the describe on an unexpected GuardDuty error (worth a retry)', async () => {
    guardduty.on(ListDetectorsCommand).rejects(awsError('InternalServerErrorException'));
    securityhub.on(DescribeHubCommand).resolves({});
    await expect(configuration()).rejects.toThrow('InternalServerErrorException');
  });
});
