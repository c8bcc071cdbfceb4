import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in webhook received. */
export interface ReceivedWebhookRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** `performance.now()` when the request arrived, to measure waits between attempts. */
  readonly receivedAt: number;
}

/** How the stand-in answers one request. */
export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** @default 'ok' for 2xx, else a Slack-like error code */
  readonly body?: string;
  /** Never answer (the client must time out). */
  readonly hang?: boolean;
}

/** A real HTTP server on 127.0.0.1 standing in for a Slack incoming webhook. */
export interface SlackWebhookServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  /** Every request received so far, in order. */
  readonly requests: ReceivedWebhookRequest[];
  /** Queues answers for the next requests; once they run out, requests get `200 ok`. */
  script(...responses: ScriptedResponse[]): void;
  /** The parsed JSON bodies of the requests to `path` (all when omitted). */
  payloads(path?: string): unknown[];
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port. */
export async function startSlackWebhookServer(): Promise<SlackWebhookServer> {
  const requests: ReceivedWebhookRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const hanging = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: performance.now(),
      });
      const next = queue.shift() ?? { status: 200 };
      if (next.hang === true) {
        hanging.add(() => response.destroy());
        return;
      }
      const ok = next.status >= 200 && next.status < 300;
      response.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers });
      response.end(next.body ?? (ok ? 'ok' : 'error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    script: (...responses) => {
      queue.push(...responses);
    },
    payloads: (path) =>
      requests
        .filter((request) => path === undefined || request.path === path)
        .map((request) => JSON.parse(request.body) as unknown),
    close: async () => {
      for (const destroy of hanging) destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
