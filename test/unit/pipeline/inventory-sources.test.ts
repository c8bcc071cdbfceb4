import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, ConfigurationItemStatus } from '#shared/config-item/configuration-item';
import type { ConfigRecorder, ResourceKey } from '#shared/config-recorder/config-recorder';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { configInventorySource, describeInventorySource } from '#shared/pipeline/inventory-sources';

const ACCOUNT = '123456789012';
const SCOPE = { accountId: ACCOUNT, region: 'us-east-1' };
const BUCKET = 'AWS::S3::Bucket';

function bucketItem(ref: ResourceRef, status: ConfigurationItemStatus = 'OK'): ConfigurationItem {
  return {
    accountId: ref.accountId,
    region: ref.region,
    resourceType: ref.resourceType,
    resourceId: ref.lookupId,
    captureTime: ref.captureTime,
    status,
    configuration: { name: ref.lookupId },
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  };
}

/** A describer over buckets by name → region; `gone` lists but is deleted by the time it is described. */
function fakeDescriber(buckets: Readonly<Record<string, string>>) {
  const listed: string[] = [];
  const described: ResourceRef[] = [];
  const describer: ResourceDescriber = {
    supportedTypes: [BUCKET],
    async listRefs(resourceType, accountId, captureTime) {
      listed.push(resourceType);
      return Object.entries(buckets).map(([name, region]) => ({
        accountId,
        region,
        resourceType,
        lookupId: name,
        captureTime,
      }));
    },
    async describe(ref) {
      described.push(ref);
      return bucketItem(ref, ref.lookupId === 'gone' ? 'ResourceDeleted' : 'OK');
    },
  };
  return { describer, listed, described };
}

describe('describeInventorySource: named resources are described alone, found through one listing', () => {
  const buckets = { 'src-a': 'us-east-1', 'dr-west': 'us-west-2', gone: 'us-east-1', other: 'eu-west-1' };

  it('describes only the named buckets, in the region the listing gives, in the order asked', async () => {
    const { describer, listed, described } = fakeDescriber(buckets);
    const items = await describeInventorySource(describer).itemsOf(SCOPE, [
      { resourceType: BUCKET, resourceId: 'dr-west' },
      { resourceType: BUCKET, resourceId: 'src-a' },
    ]);
    expect(items.map((found) => [found?.resourceId, found?.region])).toEqual([
      ['dr-west', 'us-west-2'],
      ['src-a', 'us-east-1'],
    ]);
    expect(listed).toEqual([BUCKET]);
    expect(described.map((ref) => ref.lookupId)).toEqual(['dr-west', 'src-a']);
  });

  it('answers undefined for a bucket the account does not list (another account), a deleted one, and a type it cannot describe', async () => {
    const { describer, described } = fakeDescriber(buckets);
    const items = await describeInventorySource(describer).itemsOf(SCOPE, [
      { resourceType: BUCKET, resourceId: 'someone-elses-bucket' },
      { resourceType: BUCKET, resourceId: 'gone' },
      { resourceType: 'AWS::SNS::Topic', resourceId: 'arn:aws:sns:us-east-1:123456789012:t' },
    ]);
    expect(items).toEqual([undefined, undefined, undefined]);
    expect(described.map((ref) => ref.lookupId)).toEqual(['gone']);
  });

  it('lists a type once per TTL however many named reads follow, and stamps each item with the read time', async () => {
    let clock = 0;
    const { describer, listed } = fakeDescriber(buckets);
    const source = describeInventorySource(describer, { ttlMs: 60_000, now: () => clock });
    await Promise.all([
      source.itemsOf(SCOPE, [{ resourceType: BUCKET, resourceId: 'src-a' }]),
      source.itemsOf(SCOPE, [{ resourceType: BUCKET, resourceId: 'dr-west' }]),
    ]);
    const before = Date.now();
    const [later] = await source.itemsOf(SCOPE, [{ resourceType: BUCKET, resourceId: 'src-a' }]);
    expect(listed).toEqual([BUCKET]);
    expect(Date.parse(later?.captureTime ?? '')).toBeGreaterThanOrEqual(before - 1);
    clock = 60_000;
    await source.itemsOf(SCOPE, [{ resourceType: BUCKET, resourceId: 'src-a' }]);
    expect(listed).toEqual([BUCKET, BUCKET]);
  });

  it('reads whole types by listing and describing every resource, leaving deleted ones out', async () => {
    const { describer } = fakeDescriber(buckets);
    const items = await describeInventorySource(describer).itemsOfTypes(SCOPE, [BUCKET, 'AWS::SNS::Topic']);
    expect(items.map((found) => found.resourceId).sort()).toEqual(['dr-west', 'other', 'src-a']);
  });
});

describe('configInventorySource: named resources in one BatchGetResourceConfig', () => {
  it('answers in the order asked, undefined for what the recorder does not hold', async () => {
    const asked: (readonly ResourceKey[])[] = [];
    const recorder = {
      batchGet: async (keys: readonly ResourceKey[]) => {
        asked.push(keys);
        const ref = { accountId: ACCOUNT, region: 'us-east-1', resourceType: BUCKET, captureTime: 'x' };
        return [bucketItem({ ...ref, lookupId: 'b' }), bucketItem({ ...ref, lookupId: 'a' })];
      },
    } as unknown as ConfigRecorder;
    const items = await configInventorySource(recorder).itemsOf(SCOPE, [
      { resourceType: BUCKET, resourceId: 'a' },
      { resourceType: BUCKET, resourceId: 'missing' },
      { resourceType: BUCKET, resourceId: 'b' },
    ]);
    expect(items.map((found) => found?.resourceId)).toEqual(['a', undefined, 'b']);
    expect(asked).toHaveLength(1);
  });
});
