import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BULK_TRANSFER_RETRY_SETTINGS,
  DEFAULT_RETRY_SETTINGS,
  type RetrySettings,
  sdkRetryConfig,
  worstCaseCallMs,
} from '#shared/aws/client-settings';
import { type StalledEndpoint, startStalledEndpoint } from '#test/support/stalled-endpoint';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** An S3 client built the way Vigil builds its clients, aimed at `endpoint`. */
function s3Client(endpoint: string, settings: RetrySettings): S3Client {
  return new S3Client({
    ...sdkRetryConfig(settings),
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
}

/** How long a PutObject to the endpoint takes to fail, and with what. */
async function timedPut(client: S3Client): Promise<{ readonly ms: number; readonly error: unknown }> {
  const started = performance.now();
  const error = await client
    .send(new PutObjectCommand({ Bucket: 'evidence', Key: 'batch.json', Body: '{}' }))
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  return { ms: performance.now() - started, error };
}

describe('SDK client settings: timeouts that really fire', () => {
  let stalled: StalledEndpoint;

  beforeAll(async () => {
    stalled = await startStalledEndpoint();
  });
  afterAll(async () => {
    await stalled.close();
  });

  it('turn the request timeout into an error and bound the socket silence', () => {
    expect(sdkRetryConfig()).toEqual({
      maxAttempts: 3,
      retryMode: 'standard',
      requestHandler: {
        connectionTimeout: 3_000,
        requestTimeout: 5_000,
        throwOnRequestTimeout: true,
        socketTimeout: 5_000,
      },
    });
    expect(sdkRetryConfig(BULK_TRANSFER_RETRY_SETTINGS).requestHandler).toMatchObject({
      requestTimeout: 600_000,
      socketTimeout: 30_000,
      throwOnRequestTimeout: true,
    });
  });

  it.each([
    [DEFAULT_RETRY_SETTINGS, 3 * 5_000 + 1_000 + 2_000],
    [{ ...DEFAULT_RETRY_SETTINGS, maxAttempts: 1 }, 5_000],
    [{ ...DEFAULT_RETRY_SETTINGS, maxAttempts: 5 }, 5 * 5_000 + 1_000 + 2_000 + 4_000 + 8_000],
  ])('bound one call to %o at %i ms in the worst case', (settings, expected) => {
    expect(worstCaseCallMs(settings)).toBe(expected);
  });

  it('fail one attempt against an endpoint that never answers after the 5 s request timeout', {
    timeout: 15_000,
  }, async () => {
    const client = s3Client(stalled.url, { ...DEFAULT_RETRY_SETTINGS, maxAttempts: 1 });
    try {
      const { ms, error } = await timedPut(client);
      expect(error).toMatchObject({ name: 'TimeoutError' });
      expect(ms).toBeGreaterThanOrEqual(4_900);
      expect(ms).toBeLessThan(7_000);
    } finally {
      client.destroy();
    }
  });

  it('retry a stalled call within the SDK budget: every attempt times out, then the call fails', {
    timeout: 15_000,
  }, async () => {
    const settings: RetrySettings = { ...DEFAULT_RETRY_SETTINGS, requestTimeoutMs: 300 };
    const before = stalled.connections();
    const client = s3Client(stalled.url, settings);
    try {
      const { ms, error } = await timedPut(client);
      expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 3 } });
      expect(stalled.connections() - before).toBe(3);
      expect(ms).toBeGreaterThanOrEqual(3 * 300);
      expect(ms).toBeLessThan(worstCaseCallMs(settings) + 1_000);
    } finally {
      client.destroy();
    }
  });

  it('(without throwOnRequestTimeout the same client is still waiting long after its request timeout)', {
    timeout: 15_000,
  }, async () => {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: stalled.url,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 300, requestTimeout: 300 },
    });
    const abort = new AbortController();
    try {
      const outcome = await Promise.race([
        client
          .send(new PutObjectCommand({ Bucket: 'evidence', Key: 'batch.json', Body: '{}' }), {
            abortSignal: abort.signal,
          })
          .then(
            () => 'answered',
            () => 'failed',
          ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_500)),
      ]);
      expect(outcome).toBe('still waiting');
    } finally {
      abort.abort();
      client.destroy();
    }
  });
});
