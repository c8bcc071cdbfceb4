import { describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { CloudTrailRecord } from '#shared/pipeline/events';

const ACCOUNT = '123456789012';

function touched(eventName: string, requestParameters: Record<string, unknown>): [string, string][] {
  const record: CloudTrailRecord = {
    eventID: '4e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements: null,
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
});
