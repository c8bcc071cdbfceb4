import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** An item in the shape AWS Config writes to snapshot files (what `vigil scan --snapshot` reads back). */
export function toSnapshotItem(item: ConfigurationItem): Record<string, unknown> {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: item.captureTime,
    configurationItemStatus: item.status,
    awsAccountId: item.accountId,
    awsRegion: item.region,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    ...(item.resourceName === undefined ? {} : { resourceName: item.resourceName }),
    ...(item.arn === undefined ? {} : { ARN: item.arn }),
    tags: item.tags,
    relationships: item.relationships.map((relationship) => ({
      name: relationship.name,
      resourceType: relationship.resourceType,
      ...(relationship.resourceId === undefined ? {} : { resourceId: relationship.resourceId }),
      ...(relationship.resourceName === undefined ? {} : { resourceName: relationship.resourceName }),
    })),
    configuration: item.configuration,
    supplementaryConfiguration: item.supplementaryConfiguration,
  };
}

/**
 * Writes items one by one into a Config-snapshot-shaped JSON file (`{fileVersion, configSnapshotId,
 * configurationItems: [...]}`), never holding more than one item's text; `close` finishes the document.
 */
export class SnapshotFileWriter {
  readonly #stream: WriteStream;
  #count = 0;

  private constructor(stream: WriteStream) {
    this.#stream = stream;
  }

  /** Opens (creating or truncating) `path` and writes the document's head. */
  static async open(path: string, snapshotId: string): Promise<SnapshotFileWriter> {
    const stream = createWriteStream(path, { encoding: 'utf8' });
    await once(stream, 'open');
    const writer = new SnapshotFileWriter(stream);
    await writer.#write(
      `{"fileVersion":"1.0","configSnapshotId":${JSON.stringify(snapshotId)},"configurationItems":[`,
    );
    return writer;
  }

  /** Items written so far. */
  get count(): number {
    return this.#count;
  }

  async add(item: ConfigurationItem): Promise<void> {
    await this.#write(`${this.#count === 0 ? '\n' : ',\n'}${JSON.stringify(toSnapshotItem(item))}`);
    this.#count += 1;
  }

  async close(): Promise<void> {
    await this.#write('\n]}\n');
    this.#stream.end();
    await once(this.#stream, 'finish');
  }

  async #write(text: string): Promise<void> {
    if (!this.#stream.write(text)) await once(this.#stream, 'drain');
  }
}
