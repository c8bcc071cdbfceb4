import { ConfigServiceClient, ListDiscoveredResourcesCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigRecorderError } from '#shared/config-recorder/errors';
import { SdkConfigRecorder } from '#shared/config-recorder/sdk-config-recorder';

const BUCKET = 'AWS::S3::Bucket';
const config = mockClient(ConfigServiceClient);

function identifiers(...ids: string[]) {
  return ids.map((resourceId) => ({ resourceType: BUCKET, resourceId }) as const);
}

describe('SdkConfigRecorder.listResourcesPage: one ListDiscoveredResources call', () => {
  let recorder: SdkConfigRecorder;

  beforeEach(() => {
    config.reset();
    recorder = new SdkConfigRecorder({ client: new ConfigServiceClient({ region: 'us-east-1' }) });
  });

  it('sends the type, the token and the limit, excludes deleted resources, and returns the next token', async () => {
    config.on(ListDiscoveredResourcesCommand).resolves({
      resourceIdentifiers: identifiers('a', 'b'),
      nextToken: 'page-3',
    });
    const page = await recorder.listResourcesPage(BUCKET, 'page-2', 2);
    expect(page).toEqual({
      keys: [
        { resourceType: BUCKET, resourceId: 'a' },
        { resourceType: BUCKET, resourceId: 'b' },
      ],
      nextToken: 'page-3',
    });
    expect(config.commandCalls(ListDiscoveredResourcesCommand).map((call) => call.args[0].input)).toEqual([
      { resourceType: BUCKET, includeDeletedResources: false, nextToken: 'page-2', limit: 2 },
    ]);
  });

  it('sends neither token nor limit for a first page at Config’s default size', async () => {
    config.on(ListDiscoveredResourcesCommand).resolves({ resourceIdentifiers: identifiers('a') });
    await recorder.listResourcesPage(BUCKET);
    expect(config.commandCalls(ListDiscoveredResourcesCommand)[0]?.args[0].input).toEqual({
      resourceType: BUCKET,
      includeDeletedResources: false,
    });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
  ])('has no next token on the last page (token %s)', async (_, nextToken) => {
    config.on(ListDiscoveredResourcesCommand).resolves({ resourceIdentifiers: identifiers('a'), nextToken });
    const page = await recorder.listResourcesPage(BUCKET, 'page-9');
    expect(page).toEqual({ keys: [{ resourceType: BUCKET, resourceId: 'a' }] });
    expect('nextToken' in page).toBe(false);
  });

  it('skips identifiers without a resource id and answers an empty page as no keys', async () => {
    config
      .on(ListDiscoveredResourcesCommand)
      .resolvesOnce({ resourceIdentifiers: [{ resourceType: BUCKET }, ...identifiers('kept')] })
      .resolvesOnce({});
    expect((await recorder.listResourcesPage(BUCKET)).keys).toEqual([
      { resourceType: BUCKET, resourceId: 'kept' },
    ]);
    expect(await recorder.listResourcesPage(BUCKET)).toEqual({ keys: [] });
  });

  it('wraps a failed call in a ConfigRecorderError naming the type', async () => {
    config.on(ListDiscoveredResourcesCommand).rejects(new Error('throttled'));
    const error = await recorder.listResourcesPage(BUCKET).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigRecorderError);
    expect(error).toMatchObject({
      message: `cannot list ${BUCKET} resources: throttled`,
      context: { resourceType: BUCKET },
    });
  });
});

describe('SdkConfigRecorder.listResources: every page through listResourcesPage', () => {
  beforeEach(() => config.reset());

  it('follows the tokens to the last page and concatenates the keys in order', async () => {
    config
      .on(ListDiscoveredResourcesCommand)
      .resolvesOnce({ resourceIdentifiers: identifiers('a', 'b'), nextToken: 't2' })
      .resolvesOnce({ resourceIdentifiers: identifiers('c'), nextToken: 't3' })
      .resolvesOnce({ resourceIdentifiers: identifiers('d'), nextToken: '' });
    const recorder = new SdkConfigRecorder({ client: new ConfigServiceClient({ region: 'us-east-1' }) });
    const keys = await recorder.listResources(BUCKET);
    expect(keys.map((key) => key.resourceId)).toEqual(['a', 'b', 'c', 'd']);
    const inputs = config.commandCalls(ListDiscoveredResourcesCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.nextToken)).toEqual([undefined, 't2', 't3']);
    expect(
      inputs.every((input) => input.includeDeletedResources === false && input.limit === undefined),
    ).toBe(true);
  });
});
