import { describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { CloudTrailRecord } from '#shared/pipeline/events';

const ACCOUNT = '123456789012';

function touched(
  eventName: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null = null,
): [string, string][] {
  const record: CloudTrailRecord = {
    eventID: '4e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  };
  return refsFromCloudTrail(record, ACCOUNT).map((ref) => [ref.resourceType, ref.lookupId]);
}

describe('EC2 instance CloudTrail triggers', () => {
  it.each(['MonitorInstances', 'UnmonitorInstances'])(
    '%s re-describes every instance it names (detailed monitoring changed)',
    (eventName) => {
      const instancesSet = {
        items: [{ instanceId: 'i-0b7d9e1f3a5c7e9b1' }, { instanceId: 'i-0a4f3c2b1d0e9f871' }],
      };
      expect(touched(eventName, { instancesSet })).toEqual([
        ['AWS::EC2::Instance', 'i-0b7d9e1f3a5c7e9b1'],
        ['AWS::EC2::Instance', 'i-0a4f3c2b1d0e9f871'],
      ]);
    },
  );

  it('AssociateIamInstanceProfile re-describes the instance its request names', () => {
    const request = {
      AssociateIamInstanceProfileRequest: {
        InstanceId: 'i-0a4f3c2b1d0e9f871',
        IamInstanceProfile: { Name: 'payments-api' },
      },
    };
    expect(touched('AssociateIamInstanceProfile', request)).toEqual([
      ['AWS::EC2::Instance', 'i-0a4f3c2b1d0e9f871'],
    ]);
  });

  it.each([
    ['DisassociateIamInstanceProfile', 'DisassociateIamInstanceProfileResponse'],
    ['ReplaceIamInstanceProfileAssociation', 'ReplaceIamInstanceProfileAssociationResponse'],
  ])('%s re-describes the instance of the association it returns', (eventName, wrapper) => {
    const response = {
      [wrapper]: {
        iamInstanceProfileAssociation: {
          associationId: 'iip-assoc-0e1f2a3b4c5d6e7f8',
          instanceId: 'i-0a4f3c2b1d0e9f871',
          state: 'disassociating',
        },
      },
    };
    expect(touched(eventName, { associationId: 'iip-assoc-0e1f2a3b4c5d6e7f8' }, response)).toEqual([
      ['AWS::EC2::Instance', 'i-0a4f3c2b1d0e9f871'],
    ]);
  });

  it('names no instance for an association call whose records name none', () => {
    expect(
      touched('DisassociateIamInstanceProfile', { associationId: 'iip-assoc-0e1f2a3b4c5d6e7f8' }),
    ).toEqual([]);
  });
});
