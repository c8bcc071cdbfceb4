/** An object listed in the evidence store (bucket or bundle). */
export interface ListedObject {
  readonly key: string;
  /** When it was written (S3 LastModified); absent in a bundle. */
  readonly lastModified?: Date;
}

/** One version of a key, as ListObjectVersions lists it: an object version or a delete marker. */
export interface ListedVersion {
  readonly key: string;
  /** The S3 version id; `null` for an object written while the bucket was unversioned (e.g. a plain copy). */
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly lastModified?: Date;
}

/** An object read from the evidence store: its exact bytes and, in a bucket, its Object Lock settings. */
export interface StoredObject {
  readonly key: string;
  readonly bytes: Uint8Array;
  /** The version read, when the store reports one. */
  readonly versionId?: string;
  readonly lastModified?: Date;
  /** `COMPLIANCE` or `GOVERNANCE` when locked (from the GetObject headers). */
  readonly lockMode?: string;
  readonly retainUntil?: Date;
}

/** Read access to evidence objects, as the sealer, a verifier or an exporter needs it. */
export interface EvidenceObjectReader {
  /** Every object under `prefix` (its current version), in key order. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** Every version and delete marker under `prefix`, in key order, newest first within a key. */
  listVersions(prefix: string): AsyncIterable<ListedVersion>;
  /**
   * The object under `key` (its current version, or `versionId`), or `undefined` when there is none (no
   * such key or version, or the current version is a delete marker).
   */
  get(key: string, versionId?: string): Promise<StoredObject | undefined>;
}

/**
 * The "folders" of the evidence store: what a delimited listing (`Delimiter: '/'`) finds right under a prefix,
 * counting every version and delete marker, so a folder whose objects were all marked deleted still shows.
 */
export interface EvidencePrefixLister {
  /** The prefixes right under `prefix` (which ends with `/`), each ending with `/`, in key order. */
  listPrefixes(prefix: string): AsyncIterable<string>;
}

/** Outcome of a write-once put. */
export type PutOnceResult = 'created' | 'exists';

/** Write-once, locked writes of evidence objects other than evidence batches (digests). */
export interface EvidenceObjectWriter {
  /** Writes `body` under `key` locked in COMPLIANCE mode until `retainUntil`, unless the key exists. */
  putLocked(key: string, body: string, retainUntil: Date): Promise<PutOnceResult>;
}
