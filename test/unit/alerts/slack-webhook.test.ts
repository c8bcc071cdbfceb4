import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '#shared/alerts/retry';
import {
  redactWebhookUrl,
  SlackDeliveryError,
  SlackWebhook,
  SlackWebhookConfigError,
  webhookUrlFromSecret,
} from '#shared/alerts/slack-webhook';
import { type SlackWebhookServer, startSlackWebhookServer } from '#test/support/slack-webhook-server';
import { MemorySecrets } from './alert-fixtures';

const SECRET_ID = 'vigil/slack-webhook';
const HOOK_PATH = '/services/T0VIGIL01/B0VIGIL02/xoxSecretWebhookToken42';
const MESSAGE = { text: 'hello', blocks: [{ type: 'divider' as const }] };

/** Fast backoff so retry tests take milliseconds; Retry-After still sets the wait when given. */
const FAST: RetryPolicy = { maxAttempts: 4, maxTotalWaitMs: 5_000, baseDelayMs: 40, maxDelayMs: 400 };

let server: SlackWebhookServer;

beforeAll(async () => {
  server = await startSlackWebhookServer();
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  server.requests.length = 0;
});

function webhook(options: { retry?: RetryPolicy; timeoutMs?: number; secrets?: MemorySecrets } = {}): {
  webhook: SlackWebhook;
  secrets: MemorySecrets;
  warnings: Record<string, unknown>[];
} {
  const secrets = options.secrets ?? new MemorySecrets({ [SECRET_ID]: `${server.origin}${HOOK_PATH}` });
  const warnings: Record<string, unknown>[] = [];
  return {
    secrets,
    warnings,
    webhook: new SlackWebhook({
      secrets,
      secretId: SECRET_ID,
      retry: options.retry ?? FAST,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      log: { warn: (message, attributes) => warnings.push({ message, ...attributes }) },
      // Deterministic backoff: every jittered wait is its full step.
      retryHooks: { random: () => 0.999 },
    }),
  };
}

async function failure(promise: Promise<unknown>): Promise<SlackDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SlackDeliveryError);
  return error as SlackDeliveryError;
}

describe('SlackWebhook against a local HTTP server', () => {
  it('POSTs the message as JSON to the URL read from the secret', async () => {
    const { webhook: hook, secrets } = webhook();

    const delivery = await hook.send(MESSAGE);

    expect(delivery).toEqual({ attempts: 1 });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(HOOK_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(MESSAGE);
    expect(secrets.reads).toEqual([{ secretId: SECRET_ID, refresh: false }]);
  });

  it('waits at least the Retry-After of a 429 before delivering on the next attempt', async () => {
    server.script({ status: 429, headers: { 'Retry-After': '1' }, body: 'rate_limited' });
    const { webhook: hook, warnings } = webhook();

    const started = performance.now();
    const delivery = await hook.send(MESSAGE);

    expect(delivery).toEqual({ attempts: 2 });
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1_000);
    // Retry-After plus at most 10 % jitter, not the 40 ms backoff step.
    expect(performance.now() - started).toBeLessThan(1_600);
    expect(second?.body).toBe(first?.body);
    expect(warnings).toEqual([
      expect.objectContaining({
        message: 'Slack webhook delivery failed; retrying',
        attempt: 1,
        status: 429,
      }),
    ]);
    expect(Number(warnings[0]?.delayMs)).toBeGreaterThanOrEqual(1_000);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    server.script({
      status: 503,
      headers: { 'Retry-After': new Date(Date.now() + 1_500).toUTCString() },
    });
    const { webhook: hook } = webhook();

    await hook.send(MESSAGE);

    const [first, second] = server.requests;
    // HTTP dates have one-second resolution, so the wait is between 0.5 and 1.5 s.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it('retries 5xx answers with exponential backoff until one succeeds', async () => {
    server.script({ status: 500 }, { status: 502 }, { status: 503 });
    const { webhook: hook, warnings } = webhook();

    const delivery = await hook.send(MESSAGE);

    expect(delivery).toEqual({ attempts: 4 });
    expect(server.requests).toHaveLength(4);
    const gaps = server.requests.slice(1).map((request, index) => {
      const previous = server.requests[index];
      return request.receivedAt - (previous?.receivedAt ?? 0);
    });
    // Steps of 40, 80 and 160 ms (random() ≈ 1).
    expect(gaps[0]).toBeGreaterThanOrEqual(39);
    expect(gaps[1]).toBeGreaterThanOrEqual(79);
    expect(gaps[2]).toBeGreaterThanOrEqual(159);
    expect(warnings.map((warning) => warning.status)).toEqual([500, 502, 503]);
    expect(warnings.map((warning) => warning.delayMs)).toEqual([40, 80, 160]);
  });

  it('gives up on persistent 5xx after the policy attempts, as a retryable failure', async () => {
    server.script({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const { webhook: hook } = webhook();

    const error = await failure(hook.send(MESSAGE));

    expect(server.requests).toHaveLength(4);
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(4);
    expect(error.retryable).toBe(true);
    expect(error.reason).toBe('attempts-exhausted');
  });

  it.each([
    [400, 'invalid_blocks'],
    [400, 'invalid_payload'],
    [413, 'request_too_large'],
  ])('does not retry a %i (%s) and reports Slack’s error code', async (status, code) => {
    server.script({ status, body: code });
    const { webhook: hook, secrets } = webhook();

    const error = await failure(hook.send(MESSAGE));

    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(error.reason).toBe('not-retryable');
    expect(error.attempts).toBe(1);
    expect(error.message).toContain(code);
    expect(error.context).toMatchObject({ slackError: code });
    // A refused payload is not a webhook problem: the secret is not re-read.
    expect(secrets.reads).toHaveLength(1);
  });

  it('does not start a Retry-After wait that would overrun the wait budget', async () => {
    server.script({ status: 429, headers: { 'Retry-After': '30' } });
    const { webhook: hook } = webhook();

    const started = performance.now();
    const error = await failure(hook.send(MESSAGE));

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(429);
    expect(error.reason).toBe('wait-budget-exhausted');
    // A later redelivery (SQS) may well succeed.
    expect(error.retryable).toBe(true);
  });

  it('re-reads a rotated secret once when Slack says the old webhook is gone', async () => {
    const rotatedPath = '/services/T0VIGIL01/B0VIGIL03/rotatedWebhookToken43';
    server.script({ status: 404, body: 'no_service' });
    const secrets = new MemorySecrets({ [SECRET_ID]: `${server.origin}${HOOK_PATH}` });
    const { webhook: hook } = webhook({ secrets });
    const original = secrets.getSecretString.bind(secrets);
    secrets.getSecretString = async (id, options) => {
      if (options?.refresh === true) secrets.values.set(SECRET_ID, `${server.origin}${rotatedPath}`);
      return original(id, options);
    };

    await hook.send(MESSAGE);

    expect(server.requests.map((request) => request.path)).toEqual([HOOK_PATH, rotatedPath]);
    expect(secrets.reads).toEqual([
      { secretId: SECRET_ID, refresh: false },
      { secretId: SECRET_ID, refresh: true },
    ]);
  });

  it('reports a 404 as final when the secret still holds the same URL', async () => {
    server.script({ status: 404, body: 'no_service' });
    const { webhook: hook, secrets } = webhook();

    const error = await failure(hook.send(MESSAGE));

    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(secrets.reads.map((read) => read.refresh)).toEqual([false, true]);
  });

  it('times out an attempt that gets no answer and retries it', async () => {
    server.script({ status: 200, hang: true });
    const { webhook: hook } = webhook({ timeoutMs: 200 });

    const delivery = await hook.send(MESSAGE);

    expect(delivery).toEqual({ attempts: 2 });
    const [first, second] = server.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(200);
  });

  it('retries when nothing listens, then fails as retryable without a status', async () => {
    const closed = await startSlackWebhookServer();
    const origin = closed.origin;
    await closed.close();
    const secrets = new MemorySecrets({ [SECRET_ID]: `${origin}${HOOK_PATH}` });
    const { webhook: hook } = webhook({
      secrets,
      retry: { ...FAST, maxAttempts: 2 },
    });

    const error = await failure(hook.send(MESSAGE));

    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(2);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('request failed');
    expect(error.message).not.toContain(HOOK_PATH);
  });
});

describe('webhookUrlFromSecret', () => {
  it.each([
    ['a bare URL', 'https://hooks.example.test/services/T/B/x', 'https://hooks.example.test/services/T/B/x'],
    [
      'JSON with url',
      '{"url":"https://hooks.example.test/services/T/B/y"}',
      'https://hooks.example.test/services/T/B/y',
    ],
    [
      'JSON with webhookUrl',
      ' {"webhookUrl":" https://hooks.example.test/services/T/B/z "} ',
      'https://hooks.example.test/services/T/B/z',
    ],
    ['http on loopback', 'http://127.0.0.1:8080/services/T/B/w', 'http://127.0.0.1:8080/services/T/B/w'],
  ])('reads %s', (_name, value, expected) => {
    expect(webhookUrlFromSecret(value, SECRET_ID)).toBe(expected);
  });

  it.each([
    ['not a URL', 'xoxb-not-a-url-SENSITIVE'],
    ['invalid JSON', '{"url": SENSITIVE'],
    ['JSON without a url', '{"token":"SENSITIVE"}'],
    ['plain http to a remote host', 'http://hooks.example.test/services/SENSITIVE'],
    ['another scheme', 'ftp://hooks.example.test/SENSITIVE'],
  ])('refuses %s without echoing the value', (_name, value) => {
    let caught: unknown;
    try {
      webhookUrlFromSecret(value, SECRET_ID);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SlackWebhookConfigError);
    expect(String((caught as Error).message)).toContain(SECRET_ID);
    expect(JSON.stringify({ ...(caught as SlackWebhookConfigError) })).not.toContain('SENSITIVE');
    expect((caught as Error).message).not.toContain('SENSITIVE');
  });
});

describe('redactWebhookUrl', () => {
  it('removes the URL, its path and each long path segment from any text', () => {
    const url = 'https://hooks.example.test/services/T0AAAA111/B0BBBB222/abcdefghijklmnopqrstuvwx';
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.constantFrom(url, new URL(url).pathname, 'abcdefghijklmnopqrstuvwx'),
        (before, after, secret) => {
          const redacted = redactWebhookUrl(`${before}${secret}${after}`, url);
          expect(redacted).not.toContain('abcdefghijklmnopqrstuvwx');
          expect(redacted).toContain('[redacted]');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SlackWebhook delivery deadline', () => {
  it('aborts a hanging attempt at the deadline and tries no more, however many attempts the policy allows', async () => {
    const hanging = await startSlackWebhookServer();
    try {
      for (let i = 0; i < 5; i++) hanging.script({ status: 200, hang: true });
      const hook = new SlackWebhook({
        secrets: new MemorySecrets({ [SECRET_ID]: `${hanging.origin}${HOOK_PATH}` }),
        secretId: SECRET_ID,
        retry: { maxAttempts: 5, maxTotalWaitMs: 60_000, baseDelayMs: 10, maxDelayMs: 10 },
        timeoutMs: 700,
        deadlineMs: 1_000,
      });

      const started = performance.now();
      const error = await failure(hook.send(MESSAGE));
      const elapsed = performance.now() - started;

      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(1_800);
      expect(hanging.requests).toHaveLength(2);
      expect(error.attempts).toBe(2);
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('the 1000 ms delivery deadline passed');
      expect(error.message).not.toContain(HOOK_PATH);
    } finally {
      await hanging.close();
    }
  });
});
