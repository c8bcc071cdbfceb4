import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { type ConfigurationItem, normalizeConfigurationItem } from './configuration-item';
import { InvalidConfigurationItemError, SnapshotError } from './errors';

const ITEM_LIST_KEYS = ['configurationItems', 'baseConfigurationItems'] as const;

/** Finds the list of raw items in any container AWS produces (snapshot, history, batch-get) or a bare array. */
function rawItemsOf(document: unknown): readonly unknown[] | undefined {
  if (Array.isArray(document)) return document;
  if (document === null || typeof document !== 'object') return undefined;
  const record = document as Record<string, unknown>;
  for (const key of ITEM_LIST_KEYS) {
    const value = record[key];
    if (Array.isArray(value)) return value;
  }
  return undefined;
}

/**
 * Normalizes every configuration item of a parsed snapshot document. Strict on purpose: an item
 * that cannot be read is an error naming its position, never a silently smaller scan.
 * @throws SnapshotError when there is no item list, it is empty, or an item is invalid.
 */
export function parseSnapshotDocument(document: unknown, source: string): ConfigurationItem[] {
  const rawItems = rawItemsOf(document);
  if (rawItems === undefined) {
    throw new SnapshotError(`${source}: no configuration items found (expected "configurationItems" array)`, {
      context: { source },
    });
  }
  if (rawItems.length === 0) {
    throw new SnapshotError(`${source}: the snapshot holds no configuration items`, { context: { source } });
  }
  return rawItems.map((raw, index) => {
    try {
      return normalizeConfigurationItem(raw);
    } catch (error) {
      if (!(error instanceof InvalidConfigurationItemError)) throw error;
      throw new SnapshotError(`${source}: item ${index}: ${error.message}`, {
        cause: error,
        context: { source, index },
      });
    }
  });
}

/**
 * Reads an AWS Config snapshot (plain or gzipped JSON, as Config delivers it to S3) from disk.
 * @throws SnapshotError with a one-line message naming the file and the problem.
 */
export async function readSnapshotFile(path: string): Promise<ConfigurationItem[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new SnapshotError(`${path}: cannot read file (${reason})`, { cause: error, context: { path } });
  }
  const isGzip = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: string;
  try {
    text = (isGzip ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new SnapshotError(`${path}: corrupt gzip data`, { cause: error, context: { path } });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SnapshotError(`${path}: not valid JSON (${detail})`, { cause: error, context: { path } });
  }
  return parseSnapshotDocument(document, path);
}
