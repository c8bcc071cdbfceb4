import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SecretError, SecretNotFoundError, SecretValueError } from './errors';
import type { SecretReader, SecretReadOptions } from './secret-reader';

/** How long a value is reused before it is fetched again, unless told otherwise. */
export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

/** How long an expired value may still be served while Secrets Manager cannot be reached. */
export const DEFAULT_SECRET_MAX_STALE_MS = 60 * 60_000;

interface CachedSecret {
  readonly value: string;
  readonly fetchedAt: number;
}

/** Options of {@link SecretsManagerSecretReader}. */
export interface SecretsManagerSecretReaderOptions {
  readonly client: SecretsManagerClient;
  /** @default DEFAULT_SECRET_TTL_MS */
  readonly ttlMs?: number;
  /** @default DEFAULT_SECRET_MAX_STALE_MS */
  readonly maxStaleMs?: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
}

/**
 * Reads `SecretString` values from Secrets Manager and keeps them for the container's lifetime up to a TTL:
 * concurrent reads of one secret share one call, and an expired value is served for a while longer only when
 * Secrets Manager fails (never for `refresh` reads).
 */
export class SecretsManagerSecretReader implements SecretReader {
  readonly #client: SecretsManagerClient;
  readonly #ttlMs: number;
  readonly #maxStaleMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, CachedSecret>();
  readonly #inFlight = new Map<string, Promise<string>>();

  constructor(options: SecretsManagerSecretReaderOptions) {
    this.#client = options.client;
    this.#ttlMs = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
    this.#maxStaleMs = options.maxStaleMs ?? DEFAULT_SECRET_MAX_STALE_MS;
    this.#now = options.now ?? Date.now;
  }

  async getSecretString(secretId: string, options: SecretReadOptions = {}): Promise<string> {
    const cached = this.#cache.get(secretId);
    if (!options.refresh && cached !== undefined && this.#now() - cached.fetchedAt < this.#ttlMs) {
      return cached.value;
    }
    const running = this.#inFlight.get(secretId);
    if (running !== undefined) return running;
    const fetching = this.#fetch(secretId, options.refresh === true ? undefined : cached).finally(() =>
      this.#inFlight.delete(secretId),
    );
    this.#inFlight.set(secretId, fetching);
    return fetching;
  }

  async #fetch(secretId: string, stale: CachedSecret | undefined): Promise<string> {
    let value: string | undefined;
    try {
      const response = await this.#client.send(new GetSecretValueCommand({ SecretId: secretId }));
      value = response.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        this.#cache.delete(secretId);
        throw new SecretNotFoundError(`secret ${secretId} does not exist`, {
          cause: error,
          context: { secretId },
        });
      }
      if (stale !== undefined && this.#now() - stale.fetchedAt < this.#ttlMs + this.#maxStaleMs)
        return stale.value;
      throw new SecretError(`cannot read secret ${secretId}`, { cause: error, context: { secretId } });
    }
    if (value === undefined || value === '') {
      throw new SecretValueError(`secret ${secretId} has no string value`, { context: { secretId } });
    }
    this.#cache.set(secretId, { value, fetchedAt: this.#now() });
    return value;
  }
}
