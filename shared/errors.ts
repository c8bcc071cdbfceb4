/** Base class of every error Vigil raises on purpose; `context` carries what a log line or CLI needs. */
export class VigilError extends Error {
  override readonly name: string = 'VigilError';
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, options: { cause?: unknown; context?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}
