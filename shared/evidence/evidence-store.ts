import type { Finding } from './finding';

/** Outcome of writing a finding: a new locked object, or the key was already taken (a redelivery). */
export type PutFindingResult =
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

/** Write-once store of findings; every object is locked in COMPLIANCE mode. */
export interface EvidenceStore {
  /** Writes a finding under `key` unless that key already exists (never overwrites). */
  putFinding(key: string, finding: Finding): Promise<PutFindingResult>;
  /** Whether a finding already exists under `key`. */
  exists(key: string): Promise<boolean>;
  /** Reads and verifies a finding, or `undefined` when there is none under `key`. */
  getFinding(key: string): Promise<Finding | undefined>;
  /** Keeps a raw input the pipeline rejected, keyed by its content hash, so nothing is dropped silently. */
  putRejectedInput(raw: string, reason: string, receivedAt: Date): Promise<PutRejectedResult>;
}
