import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateSerial, selfSignedCertificate } from '../../support/estate/certificates.js';

describe('the self-signed certificates the estate imports into ACM', () => {
  it.each([
    ['all zero', Buffer.alloc(12)],
    ['a zero then a small byte', Buffer.from([0x00, 0x05, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])],
    ['top bit set', Buffer.alloc(12, 0xff)],
  ])('a serial from %s random bytes is a positive, minimally encoded DER integer', (_, random) => {
    const serial = certificateSerial(random);
    expect(serial).toHaveLength(12);
    expect(serial[0]).toBeGreaterThan(0);
    expect((serial[0] ?? 0) & 0x80).toBe(0);
  });

  it('parses as X.509 with the domain, the serial and the chosen expiry', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    const pair = selfSignedCertificate('app.example.com', 30, now);
    const parsed = new X509Certificate(pair.certificate);
    expect(parsed.subjectAltName).toBe('DNS:app.example.com');
    expect(new Date(parsed.validTo).toISOString()).toBe('2027-01-06T00:00:00.000Z');
    expect(Number.parseInt(parsed.serialNumber.slice(0, 2), 16)).toBeGreaterThanOrEqual(0x40);
  });
});
