/** Options of one secret read. */
export interface SecretReadOptions {
  /** Skip the cache and fetch the current value (e.g. after the old one was refused). */
  readonly refresh?: boolean;
}

/** Reads secret strings by id (name or ARN); implementations cache them for a while. */
export interface SecretReader {
  /**
   * The secret's current string value.
   * @throws SecretError (or a subclass) when it cannot be read.
   */
  getSecretString(secretId: string, options?: SecretReadOptions): Promise<string>;
}
