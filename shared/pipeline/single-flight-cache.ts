import { PipelineError } from './errors';

/** How long values are kept, and the clock that measures it. */
export interface SingleFlightCacheOptions {
  /** Milliseconds a value is served after its read finished. */
  readonly ttlMs: number;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly promise: Promise<T>;
  /** When the read finished; undefined while it is in flight (an in-flight read is always shared). */
  settledAt: number | undefined;
}

/** Entries kept before expired ones are dropped; the bound doubles with the live entries. */
const PRUNE_FLOOR = 1_024;

/**
 * A per-container cache of reads by key: concurrent misses of one key share one in-flight read, a finished
 * read is served for `ttlMs`, and a failed read is forgotten at once (the next caller reads again).
 */
export class SingleFlightCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  #pruneAt = PRUNE_FLOOR;

  constructor(options: SingleFlightCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** The value of `key`, read with `load` unless a read of it is cached or in flight. */
  async get(key: string, load: () => Promise<T>): Promise<T> {
    const [value] = await this.getMany([key], async () => [await load()]);
    return value as T;
  }

  /**
   * The values of `keys` in order; the keys neither cached nor in flight are read together with one call
   * of `load`, which must return one value per key it is given, in order.
   */
  getMany(
    keys: readonly string[],
    load: (missing: readonly string[]) => Promise<readonly T[]>,
  ): Promise<T[]> {
    const missing = [...new Set(keys)].filter((key) => this.#live(key) === undefined);
    if (missing.length > 0) {
      // Deferred a tick, so every missing key is registered before `load` runs (or throws).
      const loading = Promise.resolve().then(() => load(missing));
      missing.forEach((key, index) => {
        const entry: Entry<T> = {
          promise: loading.then((values) => {
            if (values.length !== missing.length) {
              throw new PipelineError(`read returned ${values.length} values for ${missing.length} keys`, {
                context: { keys: missing.slice(0, 5) },
              });
            }
            return values[index] as T;
          }),
          settledAt: undefined,
        };
        entry.promise.then(
          () => {
            entry.settledAt = this.#now();
          },
          () => {
            if (this.#entries.get(key) === entry) this.#entries.delete(key);
          },
        );
        this.#put(key, entry);
      });
    }
    return Promise.all(keys.map((key) => this.#live(key) as Promise<T>));
  }

  /** Keeps a value read by other means (e.g. a sweep's chunk), replacing any cached or in-flight read. */
  set(key: string, value: T): void {
    this.#put(key, { promise: Promise.resolve(value), settledAt: this.#now() });
  }

  /**
   * Rewrites a finished value without restarting its time to live. Nothing happens when the key is not
   * held, has expired or is still being read (so the next `get` reads afresh, or gets the read in flight).
   */
  update(key: string, change: (value: T) => T): void {
    const live = this.#live(key);
    const entry = this.#entries.get(key);
    if (live === undefined || entry === undefined || entry.settledAt === undefined) return;
    this.#entries.set(key, { promise: live.then(change), settledAt: entry.settledAt });
  }

  /** Entries held, expired or not (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  #live(key: string): Promise<T> | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.settledAt === undefined || this.#now() - entry.settledAt < this.#ttlMs) return entry.promise;
    this.#entries.delete(key);
    return undefined;
  }

  #put(key: string, entry: Entry<T>): void {
    this.#entries.set(key, entry);
    if (this.#entries.size <= this.#pruneAt) return;
    const now = this.#now();
    for (const [candidate, held] of this.#entries) {
      if (held.settledAt !== undefined && now - held.settledAt >= this.#ttlMs)
        this.#entries.delete(candidate);
    }
    this.#pruneAt = Math.max(PRUNE_FLOOR, this.#entries.size * 2);
  }
}
