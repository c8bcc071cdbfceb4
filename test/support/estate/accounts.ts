import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { createServiceClients } from '#shared/aws/service-clients';
import type { ServiceClients } from '#shared/describe/service-clients';

/** Credentials moto answers as one account with. */
export interface MotoCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** Service clients acting in one moto account, and how to stop them. */
export interface MotoAccount {
  readonly accountId: string;
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: MotoCredentials;
  readonly clients: ServiceClients;
  destroy(): void;
}

/** A 12-digit account id derived from a label: the same label gives the same account, others another. */
export function motoAccountId(label: string): string {
  const digest = createHash('sha256').update(`vigil-estate:${label}`).digest();
  // 10^11 ≤ id < 10^12: twelve digits, never a leading zero, and never moto's default 123456789012 in practice.
  return String(100_000_000_000n + (digest.readBigUInt64BE(0) % 900_000_000_000n));
}

/** The endpoint and region a moto client was built with. */
async function endpointOf(clients: ServiceClients): Promise<{ endpoint: string; region: string }> {
  const iam = await clients.client('iam');
  const endpoint = await iam.config.endpoint?.();
  if (endpoint === undefined) throw new Error('the clients have no custom endpoint: not pointed at moto');
  const protocol = endpoint.protocol.endsWith(':') ? endpoint.protocol : `${endpoint.protocol}:`;
  const port = endpoint.port === undefined ? '' : `:${endpoint.port}`;
  return {
    endpoint: `${protocol}//${endpoint.hostname}${port}${endpoint.path === '/' ? '' : endpoint.path}`,
    region: await iam.config.region(),
  };
}

/** The text of one XML element of a response (`<Name>text</Name>`). */
function elementText(xml: string, name: string): string {
  const text = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  if (text === undefined) throw new Error(`moto AssumeRole answered without ${name}: ${xml.slice(0, 300)}`);
  return text;
}

/**
 * Credentials acting in `accountId` on the moto server at `endpoint`: moto's STS AssumeRole into a role of
 * that account (the role need not exist), whose access key id moto then maps to that account. The request
 * is sent by hand, the dependencies holding no STS client: moto checks no signature, and routes by the
 * service the Authorization header names. AWS would need a real role and a signed request.
 */
export async function motoAccountCredentials(
  endpoint: string,
  region: string,
  accountId: string,
): Promise<MotoCredentials> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=vigil/20260101/${region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: `arn:aws:iam::${accountId}:role/vigil-estate`,
      RoleSessionName: 'vigil-estate',
    }),
  });
  const xml = await response.text();
  if (!response.ok)
    throw new Error(`moto AssumeRole into ${accountId}: HTTP ${response.status} ${xml.slice(0, 300)}`);
  return {
    accessKeyId: elementText(xml, 'AccessKeyId'),
    secretAccessKey: elementText(xml, 'SecretAccessKey'),
    sessionToken: elementText(xml, 'SessionToken'),
  };
}

/** Service clients acting in `accountId`, on the moto server and region `clients` talk to. */
export async function motoAccountClients(clients: ServiceClients, accountId: string): Promise<MotoAccount> {
  const { endpoint, region } = await endpointOf(clients);
  return motoAccountAt(endpoint, region, accountId);
}

/** Service clients acting in `accountId` on the moto server at `endpoint`. */
export async function motoAccountAt(
  endpoint: string,
  region: string,
  accountId: string,
): Promise<MotoAccount> {
  const credentials = await motoAccountCredentials(endpoint, region, accountId);
  const settings = { endpoint, region, credentials };
  const created: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    created.push(client);
    return client;
  };
  const accountClients = createServiceClients({
    settings,
    track,
    // moto has no wildcard DNS: S3 goes path-style.
    preset: { s3: () => track(new S3Client({ ...settings, forcePathStyle: true })) },
  });
  return {
    accountId,
    endpoint,
    region,
    credentials,
    clients: accountClients,
    destroy: () => {
      for (const client of created) client.destroy();
    },
  };
}
