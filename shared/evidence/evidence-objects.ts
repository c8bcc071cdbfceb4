/** An object listed in the evidence store (bucket or bundle). */
export interface ListedObject {
  readonly key: string;
  /** When it was written (S3 LastModified); absent in a bundle. */
  readonly lastModified?: Date;
}

/** An object read from the evidence store: its exact bytes and, in a bucket, its Object Lock settings. */
export interface StoredObject {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly lastModified?: Date;
  /** `COMPLIANCE` or `GOVERNANCE` when locked (from the GetObject headers). */
  readonly lockMode?: string;
  readonly retainUntil?: Date;
}

/** Read access to evidence objects, as a verifier or exporter needs it. */
export interface EvidenceObjectReader {
  /** Every object under `prefix`, in key order. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** The object under `key`, or `undefined` when there is none. */
  get(key: string): Promise<StoredObject | undefined>;
}

/** Outcome of a write-once put. */
export type PutOnceResult = 'created' | 'exists';

/** Write-once, locked writes of evidence objects other than findings (digests). */
export interface EvidenceObjectWriter {
  /** Writes `body` under `key` locked in COMPLIANCE mode until `retainUntil`, unless the key exists. */
  putLocked(key: string, body: string, retainUntil: Date): Promise<PutOnceResult>;
}
