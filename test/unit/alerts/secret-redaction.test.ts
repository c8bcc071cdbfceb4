import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AlertChannel, FanOutNotifier } from '#shared/alerts/fan-out-notifier';
import { SlackNotifier } from '#shared/alerts/slack-notifier';
import { SlackWebhook } from '#shared/alerts/slack-webhook';
import { type SlackWebhookServer, startSlackWebhookServer } from '#test/support/slack-webhook-server';
import { MemorySecrets, newFailureAlert } from './alert-fixtures';

const SECRET_ID = 'vigil/slack-webhook';
/** The part of the webhook URL that grants posting rights: it must never reach a log line. */
const TOKEN = 'Zq8ShouldNeverBeLoggedXy7';
const HOOK_PATH = `/services/T0LEAKTST/B0LEAKTST/${TOKEN}`;

let server: SlackWebhookServer;
let output: string[];

beforeAll(async () => {
  server = await startSlackWebhookServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  output = [];
  const capture = (chunk: unknown): boolean => {
    output.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(args.map(String).join(' '));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  server.requests.length = 0;
});

/** A Slack channel logging through a Powertools logger, as the Lambda handlers wire it. */
function channel(secretValue: string, logger: Logger): FanOutNotifier {
  const webhook = new SlackWebhook({
    secrets: new MemorySecrets({ [SECRET_ID]: secretValue }),
    secretId: SECRET_ID,
    retry: { maxAttempts: 3, maxTotalWaitMs: 1_000, baseDelayMs: 5, maxDelayMs: 10 },
    timeoutMs: 500,
    log: logger,
  });
  const slack: AlertChannel = { name: 'slack', notifier: new SlackNotifier({ webhook }) };
  return new FanOutNotifier({ channels: [slack] });
}

/** Delivers one alert and logs the failure the way a handler does (the error object, its cause chain). */
async function deliverAndLog(notifier: FanOutNotifier, logger: Logger): Promise<unknown> {
  try {
    await notifier.notify(newFailureAlert());
    logger.info('alert delivered');
    return undefined;
  } catch (error) {
    logger.error('alert delivery failed', error as Error);
    logger.error('alert delivery failed (as attributes)', { error: error as Error });
    return error;
  }
}

function logged(): string {
  return output.join('\n');
}

describe('the Slack webhook URL never reaches the logs', () => {
  it('while retrying 5xx answers and failing on a 400 whose body echoes the URL', async () => {
    const logger = new Logger({ serviceName: 'vigil-test', logLevel: 'DEBUG' });
    const url = `${server.origin}${HOOK_PATH}`;
    server.script(
      { status: 500, body: `upstream error posting to ${url}` },
      { status: 503, body: `retry ${HOOK_PATH}` },
      { status: 400, body: `invalid_blocks for ${url}` },
    );

    const error = await deliverAndLog(channel(url, logger), logger);

    expect(error).toBeDefined();
    expect(server.requests).toHaveLength(3);
    const text = logged();
    expect(text).toContain('Slack webhook delivery failed; retrying');
    expect(text).toContain('alert delivery failed');
    expect(text).toContain('invalid_blocks');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(TOKEN);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(TOKEN);
  });

  it('when nothing answers at the URL (connection refused)', async () => {
    const logger = new Logger({ serviceName: 'vigil-test', logLevel: 'DEBUG' });
    const closed = await startSlackWebhookServer();
    await closed.close();

    await deliverAndLog(channel(`${closed.origin}${HOOK_PATH}`, logger), logger);

    const text = logged();
    expect(text).toContain('request failed');
    expect(text).not.toContain(TOKEN);
  });

  it('when the webhook is gone (404) and the secret is re-read', async () => {
    const logger = new Logger({ serviceName: 'vigil-test', logLevel: 'DEBUG' });
    server.script({ status: 404, body: 'no_service' });

    await deliverAndLog(channel(JSON.stringify({ url: `${server.origin}${HOOK_PATH}` }), logger), logger);

    const text = logged();
    expect(text).toContain('HTTP 404 no_service');
    expect(text).not.toContain(TOKEN);
  });

  it.each([
    ['a non-URL value', `xoxb-${TOKEN}`],
    ['a URL Vigil refuses (plain http to a remote host)', `http://hooks.example.test${HOOK_PATH}`],
    ['JSON without a url key', JSON.stringify({ token: TOKEN })],
  ])('when the secret holds %s', async (_name, value) => {
    const logger = new Logger({ serviceName: 'vigil-test', logLevel: 'DEBUG' });

    const error = await deliverAndLog(channel(value, logger), logger);

    expect(error).toBeDefined();
    expect(logged()).toContain(SECRET_ID);
    expect(logged()).not.toContain(TOKEN);
  });

  it('when delivered, nothing about the URL is logged either', async () => {
    const logger = new Logger({ serviceName: 'vigil-test', logLevel: 'DEBUG' });

    await deliverAndLog(channel(`${server.origin}${HOOK_PATH}`, logger), logger);

    expect(server.requests).toHaveLength(1);
    expect(logged()).toContain('alert delivered');
    expect(logged()).not.toContain(TOKEN);
  });
});
