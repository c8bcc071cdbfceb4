import { ListObjectVersionsCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceError } from '#shared/evidence/errors';
import { S3EvidenceObjects } from '#shared/evidence/s3-evidence-objects';

// Only this client is mocked: unit files share module instances (isolate: false).
const client = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(client);
const objects = new S3EvidenceObjects({ client, bucket: 'b' });

afterEach(() => {
  s3Mock.reset();
});

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const items: string[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('S3EvidenceObjects.listPrefixes', () => {
  it('lists the folders under a prefix with a delimited ListObjectVersions, page by page', async () => {
    s3Mock
      .on(ListObjectVersionsCommand, { Prefix: 'findings/', Delimiter: '/' })
      .resolvesOnce({
        CommonPrefixes: [{ Prefix: 'findings/111111111111/' }, { Prefix: 'findings/222222222222/' }],
        IsTruncated: true,
        NextKeyMarker: 'findings/222222222222/',
      })
      .resolvesOnce({ CommonPrefixes: [{ Prefix: 'findings/333333333333/' }], IsTruncated: false });
    expect(await collect(objects.listPrefixes('findings/'))).toEqual([
      'findings/111111111111/',
      'findings/222222222222/',
      'findings/333333333333/',
    ]);
    const calls = s3Mock.commandCalls(ListObjectVersionsCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([
      { Bucket: 'b', Prefix: 'findings/', Delimiter: '/' },
      { Bucket: 'b', Prefix: 'findings/', Delimiter: '/', KeyMarker: 'findings/222222222222/' },
    ]);
  });

  it('fails with an EvidenceError naming the prefix when the listing is refused', async () => {
    s3Mock.on(ListObjectVersionsCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const listing = collect(objects.listPrefixes('remediations/'));
    await expect(listing).rejects.toBeInstanceOf(EvidenceError);
    await expect(listing).rejects.toThrow('cannot list the prefixes under s3://b/remediations/');
  });
});
