/**
 * How SDK v3 clients retry and time out. The SDK's own retry strategy does the work (exponential backoff
 * with full jitter, retry quota, throttling and 5xx/transient/timeouts classified as retryable); Vigil only
 * chooses how many attempts and how long one attempt may take, so a stalled call fails and is retried
 * instead of eating the whole Lambda timeout.
 */
export interface RetrySettings {
  /** Total attempts per call, the first included. */
  readonly maxAttempts: number;
  /** `standard` (backoff with jitter) or `adaptive` (adds client-side rate limiting after throttling). */
  readonly retryMode: 'standard' | 'adaptive';
  /** Milliseconds to establish a TCP connection before the attempt fails (and is retried). */
  readonly connectionTimeoutMs: number;
  /**
   * Milliseconds from the start of an attempt until the response headers arrive (the request body upload
   * included) before the attempt fails with a `TimeoutError` (and is retried).
   */
  readonly requestTimeoutMs: number;
  /**
   * Milliseconds a socket may stay silent, also while a response body streams in, before the attempt
   * fails. @default requestTimeoutMs
   */
  readonly socketTimeoutMs?: number;
}

/**
 * Vigil's defaults for API calls: 3 attempts in standard mode, 3 s to connect, 5 s to the response headers
 * and 5 s of socket silence, so a call to an endpoint that accepts and never answers fails after
 * {@link worstCaseCallMs} (18 s) at most. Adaptive mode is left opt-in: its client-side token bucket slows
 * every call of a warm container after a burst of S3 `SlowDown`s, which hurts more than it helps for short
 * batch invocations.
 */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 3,
  retryMode: 'standard',
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 5_000,
};

/**
 * Settings for clients that move whole files (the export's S3 client uploads each bundle file in one
 * `PutObject`): the same connect timeout and socket silence limit, but 10 minutes for one upload.
 */
export const BULK_TRANSFER_RETRY_SETTINGS: RetrySettings = {
  ...DEFAULT_RETRY_SETTINGS,
  requestTimeoutMs: 600_000,
  socketTimeoutMs: 30_000,
};

/** The request handler options (`@smithy/node-http-handler`) that apply the timeouts. */
export interface SdkRequestHandlerConfig {
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
  /** Without it the handler only logs a warning when `requestTimeout` passes, and keeps waiting. */
  readonly throwOnRequestTimeout: true;
  readonly socketTimeout: number;
}

/** The SDK client configuration fields that apply retry settings. */
export interface SdkRetryConfig {
  readonly maxAttempts: number;
  readonly retryMode: 'standard' | 'adaptive';
  readonly requestHandler: SdkRequestHandlerConfig;
}

/** SDK client configuration for these retry settings (spread into any `new XxxClient({...})`). */
export function sdkRetryConfig(settings: RetrySettings = DEFAULT_RETRY_SETTINGS): SdkRetryConfig {
  return {
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: settings.socketTimeoutMs ?? settings.requestTimeoutMs,
    },
  };
}

/** The standard strategy's backoff before retry `i` (0-based) is at most `base × 2^i`, capped at 20 s. */
const MAX_BACKOFF_MS = 20_000;
/** The base of that backoff after a throttling error (1 s; 50 ms after other transient errors). */
const THROTTLING_BACKOFF_BASE_MS = 1_000;

/**
 * The longest one SDK call can take before it fails for good: every attempt runs into its request timeout
 * (a connection that never opens fails sooner), and every wait between attempts is the longest the
 * standard strategy draws (as if each failure had been throttling). Response bodies streamed after the
 * headers are not counted; they are bounded by the socket timeout per silence, not in total.
 */
export function worstCaseCallMs(settings: RetrySettings = DEFAULT_RETRY_SETTINGS): number {
  const attempt = Math.max(settings.requestTimeoutMs, settings.connectionTimeoutMs);
  let waits = 0;
  for (let retry = 0; retry < settings.maxAttempts - 1; retry++) {
    waits += Math.min(MAX_BACKOFF_MS, THROTTLING_BACKOFF_BASE_MS * 2 ** retry);
  }
  return settings.maxAttempts * attempt + waits;
}
