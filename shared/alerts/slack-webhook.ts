import { setTimeout as delay } from 'node:timers/promises';
import {
  type FetchFunction,
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
} from '@slack/webhook';
import type { SecretReader } from '#shared/secrets/secret-reader';
import { NotifierError } from './errors';
import {
  DEFAULT_RETRY_POLICY,
  type GiveUpReason,
  parseRetryAfter,
  type RetryDecision,
  RetryError,
  type RetryHooks,
  type RetryPolicy,
  withRetry,
} from './retry';
import type { SlackMessage } from './slack-format';

/** Where delivery problems are logged; Powertools' `Logger` fits. Lines never contain the webhook URL. */
export interface DeliveryLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** Per-attempt time limit of a webhook call. */
export const DEFAULT_SLACK_TIMEOUT_MS = 5_000;

/**
 * Time limit of one delivery, every attempt and wait included: the in-flight request is aborted when it
 * passes and nothing more is tried, so a Slack outage costs an alert at most this long.
 */
export const DEFAULT_SLACK_DEADLINE_MS = 10_000;

/** HTTP statuses with which Slack says the webhook itself is gone or revoked (a rotated secret may fix it). */
const WEBHOOK_GONE_STATUSES: readonly number[] = [403, 404, 410];

/** Slack refused or never received a message; carries the status and attempts, never the webhook URL. */
export class SlackDeliveryError extends NotifierError {
  override readonly name: string = 'SlackDeliveryError';
  /** HTTP status of the last response; absent when none arrived (network error, timeout). */
  readonly status: number | undefined;
  readonly attempts: number;
  /** Whether trying again later (e.g. an SQS redrive) may succeed. */
  readonly retryable: boolean;
  readonly reason: GiveUpReason;

  constructor(
    message: string,
    details: {
      readonly status: number | undefined;
      readonly attempts: number;
      readonly waitedMs: number;
      readonly retryable: boolean;
      readonly reason: GiveUpReason;
      readonly slackError?: string;
    },
  ) {
    super(message, { context: { ...details } });
    this.status = details.status;
    this.attempts = details.attempts;
    this.retryable = details.retryable;
    this.reason = details.reason;
  }
}

/** The webhook secret is missing, malformed or not a Slack webhook URL Vigil will post to. */
export class SlackWebhookConfigError extends NotifierError {
  override readonly name: string = 'SlackWebhookConfigError';
}

/** Options of {@link SlackWebhook}. */
export interface SlackWebhookOptions {
  readonly secrets: SecretReader;
  /** Name or ARN of the secret holding the webhook URL (the URL itself, or JSON `{"url": "..."}`). */
  readonly secretId: string;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
  /** @default DEFAULT_SLACK_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** @default DEFAULT_SLACK_DEADLINE_MS */
  readonly deadlineMs?: number;
  readonly log?: DeliveryLog;
  /** The HTTP client @slack/webhook calls (default: Node's fetch). */
  readonly fetch?: FetchFunction;
  /** Test hooks for the waits between attempts. */
  readonly retryHooks?: Pick<RetryHooks, 'sleep' | 'random'>;
}

/** How a delivery went. */
export interface SlackDelivery {
  readonly attempts: number;
}

const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Reads the webhook URL out of a secret value: the URL itself or a JSON object with `url` or `webhookUrl`.
 * Only `https:` URLs are accepted (`http:` on loopback, for local tests).
 * @throws SlackWebhookConfigError whose message never contains the value.
 */
export function webhookUrlFromSecret(value: string, secretId: string): string {
  let candidate = value.trim();
  if (candidate.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      throw new SlackWebhookConfigError(`secret ${secretId} is neither a URL nor valid JSON`, {
        context: { secretId },
      });
    }
    const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const url = record.url ?? record.webhookUrl;
    if (typeof url !== 'string') {
      throw new SlackWebhookConfigError(`secret ${secretId} has no "url" or "webhookUrl" string`, {
        context: { secretId },
      });
    }
    candidate = url.trim();
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new SlackWebhookConfigError(`secret ${secretId} does not hold a valid URL`, {
      context: { secretId },
    });
  }
  const allowed =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
  if (!allowed) {
    throw new SlackWebhookConfigError(
      `secret ${secretId} holds a URL Vigil will not post to (${url.protocol})`,
      {
        context: { secretId },
      },
    );
  }
  return url.toString();
}

/** Replaces every appearance of the webhook URL, and of its path, in a text meant for logs. */
export function redactWebhookUrl(text: string, url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const secrets = [
    url,
    url.replace(/\/$/, ''),
    parsed?.pathname ?? '',
    ...(parsed?.pathname.split('/') ?? []),
  ]
    .filter((part) => part.length >= 9)
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('[redacted]');
  return result;
}

interface AttemptFailure {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly slackError: string | undefined;
  readonly description: string;
}

/**
 * Posts messages to a Slack incoming webhook through the official `@slack/webhook` client. The URL comes
 * from a secret at send time (so a rotated secret is picked up, and re-read at once when Slack says the old
 * webhook is gone); 429 and 5xx answers and network errors are retried with backoff that honours
 * `Retry-After`, which the client itself neither retries (429) nor exposes (it drops response headers), so
 * the headers are read through the `fetch` hook it accepts.
 */
export class SlackWebhook {
  readonly #options: SlackWebhookOptions;
  readonly #fetch: FetchFunction;

  constructor(options: SlackWebhookOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Sends one message.
   * @throws SlackDeliveryError when Slack refused it or could not be reached within the retry policy.
   * @throws SlackWebhookConfigError or SecretError when the webhook URL cannot be read.
   */
  async send(message: SlackMessage): Promise<SlackDelivery> {
    const { secrets, secretId } = this.#options;
    const url = webhookUrlFromSecret(await secrets.getSecretString(secretId), secretId);
    try {
      return await this.#deliver(url, message);
    } catch (error) {
      if (!(error instanceof SlackDeliveryError) || !WEBHOOK_GONE_STATUSES.includes(error.status ?? 0))
        throw error;
      const fresh = webhookUrlFromSecret(
        await secrets.getSecretString(secretId, { refresh: true }),
        secretId,
      );
      if (fresh === url) throw error;
      this.#options.log?.warn('Slack webhook refused by the old URL; retrying with the rotated secret', {
        secretId,
        status: error.status,
      });
      return this.#deliver(fresh, message);
    }
  }

  async #deliver(url: string, message: SlackMessage): Promise<SlackDelivery> {
    const policy = this.#options.retry ?? DEFAULT_RETRY_POLICY;
    const deadlineMs = this.#options.deadlineMs ?? DEFAULT_SLACK_DEADLINE_MS;
    const deadline = AbortSignal.timeout(deadlineMs);
    const deadlineAt = performance.now() + deadlineMs;
    const failures = new WeakMap<object, AttemptFailure>();
    let attempts = 0;
    const attempt = async (): Promise<void> => {
      attempts += 1;
      let retryAfter: string | null = null;
      const webhook = new IncomingWebhook(url, {
        timeout: this.#options.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS,
        retryConfig: { retries: 0 },
        fetch: async (input, init) => {
          // The attempt's own timeout, or the delivery's deadline, whichever comes first.
          const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
          const response = await this.#fetch(input, { ...init, signal });
          retryAfter = response.headers.get('retry-after');
          return response;
        },
      });
      try {
        await webhook.send(message);
      } catch (error) {
        const failure = describeFailure(error, retryAfter, url);
        const wrapped = new Error(failure.description);
        failures.set(wrapped, failure);
        throw wrapped;
      }
    };
    const classify = (error: unknown): RetryDecision => {
      const failure = typeof error === 'object' && error !== null ? failures.get(error) : undefined;
      if (failure === undefined || deadline.aborted) return { retry: false };
      const retryable = failure.status === undefined || failure.status === 429 || failure.status >= 500;
      if (!retryable) return { retry: false };
      return failure.retryAfterMs === undefined
        ? { retry: true }
        : { retry: true, afterMs: failure.retryAfterMs };
    };
    try {
      const sleep = this.#options.retryHooks?.sleep ?? ((ms: number) => delay(ms));
      await withRetry(attempt, classify, policy, {
        ...this.#options.retryHooks,
        // A wait never runs past the deadline; the attempt after it then fails at once and is not retried.
        sleep: (ms) => sleep(Math.max(0, Math.min(ms, Math.ceil(deadlineAt - performance.now())))),
        onRetry: ({ attempt: number, delayMs, error }) => {
          const failure = typeof error === 'object' && error !== null ? failures.get(error) : undefined;
          this.#options.log?.warn('Slack webhook delivery failed; retrying', {
            attempt: number,
            delayMs,
            status: failure?.status,
            problem: failure?.description,
          });
        },
      });
      return { attempts };
    } catch (error) {
      if (!(error instanceof RetryError)) throw error;
      const last =
        typeof error.cause === 'object' && error.cause !== null ? failures.get(error.cause) : undefined;
      const status = last?.status;
      const retryable = status === undefined || status === 429 || status >= 500;
      throw new SlackDeliveryError(
        `Slack webhook did not take the message: ${last?.description ?? 'unknown error'} (${error.attempts} attempt(s), ${deadline.aborted ? `the ${deadlineMs} ms delivery deadline passed` : error.reason})`,
        {
          status,
          attempts: error.attempts,
          waitedMs: error.waitedMs,
          retryable,
          reason: error.reason,
          ...(last?.slackError === undefined ? {} : { slackError: last.slackError }),
        },
      );
    }
  }
}

/** What went wrong in one attempt, in words that are safe to log. */
function describeFailure(error: unknown, retryAfter: string | null, url: string): AttemptFailure {
  if (error instanceof IncomingWebhookHTTPError) {
    const slackError = redactWebhookUrl(error.body.trim().slice(0, 200), url) || undefined;
    return {
      status: error.statusCode,
      retryAfterMs: parseRetryAfter(retryAfter),
      slackError,
      description: `HTTP ${error.statusCode}${slackError === undefined ? '' : ` ${slackError}`}`,
    };
  }
  if (error instanceof IncomingWebhookRequestError) {
    const original = error.original;
    const cause = original.cause instanceof Error ? `: ${original.cause.message}` : '';
    return {
      status: undefined,
      retryAfterMs: undefined,
      slackError: undefined,
      description: redactWebhookUrl(`request failed (${original.name}: ${original.message}${cause})`, url),
    };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    status: undefined,
    retryAfterMs: undefined,
    slackError: undefined,
    description: redactWebhookUrl(text, url),
  };
}
