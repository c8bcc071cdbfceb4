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
