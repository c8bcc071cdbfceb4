import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SnapshotError, SnapshotLimitError } from '#shared/config-item/errors';
import {
  parseSnapshotDocument,
  readSnapshotFile,
  readSnapshotItems,
  type SnapshotReadOptions,
} from '#shared/config-item/snapshot';

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

async function snapshotErrorOf(path: string, options: SnapshotReadOptions = {}): Promise<SnapshotError> {
  const error = await readSnapshotFile(path, options).then(
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

  it('names the file, the byte and the parse problem when it is not JSON', async () => {
    const path = write('broken.json', '{"configurationItems": [');
    expect((await snapshotErrorOf(path)).message).toBe(
      `${path}: the JSON ends early at byte 24 (truncated?)`,
    );
    const other = write('broken-2.json', '{"configurationItems": [}');
    expect((await snapshotErrorOf(other)).message).toBe(
      `${other}: not JSON at byte 24: expected a value or ']', found '}'`,
    );
  });

  it('names the byte of the decompressed data in a gzipped file', async () => {
    const path = write('broken.json.gz', gzipSync('{"configurationItems": [}'));
    expect((await snapshotErrorOf(path)).message).toBe(
      `${path}: not JSON at byte 24 of the decompressed data: expected a value or ']', found '}'`,
    );
  });

  it('says when the gzip data is truncated or corrupt', async () => {
    const gz = gzipSync(JSON.stringify(snapshot));
    const truncated = write('truncated.json.gz', gz.subarray(0, gz.length - 12));
    expect((await snapshotErrorOf(truncated)).message).toMatch(
      new RegExp(`^${truncated}: gzip data ends early at byte \\d+ \\(truncated\\?\\)$`),
    );
    const garbage = write('garbage.json.gz', Buffer.concat([gz.subarray(0, 10), Buffer.alloc(64, 0xff)]));
    expect((await snapshotErrorOf(garbage)).message).toMatch(
      new RegExp(`^${garbage}: gzip data corrupt at or after byte \\d+ \\(.+\\)$`),
    );
    const flipped = Buffer.from(gz);
    flipped[gz.length - 6] = (flipped[gz.length - 6] ?? 0) ^ 0xff;
    expect((await snapshotErrorOf(write('crc.json.gz', flipped))).message).toMatch(
      /crc\.json\.gz: gzip data corrupt \(checksum mismatch\)$/,
    );
  });

  it('reads a snapshot that starts with a UTF-8 byte order mark, plain or gzipped', async () => {
    const text = `\uFEFF${JSON.stringify(snapshot)}`;
    expect(await readSnapshotFile(write('bom.json', text))).toHaveLength(2);
    expect(await readSnapshotFile(write('bom.json.gz', gzipSync(text)))).toHaveLength(2);
  });

  it('refuses UTF-16 and invalid UTF-8, naming the byte', async () => {
    const utf16 = write('utf16.json', Buffer.from(`\uFEFF${JSON.stringify(snapshot)}`, 'utf16le'));
    expect((await snapshotErrorOf(utf16)).message).toBe(
      `${utf16}: is UTF-16 text (byte order mark), not UTF-8`,
    );
    const text = JSON.stringify(snapshot);
    const at = text.indexOf('/aws/lambda/b');
    const latin1 = write('latin1.json', Buffer.from(text.replace('/aws/lambda/b', '/caf\u00e9'), 'latin1'));
    expect((await snapshotErrorOf(latin1)).message).toBe(`${latin1}: invalid UTF-8 at byte ${at + 4}`);
  });

  it('refuses what is not a regular file before reading it', async () => {
    expect((await snapshotErrorOf(dir)).message).toBe(`${dir}: is a directory, not a regular file`);
    expect((await snapshotErrorOf('/dev/zero')).message).toBe(
      '/dev/zero: is a character device, not a regular file',
    );
  });

  it('caps the input, plain or decompressed, and each string', async () => {
    const text = JSON.stringify(snapshot);
    const plain = write('capped.json', text);
    const plainError = await snapshotErrorOf(plain, { maxInputBytes: 100 });
    expect(plainError).toBeInstanceOf(SnapshotLimitError);
    expect(plainError.message).toBe(`${plain}: the file is ${text.length} bytes, more than 100 bytes`);
    const gz = write('capped.json.gz', gzipSync(text));
    expect((await snapshotErrorOf(gz, { maxInputBytes: 100 })).message).toBe(
      `${gz}: decompressed data exceeds 100 bytes`,
    );
    const long = write('long.json', JSON.stringify([item('x'.repeat(300))]));
    const longError = await snapshotErrorOf(long, { maxStringBytes: 256 });
    expect(longError).toBeInstanceOf(SnapshotLimitError);
    expect(longError.message).toMatch(new RegExp(`^${long}: a string at byte \\d+ exceeds 256 bytes$`));
    expect(await readSnapshotFile(long, { maxStringBytes: 300 })).toHaveLength(1);
  });

  it('refuses two item lists in one document', async () => {
    const path = write(
      'two-lists.json',
      JSON.stringify({ ...snapshot, baseConfigurationItems: [item('/c')] }),
    );
    expect((await snapshotErrorOf(path)).message).toBe(
      `${path}: holds more than one list of configuration items ("configurationItems" and "baseConfigurationItems")`,
    );
  });

  it('yields items one by one, before the end of the file is read', async () => {
    const path = write(
      'stream.json',
      `${JSON.stringify([item('/first')]).slice(0, -1)},`.padEnd(1 << 20, ' '),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const each of readSnapshotItems(path)) seen.push(each.resourceId);
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(seen).toEqual(['/first']);
    expect(error).toBeInstanceOf(SnapshotError);
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
