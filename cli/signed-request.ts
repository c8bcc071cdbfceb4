import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';
import { VigilError } from '#shared/errors';

/** AWS credentials as the SDK's providers resolve them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Resolves the caller's credentials (the SDK's default chain unless a test injects its own). */
export type CredentialsProvider = () => Promise<AwsCredentials>;

/** A signed HTTP call failed before any answer: no credentials, or the endpoint could not be reached. */
export class SignedRequestError extends VigilError {
  override readonly name: string = 'SignedRequestError';
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytesOf(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 (or HMAC-SHA256 with a secret) from node:crypto, in the shape the SigV4 signer takes. */
export class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.#secret));
  }

  update(data: SourceData): void {
    this.#hash.update(bytesOf(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }
}

/** The SDK's default credential chain (environment, shared config and SSO profiles, container and instance roles). */
export function defaultCredentials(profile?: string): CredentialsProvider {
  const chain = fromNodeProviderChain(profile === undefined ? {} : { profile });
  return async () => {
    try {
      return await chain();
    } catch (cause) {
      throw new SignedRequestError(
        'no AWS credentials found (set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or log in with `aws sso login`)',
        { cause },
      );
    }
  };
}

/** One HTTP request to sign and send. */
export interface SignedRequest {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly body: string;
  readonly contentType: string;
  /** The SigV4 service name (`lambda` for a function URL, `cloudformation`, …). */
  readonly service: string;
  readonly region: string;
  readonly credentials: CredentialsProvider;
  readonly fetch?: typeof fetch;
}

/** The answer to a signed request. */
export interface SignedResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * Signs a request with AWS Signature Version 4 (the body's SHA-256 included, so it cannot be altered in
 * transit) and sends it.
 * @throws SignedRequestError without credentials or when the endpoint cannot be reached.
 */
export async function sendSigned(request: SignedRequest): Promise<SignedResponse> {
  const signer = new SignatureV4({
    service: request.service,
    region: request.region,
    credentials: request.credentials,
    sha256: NodeSha256,
  });
  const { url } = request;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query,
    headers: {
      host: url.host,
      'content-type': request.contentType,
      'x-amz-content-sha256': createHash('sha256').update(request.body).digest('hex'),
    },
    body: request.body,
  });
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(url, {
      method: request.method,
      headers: signed.headers,
      ...(request.method === 'GET' ? {} : { body: request.body }),
    });
  } catch (cause) {
    throw new SignedRequestError(`cannot reach ${url.origin}`, { cause, context: { url: url.toString() } });
  }
  return { status: response.status, body: await response.text() };
}
