import type { DigestEntry } from './digest';

/** One finding the pipeline wrote: its key, the SHA-256 of its stored bytes, and when it was written. */
export interface LedgerEntry extends DigestEntry {
  /** When the write was made (taken just before the put), ISO 8601; decides the sealed hour. */
  readonly writtenAt: string;
}

/**
 * Index of findings by the hour they were written, so the hourly sealer reads one hour's writes without
 * listing the bucket. Finding keys are dated by capture time, not by write time, so no bucket prefix holds
 * "what was written in this hour"; a ledger row per write is the cheapest exact answer.
 */
export interface EvidenceLedger {
  /** Records a write; idempotent (recording the same key and hour twice keeps one row). */
  record(entry: LedgerEntry): Promise<void>;
  /** Every entry recorded for the UTC hour starting at `periodStart`, in no particular order. */
  listPeriod(periodStart: Date): Promise<LedgerEntry[]>;
}

/** The newest sealed digest of one account's and region's chain. */
export interface DigestChainHead {
  /** Start of the newest sealed hour (ISO 8601). */
  readonly periodStart: string;
  readonly key: string;
  /** SHA-256 of the stored digest bytes. */
  readonly sha256: string;
}

/** Where the sealer keeps the head of each digest chain between runs. */
export interface DigestHeadStore {
  /** The head of the chain, or `undefined` before the first digest. */
  getHead(accountId: string, region: string): Promise<DigestChainHead | undefined>;
  /** Moves the head forward to `head`; never moves it backwards (a no-op when it is already at or past it). */
  advanceHead(accountId: string, region: string, head: DigestChainHead): Promise<void>;
}
