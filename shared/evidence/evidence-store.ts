/** Outcome of a write-once put: a new locked object, or the key was already taken. */
export type PutEvidenceResult =
  | {
      readonly status: 'created';
      readonly key: string;
      readonly versionId?: string;
      readonly checksumSha256?: string;
    }
  | { readonly status: 'exists'; readonly key: string };

/** Outcome of keeping an input the pipeline could not read. */
export interface PutRejectedResult {
  readonly key: string;
  readonly status: 'created' | 'exists';
}

/** Write-once store of evidence objects; every object is locked in COMPLIANCE mode. */
export interface EvidenceStore {
  /**
   * Writes an evidence batch (findings and attestations, one line each) under `key` unless the key exists
   * (never overwrites), locked for the retention period from `retainFrom`.
   */
  putBatch(key: string, body: string, retainFrom: Date): Promise<PutEvidenceResult>;
  /** Whether an object exists under `key`. */
  exists(key: string): Promise<boolean>;
  /** Keeps a raw input the pipeline rejected, keyed by its content hash, so nothing is dropped silently. */
  putRejectedInput(raw: string, reason: string, receivedAt: Date): Promise<PutRejectedResult>;
}
