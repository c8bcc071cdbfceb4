import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '#cli/signed-request';

/** What a function URL handler answers. */
export interface FunctionUrlAnswer {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One identity the stand-in knows: its keys, and the ARN AWS would authenticate it as. */
export interface KnownCaller {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly arn: string;
}

/** A local HTTP server standing in for a Lambda function URL. */
export interface FunctionUrlServer {
  readonly url: string;
  /** Requests AWS would have refused (bad or missing SigV4 signature), with why. */
  readonly refused: readonly string[];
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/lambda/aws4_request, SignedHeaders=a;b, Signature=…`. */
function parseAuthorization(
  value: string,
): { keyId: string; scope: string[]; signedHeaders: string[] } | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=[0-9a-f]{64}$/.exec(
      value,
    );
  if (match === null) return undefined;
  return {
    keyId: match[1] ?? '',
    scope: (match[2] ?? '').split('/'),
    signedHeaders: (match[3] ?? '').split(';'),
  };
}

/**
 * Checks the SigV4 signature of a request the way Lambda does for an `AWS_IAM` function URL: the request is
 * signed again with the caller's secret key, for service `lambda` and `region`, over the headers the client
 * signed and the body received, at the time it claims (within five minutes), and the two must be equal.
 * Answers the caller, or why AWS would refuse.
 */
async function verifySigV4(
  request: IncomingMessage,
  body: Buffer,
  callers: readonly KnownCaller[],
  region: string,
): Promise<{ caller: KnownCaller } | { problem: string }> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return { problem: 'no Authorization header' };
  const parsed = parseAuthorization(authorization);
  if (parsed === undefined) return { problem: 'malformed Authorization header' };
  const caller = callers.find((known) => known.accessKeyId === parsed.keyId);
  if (caller === undefined) return { problem: `unknown access key ${parsed.keyId}` };
  const [date, scopeRegion, service] = parsed.scope;
  if (scopeRegion !== region || service !== 'lambda')
    return { problem: `signed for ${service} in ${scopeRegion}, not lambda in ${region}` };
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signingDate = new Date(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  if (Number.isNaN(signingDate.getTime()) || !amzDate.startsWith(date ?? '-'))
    return { problem: 'bad X-Amz-Date' };
  if (Math.abs(Date.now() - signingDate.getTime()) > 300_000) return { problem: 'signature expired' };
  if (caller.sessionToken !== undefined && request.headers['x-amz-security-token'] !== caller.sessionToken)
    return { problem: 'session token missing or wrong' };
  // The signer takes a signed x-amz-content-sha256 as the payload hash; AWS hashes the body it received.
  const claimedHash = request.headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== createHash('sha256').update(body).digest('hex'))
    return { problem: 'signature does not match' };
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return { problem: `signed header ${name} missing` };
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const signer = new SignatureV4({
    service: 'lambda',
    region,
    credentials: caller,
    sha256: NodeSha256,
  });
  const expected = await signer.sign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query,
      headers,
      body: body.toString('utf8'),
    },
    { signingDate },
  );
  if (expected.headers.authorization !== authorization) return { problem: 'signature does not match' };
  return { caller };
}

/**
 * Serves a function URL handler over real HTTP, delivering events the way a function URL does (payload 2.0,
 * body base64-encoded). With `iam`, it behaves like `AWS_IAM` auth: a request whose SigV4 signature does not
 * verify gets Lambda's own 403 `{"Message":"Forbidden"}` and never reaches the handler; a verified one
 * reaches it with `requestContext.authorizer.iam.userArn` set to the caller's ARN.
 */
export async function startFunctionUrlServer(
  handle: (event: unknown) => Promise<FunctionUrlAnswer>,
  iam?: { readonly region: string; readonly callers: readonly KnownCaller[] },
): Promise<FunctionUrlServer> {
  const refused: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      let authorizer: { iam: { userArn: string; accountId: string } } | undefined;
      if (iam !== undefined) {
        const verdict = await verifySigV4(request, body, iam.callers, iam.region);
        if ('problem' in verdict) {
          refused.push(verdict.problem);
          response.writeHead(403, { 'content-type': 'application/json' });
          response.end('{"Message":"Forbidden"}');
          return;
        }
        const accountId = /::(\d{12}):/.exec(verdict.caller.arn)?.[1] ?? '';
        authorizer = { iam: { userArn: verdict.caller.arn, accountId } };
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers[name.toLowerCase()] = value;
      const answer = await handle({
        version: '2.0',
        rawPath: request.url ?? '/',
        headers,
        body: body.toString('base64'),
        isBase64Encoded: true,
        requestContext: {
          http: { method: request.method ?? 'GET' },
          ...(authorizer === undefined ? {} : { authorizer }),
        },
      });
      response.writeHead(answer.statusCode, answer.headers ?? {});
      response.end(answer.body ?? '');
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
