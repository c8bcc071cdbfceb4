import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { type ACMClient, ImportCertificateCommand } from '@aws-sdk/client-acm';

/** A PEM certificate and its unencrypted PKCS#8 private key, as ACM ImportCertificate takes them. */
export interface SelfSignedCertificate {
  readonly certificate: string;
  readonly privateKey: string;
  readonly notAfter: Date;
}

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One DER TLV. */
function der(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...contents: Buffer[]) => der(0x30, ...contents);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** An X.509 time: UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : der(0x18, Buffer.from(`${iso}Z`));
}

function commonName(name: string): Buffer {
  return sequence(der(0x31, sequence(oid('2.5.4.3'), der(0x0c, Buffer.from(name)))));
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * A DER INTEGER body for a certificate serial from random bytes: positive (top bit clear) and minimally
 * encoded (first byte not zero), as RFC 5280 and strict DER parsers (Python's cryptography, which moto's
 * ACM uses) require. A zero first byte, one draw in 256, made ImportCertificate fail now and then.
 */
export function certificateSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = 0x40 | ((serial[0] ?? 0) & 0x3f);
  return serial;
}

/**
 * A self-signed RSA-2048 / SHA-256 TLS server certificate for `domain`, valid from a day before `now` until
 * `validDays` after it, with the domain as subject alternative name: what a team imports into ACM, built
 * here (no OpenSSL needed) so a test can choose its expiry.
 */
export function selfSignedCertificate(
  domain: string,
  validDays: number,
  now = new Date(),
): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const notBefore = new Date(now.getTime() - 86_400_000);
  const notAfter = new Date(now.getTime() + validDays * 86_400_000);
  const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), der(0x05));
  const serial = certificateSerial(randomBytes(12));
  const subjectAltName = sequence(
    oid('2.5.29.17'),
    der(0x04, sequence(der(0x82, Buffer.from(domain)))), // OCTET STRING { GeneralNames { dNSName } }
  );
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))), // version v3
    der(0x02, serial),
    sha256WithRsa,
    commonName(domain),
    sequence(time(notBefore), time(notAfter)),
    commonName(domain),
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, sequence(subjectAltName)),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, sha256WithRsa, der(0x03, Buffer.from([0]), signature));
  return {
    certificate: pem('CERTIFICATE', certificate),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    notAfter,
  };
}

/** Imports a fresh self-signed certificate for `domain` valid `validDays` into ACM; its ARN and expiry. */
export async function importCertificate(
  acm: ACMClient,
  domain: string,
  validDays: number,
): Promise<{ readonly arn: string; readonly notAfter: Date }> {
  const pair = selfSignedCertificate(domain, validDays);
  const imported = await acm.send(
    new ImportCertificateCommand({
      Certificate: Buffer.from(pair.certificate),
      PrivateKey: Buffer.from(pair.privateKey),
    }),
  );
  if (imported.CertificateArn === undefined) throw new Error(`ACM imported no certificate for ${domain}`);
  return { arn: imported.CertificateArn, notAfter: pair.notAfter };
}
