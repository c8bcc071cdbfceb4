import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { readSnapshotItems } from '#shared/config-item/snapshot';
import { SnapshotFileWriter } from '#shared/scan/snapshot-writer';

const ITEMS: ConfigurationItem[] = [
  {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'logs "quoted" bucket',
    resourceName: 'logs',
    arn: 'arn:aws:s3:::logs',
    captureTime: '2026-12-07T05:00:00.000Z',
    status: 'OK',
    configuration: { name: 'logs', nested: { list: [1, 'two', null] } },
    supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Off' } },
    tags: { team: 'ünïcode ✓' },
    relationships: [{ name: 'Is associated with', resourceType: 'AWS::KMS::Key', resourceId: 'k-1' }],
  },
  {
    accountId: '123456789012',
    region: 'eu-west-1',
    resourceType: 'AWS::::Account',
    resourceId: '123456789012',
    captureTime: '2026-12-07T05:00:01.000Z',
    status: 'OK',
    configuration: { passwordPolicy: null },
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  },
];

async function written(items: readonly ConfigurationItem[]): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-snapshot-')), 'snapshot.json');
  const writer = await SnapshotFileWriter.open(path, 'vigil-live-test');
  for (const item of items) await writer.add(item);
  await writer.close();
  return path;
}

async function roundTrip(
  items: readonly ConfigurationItem[],
): Promise<{ text: string; read: ConfigurationItem[] }> {
  const path = await written(items);
  const read: ConfigurationItem[] = [];
  for await (const item of readSnapshotItems(path, { maxInputBytes: 1 << 20, maxStringBytes: 1 << 16 }))
    read.push(item);
  return { text: readFileSync(path, 'utf8'), read };
}

describe('SnapshotFileWriter', () => {
  it('writes a Config-snapshot-shaped file that the snapshot reader gives back item for item', async () => {
    const { text, read } = await roundTrip(ITEMS);
    const document = JSON.parse(text) as {
      configSnapshotId: string;
      configurationItems: Record<string, unknown>[];
    };
    expect(document.configSnapshotId).toBe('vigil-live-test');
    expect(document.configurationItems[0]).toMatchObject({
      awsAccountId: '123456789012',
      awsRegion: 'us-east-1',
      configurationItemStatus: 'OK',
      ARN: 'arn:aws:s3:::logs',
    });
    expect(read).toEqual(ITEMS);
  });

  it('writes a valid empty document when nothing was collected', async () => {
    const path = await written([]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ configurationItems: [] });
  });
});
