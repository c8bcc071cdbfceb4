import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SnapshotError } from '#shared/config-item/errors';
import { parseSnapshotDocument, readSnapshotFile } from '#shared/config-item/snapshot';

const dir = mkdtempSync(join(tmpdir(), 'vigil-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function item(resourceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-20T09:14:02.118Z',
    awsAccountId: '123456789012',
    configurationItemStatus: 'OK',
    resourceType: 'AWS::Logs::LogGroup',
    resourceId,
    resourceName: resourceId,
    awsRegion: 'us-east-1',
    tags: {},
    relationships: [],
    configuration: { logGroupName: resourceId, retentionInDays: 30 },
    supplementaryConfiguration: {},
    ...extra,
  };
}

const snapshot = {
  fileVersion: '1.0',
  configSnapshotId: '4c1f2a4e-7d3b-4bb8-9a0e-52f1c6a7d901',
  configurationItems: [item('/aws/lambda/a'), item('/aws/lambda/b')],
};

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function snapshotErrorOf(path: string): Promise<SnapshotError> {
  const error = await readSnapshotFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SnapshotError)) throw new Error(`expected a SnapshotError, got ${String(error)}`);
  return error;
}

describe('readSnapshotFile', () => {
  it('reads a plain JSON Config snapshot', async () => {
    const items = await readSnapshotFile(write('plain.json', JSON.stringify(snapshot)));
    expect(items.map((each) => each.resourceId)).toEqual(['/aws/lambda/a', '/aws/lambda/b']);
    expect(items[0]?.configuration).toEqual({ logGroupName: '/aws/lambda/a', retentionInDays: 30 });
  });

  it('reads a gzipped snapshot as Config delivers it to S3, whatever the file is called', async () => {
    const items = await readSnapshotFile(write('snapshot.json', gzipSync(JSON.stringify(snapshot))));
    expect(items).toHaveLength(2);
  });

  it('reads a GetResourceConfigHistory response (API shape)', async () => {
    const history = {
      configurationItems: [
        {
          version: '1.3',
          accountId: '123456789012',
          configurationItemCaptureTime: 1763630042.118,
          configurationItemStatus: 'OK',
          resourceType: 'AWS::Logs::LogGroup',
          resourceId: '/aws/lambda/c',
          awsRegion: 'eu-west-1',
          configuration: '{"logGroupName":"/aws/lambda/c"}',
        },
      ],
    };
    const [only] = await readSnapshotFile(write('history.json', JSON.stringify(history)));
    expect(only).toMatchObject({ region: 'eu-west-1', configuration: { logGroupName: '/aws/lambda/c' } });
  });

  it('reads a BatchGetResourceConfig response and a bare array', async () => {
    const batch = await readSnapshotFile(
      write(
        'batch.json',
        JSON.stringify({ baseConfigurationItems: [item('/x')], unprocessedResourceKeys: [] }),
      ),
    );
    const bare = await readSnapshotFile(write('bare.json', JSON.stringify([item('/y'), item('/z')])));
    expect(batch.map((each) => each.resourceId)).toEqual(['/x']);
    expect(bare.map((each) => each.resourceId)).toEqual(['/y', '/z']);
  });

  it('names the file when it does not exist', async () => {
    const path = join(dir, 'missing.json');
    const error = await snapshotErrorOf(path);
    expect(error.message).toBe(`${path}: cannot read file (ENOENT)`);
    expect(error.context).toEqual({ path });
  });

  it('names the file and the parse problem when it is not JSON', async () => {
    const path = write('broken.json', '{"configurationItems": [');
    const error = await snapshotErrorOf(path);
    expect(error.message).toMatch(new RegExp(`^${path}: not valid JSON \\(.+\\)$`));
    expect(error.message).not.toContain('\n');
  });

  it('names the file when the gzip data is corrupt', async () => {
    const gz = gzipSync(JSON.stringify(snapshot));
    const error = await snapshotErrorOf(write('corrupt.json.gz', gz.subarray(0, gz.length - 12)));
    expect(error.message).toMatch(/corrupt\.json\.gz: corrupt gzip data$/);
  });

  it('rejects a snapshot with an empty item list', async () => {
    const path = write('empty.json', JSON.stringify({ ...snapshot, configurationItems: [] }));
    expect((await snapshotErrorOf(path)).message).toBe(`${path}: the snapshot holds no configuration items`);
  });

  it('rejects JSON that holds no item list', async () => {
    const path = write('other.json', JSON.stringify({ Buckets: [] }));
    expect((await snapshotErrorOf(path)).message).toContain(`${path}: no configuration items found`);
  });

  it('names the position of an invalid item instead of scanning fewer items', async () => {
    const path = write(
      'bad-item.json',
      JSON.stringify({ ...snapshot, configurationItems: [item('/ok'), item('/bad', { awsRegion: '' })] }),
    );
    const error = await snapshotErrorOf(path);
    expect(error.message).toMatch(
      new RegExp(`^${path}: item 1: invalid AWS::Logs::LogGroup /bad: awsRegion`),
    );
    expect(error.context).toEqual({ source: path, index: 1 });
  });
});

describe('parseSnapshotDocument', () => {
  it.each([[null], ['text'], [{ configurationItems: 'none' }]])(
    'rejects %j as holding no items',
    (document) => {
      expect(() => parseSnapshotDocument(document, 'inline')).toThrow(SnapshotError);
    },
  );
});
