import { SlackResponseError } from './errors';

/** Posts to an interaction's `response_url` (update the message, or reply to the person who clicked). */
export interface SlackResponder {
  respond(responseUrl: string, message: unknown): Promise<void>;
}

const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether Vigil will post to a `response_url`: `https://*.slack.com` (plain `http` on loopback, for local tests). */
export function isSlackResponseUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.protocol === 'https:')
    return parsed.hostname === 'slack.com' || parsed.hostname.endsWith('.slack.com');
  return parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname);
}

/**
 * Posts JSON with Node's fetch, one attempt within `timeoutMs` (a `response_url` takes five posts in 30
 * minutes, so a failed update is logged rather than retried).
 */
export class FetchSlackResponder implements SlackResponder {
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: { readonly timeoutMs?: number; readonly fetch?: typeof globalThis.fetch } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async respond(responseUrl: string, message: unknown): Promise<void> {
    if (!isSlackResponseUrl(responseUrl))
      throw new SlackResponseError('response_url is not a Slack URL Vigil posts to', {
        context: { host: URL.canParse(responseUrl) ? new URL(responseUrl).host : 'unparsable' },
      });
    let response: Response;
    try {
      response = await this.#fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new SlackResponseError('cannot reach the Slack response_url', { cause });
    }
    if (!response.ok)
      throw new SlackResponseError(`Slack answered the response_url post with HTTP ${response.status}`, {
        context: { status: response.status },
      });
  }
}
