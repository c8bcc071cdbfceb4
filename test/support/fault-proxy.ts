import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '#shared/local/seeded-random';

/**
 * What the proxy does to a request it picks:
 * - `throttle`: the service's throttling error (S3 503 SlowDown, DynamoDB 400 ThrottlingException, SNS/SQS
 *   400 Throttling), without forwarding;
 * - `server-error`: the service's 500 (InternalError / InternalServerError / InternalFailure), without forwarding;
 * - `delay`: holds the request `delayMs` before forwarding it (longer than the client's timeout, the client
 *   gives up and retries while the first attempt may still succeed upstream);
 * - `lost-response`: forwards the request, lets it succeed, then drops the connection instead of answering;
 * - `stall`: never forwards nor answers, holding the connection until the client gives up (a hung endpoint).
 */
export type FaultKind = 'throttle' | 'server-error' | 'delay' | 'lost-response' | 'stall';

/** Which requests a fault applies to, and how often. */
export interface FaultRule {
  /** SigV4 signing name of the service: `s3`, `dynamodb`, `sns`, `sqs`, ... */
  readonly service: string;
  /**
   * Operations to hit (all when absent): the `X-Amz-Target` operation for JSON services (`PutItem`), the
   * `Action` for query services (`Publish`), the HTTP method for S3 (`PUT`, `HEAD`, `GET`).
   */
  readonly operations?: readonly string[];
  /** Share of matching requests that fail, 0..1. */
  readonly share: number;
  readonly kind: FaultKind;
  /** For `delay`: how long to hold the request (default 1000 ms). */
  readonly delayMs?: number;
}

/** What the proxy saw, per service. */
export interface FaultProxyStats {
  /** Requests received, by service. */
  readonly requests: Readonly<Record<string, number>>;
  /** Faults injected, by service. */
  readonly faults: Readonly<Record<string, number>>;
}

/** A running fault-injecting HTTP proxy in front of one AWS endpoint (moto). */
export interface FaultProxy {
  /** Base URL to give SDK clients instead of the real endpoint. */
  readonly endpoint: string;
  /** Replaces the fault rules (the first matching rule applies); `[]` passes everything through. */
  setRules(rules: readonly FaultRule[]): void;
  stats(): FaultProxyStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** The service and operation a signed AWS request addresses. */
export interface RequestIdentity {
  readonly service: string;
  readonly operation: string;
}

const SCOPE_PATTERN = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

/**
 * Identifies a request: the service from the SigV4 credential scope of its `Authorization` header (every
 * SDK request is signed), the operation from `X-Amz-Target` (DynamoDB, SQS JSON), the form `Action`
 * (SNS, query APIs) or the HTTP method (S3 and other REST APIs).
 */
export function identifyRequest(method: string, headers: IncomingHttpHeaders, body: string): RequestIdentity {
  const authorization = headers.authorization ?? '';
  const target = headers['x-amz-target'];
  const targetText = Array.isArray(target) ? target[0] : target;
  const scoped = SCOPE_PATTERN.exec(authorization)?.[1];
  if (targetText !== undefined) {
    const [prefix = '', operation = ''] = targetText.split('.');
    const service = scoped ?? (prefix.startsWith('DynamoDB') ? 'dynamodb' : prefix.toLowerCase());
    return { service, operation };
  }
  const contentType = String(headers['content-type'] ?? '');
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(body).get('Action');
    if (action !== null) return { service: scoped ?? 'query', operation: action };
  }
  return { service: scoped ?? 's3', operation: method };
}

interface CannedError {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function xmlError(status: number, code: string, message: string): CannedError {
  return {
    status,
    contentType: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULTPROXY</RequestId></Error>`,
  };
}

function queryError(status: number, code: string, message: string): CannedError {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>FAULTPROXY</RequestId></ErrorResponse>`,
  };
}

function jsonError(status: number, type: string, message: string): CannedError {
  return {
    status,
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: type, message }),
  };
}

/** The error a real service answers for a throttled or failed request. */
export function cannedError(service: string, kind: 'throttle' | 'server-error'): CannedError {
  const throttle = kind === 'throttle';
  switch (service) {
    case 's3':
      return throttle
        ? xmlError(503, 'SlowDown', 'Please reduce your request rate.')
        : xmlError(500, 'InternalError', 'We encountered an internal error. Please try again.');
    case 'dynamodb':
      return throttle
        ? jsonError(
            400,
            'com.amazonaws.dynamodb.v20120810#ThrottlingException',
            'Rate of requests exceeds the allowed throughput.',
          )
        : jsonError(500, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'Internal server error');
    case 'sqs':
      return throttle
        ? jsonError(400, 'com.amazonaws.sqs#ThrottlingException', 'Rate exceeded')
        : jsonError(500, 'com.amazonaws.sqs#InternalError', 'Internal error');
    default:
      return throttle
        ? queryError(400, 'Throttling', 'Rate exceeded')
        : queryError(
            500,
            'InternalFailure',
            'The request processing has failed because of an unknown error.',
          );
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts a real HTTP proxy on loopback that forwards every request to `target` (a moto endpoint) and
 * injects faults into a configurable share of the requests matching each rule, with a seeded generator.
 */
export async function startFaultProxy(
  target: string,
  options: { readonly rules?: readonly FaultRule[]; readonly seed?: number } = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const random = seededRandom(options.seed ?? 7);
  let rules: readonly FaultRule[] = options.rules ?? [];
  let requests: Record<string, number> = {};
  let faults: Record<string, number> = {};

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    dropResponse: boolean,
  ): Promise<void> =>
    new Promise((resolve) => {
      const headers = { ...req.headers, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const outgoing = request(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        (answer) => {
          if (dropResponse) {
            answer.resume();
            answer.on('end', () => {
              res.socket?.destroy();
              resolve();
            });
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve());
        },
      );
      outgoing.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: upstream failed: ${error.message}`);
        resolve();
      });
      outgoing.end(body);
    });

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const identity = identifyRequest(req.method ?? 'GET', req.headers, body.toString('utf8'));
      requests[identity.service] = (requests[identity.service] ?? 0) + 1;
      const rule = rules.find(
        (candidate) =>
          candidate.service === identity.service &&
          (candidate.operations === undefined || candidate.operations.includes(identity.operation)),
      );
      if (rule === undefined || random() >= rule.share) return forward(req, res, body, false);
      faults[identity.service] = (faults[identity.service] ?? 0) + 1;
      switch (rule.kind) {
        case 'throttle':
        case 'server-error': {
          const error = cannedError(identity.service, rule.kind);
          res.writeHead(error.status, {
            'content-type': error.contentType,
            'content-length': String(Buffer.byteLength(error.body)),
            'x-amzn-requestid': 'FAULTPROXY',
          });
          res.end(error.body);
          return;
        }
        case 'delay':
          await sleep(rule.delayMs ?? 1_000);
          // The client may have given up meanwhile; forwarding anyway is what a slow network does.
          return forward(req, res, body, false);
        case 'lost-response':
          return forward(req, res, body, true);
        case 'stall':
          return;
        default: {
          const unreachable: never = rule.kind;
          res.writeHead(500);
          res.end(`fault proxy: unknown fault ${String(unreachable)}`);
        }
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRules: (next) => {
      rules = next;
    },
    stats: () => ({ requests: { ...requests }, faults: { ...faults } }),
    resetStats: () => {
      requests = {};
      faults = {};
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
