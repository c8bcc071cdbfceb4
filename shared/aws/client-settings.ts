/**
 * How SDK v3 clients retry and time out. The SDK's own retry strategy does the work (exponential backoff
 * with full jitter, retry quota, throttling and 5xx/transient/timeouts classified as retryable); Vigil only
 * chooses how many attempts and how long a silent connection may hang, so a stalled call is retried
 * instead of eating the whole Lambda timeout.
 */
export interface RetrySettings {
  /** Total attempts per call, the first included. */
  readonly maxAttempts: number;
  /** `standard` (backoff with jitter) or `adaptive` (adds client-side rate limiting after throttling). */
  readonly retryMode: 'standard' | 'adaptive';
  /** Milliseconds to establish a TCP connection before the attempt fails (and is retried). */
  readonly connectionTimeoutMs: number;
  /** Milliseconds a socket may stay silent during a request before the attempt fails (and is retried). */
  readonly requestTimeoutMs: number;
}

/**
 * Vigil's defaults: 5 attempts in standard mode (about 0.1 to 20 s of jittered backoff in all), 3 s to
 * connect, 10 s of socket silence. Adaptive mode is left opt-in: its client-side token bucket slows every
 * call of a warm container after a burst of S3 `SlowDown`s, which hurts more than it helps for short
 * batch invocations.
 */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 5,
  retryMode: 'standard',
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 10_000,
};

/** The SDK client configuration fields that apply retry settings. */
export interface SdkRetryConfig {
  readonly maxAttempts: number;
  readonly retryMode: 'standard' | 'adaptive';
  readonly requestHandler: { readonly connectionTimeout: number; readonly requestTimeout: number };
}

/** SDK client configuration for these retry settings (spread into any `new XxxClient({...})`). */
export function sdkRetryConfig(settings: RetrySettings = DEFAULT_RETRY_SETTINGS): SdkRetryConfig {
  return {
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
    },
  };
}
