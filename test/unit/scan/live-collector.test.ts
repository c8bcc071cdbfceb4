import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { DescribeError } from '#shared/describe/errors';
import { collectLiveItems, type LiveScanEvent, missingActionOf } from '#shared/scan/live-collector';

const ACCOUNT = '123456789012';
const AT = '2026-12-07T05:00:00.000Z';

function item(ref: ResourceRef): ConfigurationItem {
  return {
    accountId: ref.accountId,
    region: ref.region,
    resourceType: ref.resourceType,
    resourceId: ref.lookupId,
    captureTime: ref.captureTime,
    status: 'OK',
    configuration: {},
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  };
}

function sdkError(name: string, message: string, commandName?: string): Error {
  const error = Object.assign(new Error(message), { name });
  if (commandName !== undefined) Object.defineProperty(error, 'commandName', { value: commandName });
  return error;
}

/** A describer over a fixed estate of `region → type → ids`, with failures injected by id or type. */
function fakeDescriber(
  region: string,
  estate: Record<string, Record<string, string[]>>,
  failures: { list?: Record<string, Error>; describe?: Record<string, Error> } = {},
  calls: string[] = [],
): ResourceDescriber {
  return {
    supportedTypes: [],
    async listRefs(resourceType, accountId, captureTime) {
      calls.push(`list ${region} ${resourceType}`);
      const failure = failures.list?.[resourceType];
      if (failure)
        throw new DescribeError(`cannot list ${resourceType}: ${failure.message}`, { cause: failure });
      return (estate[region]?.[resourceType] ?? []).map((lookupId) => ({
        accountId,
        region: lookupId.startsWith('bucket-eu')
          ? 'eu-west-1'
          : lookupId.startsWith('bucket-us')
            ? 'us-east-1'
            : region,
        resourceType,
        lookupId,
        captureTime,
      }));
    },
    async describe(ref) {
      calls.push(`describe ${region} ${ref.lookupId}`);
      const failure = failures.describe?.[ref.lookupId];
      if (failure)
        throw new DescribeError(`cannot describe ${ref.lookupId}: ${failure.message}`, { cause: failure });
      return item(ref);
    },
  };
}

async function collect(events: AsyncIterable<LiveScanEvent>): Promise<LiveScanEvent[]> {
  const all: LiveScanEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const target = (regions: string[], resourceTypes: string[]) => ({
  accountId: ACCOUNT,
  regions,
  resourceTypes,
  captureTime: AT,
  concurrency: 4,
});

describe('collectLiveItems', () => {
  it('yields every resource of every region and type, then a progress line per region and type', async () => {
    const estate = {
      'us-east-1': { 'AWS::EC2::SecurityGroup': ['sg-1', 'sg-2'], 'AWS::KMS::Key': ['k-1'] },
      'eu-west-1': { 'AWS::EC2::SecurityGroup': ['sg-3'] },
    };
    const events = await collect(
      collectLiveItems(
        (region) => fakeDescriber(region, estate),
        target(['us-east-1', 'eu-west-1'], ['AWS::EC2::SecurityGroup', 'AWS::KMS::Key']),
      ),
    );
    const items = events.flatMap((event) => (event.kind === 'item' ? [event.item.resourceId] : []));
    expect(items).toEqual(['sg-1', 'sg-2', 'k-1', 'sg-3']);
    expect(events.filter((event) => event.kind === 'progress')).toHaveLength(4);
  });

  it('describes an account-wide listing once, each resource with its own region, and skips regions not asked for', async () => {
    const calls: string[] = [];
    const estate = {
      'us-east-1': { 'AWS::S3::Bucket': ['bucket-us', 'bucket-eu', 'bucket-eu-2'] },
      'eu-west-1': { 'AWS::S3::Bucket': ['bucket-us', 'bucket-eu', 'bucket-eu-2'] },
    };
    const events = await collect(
      collectLiveItems(
        (region) => fakeDescriber(region, estate, {}, calls),
        target(['us-east-1', 'eu-west-1'], ['AWS::S3::Bucket']),
      ),
    );
    const items = events.flatMap((event) => (event.kind === 'item' ? [event.item] : []));
    expect(items.map((each) => `${each.region}/${each.resourceId}`).sort()).toEqual([
      'eu-west-1/bucket-eu',
      'eu-west-1/bucket-eu-2',
      'us-east-1/bucket-us',
    ]);
    expect(calls.filter((call) => call.startsWith('describe'))).toHaveLength(3);
    expect(calls).toContain('describe eu-west-1 bucket-eu');

    const usOnly = await collect(
      collectLiveItems((region) => fakeDescriber(region, estate), target(['us-east-1'], ['AWS::S3::Bucket'])),
    );
    expect(usOnly.flatMap((event) => (event.kind === 'item' ? [event.item.resourceId] : []))).toEqual([
      'bucket-us',
    ]);
  });

  it('turns an AccessDenied listing into a failure naming the action, and goes on with the next type', async () => {
    const estate = { 'us-east-1': { 'AWS::KMS::Key': ['k-1'] } };
    const denied = sdkError(
      'AccessDeniedException',
      'User: arn:aws:iam::123456789012:user/x is not authorized to perform: ec2:DescribeSecurityGroups',
    );
    const events = await collect(
      collectLiveItems(
        (region) => fakeDescriber(region, estate, { list: { 'AWS::EC2::SecurityGroup': denied } }),
        target(['us-east-1'], ['AWS::EC2::SecurityGroup', 'AWS::KMS::Key']),
      ),
    );
    expect(events[0]).toMatchObject({
      kind: 'failure',
      failure: {
        region: 'us-east-1',
        resourceType: 'AWS::EC2::SecurityGroup',
        errorName: 'AccessDeniedException',
        missingAction: 'ec2:DescribeSecurityGroups',
      },
    });
    expect(events.some((event) => event.kind === 'item' && event.item.resourceId === 'k-1')).toBe(true);
  });

  it('names the action of a denied describe from the failed command when AWS does not (S3 says "Access Denied")', async () => {
    const estate = { 'us-east-1': { 'AWS::S3::Bucket': ['bucket-us', 'bucket-us-2'] } };
    const denied = sdkError('AccessDenied', 'Access Denied', 'GetBucketPolicyCommand');
    const events = await collect(
      collectLiveItems(
        (region) => fakeDescriber(region, estate, { describe: { 'bucket-us-2': denied } }),
        target(['us-east-1'], ['AWS::S3::Bucket']),
      ),
    );
    expect(events.filter((event) => event.kind === 'item')).toHaveLength(1);
    expect(events.find((event) => event.kind === 'failure')).toMatchObject({
      failure: { lookupId: 'bucket-us-2', missingAction: 's3:GetBucketPolicy', errorName: 'AccessDenied' },
    });
  });

  it('names no action for errors that are not access denials', () => {
    expect(missingActionOf(sdkError('Throttling', 'Rate exceeded'), 'AWS::S3::Bucket')).toBeUndefined();
  });
});
