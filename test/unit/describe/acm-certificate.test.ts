import {
  ACMClient,
  type CertificateDetail,
  DescribeCertificateCommand,
  KeyAlgorithm,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
} from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeAcmCertificate, listAcmCertificates } from '#shared/describe/acm-certificate/describe';
import { ACM_CERTIFICATE_TYPE } from '#shared/describe/acm-certificate/type';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { acmCertificateExpirationCheck } from '#shared/rules/acm/acm-certificate-expiration-check';
import { createInventory } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const IMPORTED = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/7e1f3a5c-2b4d-46e8-9a0c-1d3f5b7d9e2a`;

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function ref(lookupId: string): ResourceRef {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: ACM_CERTIFICATE_TYPE,
    lookupId,
    captureTime: CAPTURE,
  };
}

/**
 * DescribeCertificate as the SDK returns the fixture's imported certificate (API field names, dates). ACM
 * answers `KeyAlgorithm: "RSA-2048"` (as Config records it), where the SDK's enum type says `RSA_2048`.
 */
const IMPORTED_CERTIFICATE = {
  CertificateArn: IMPORTED,
  DomainName: 'legacy.example.com',
  SubjectAlternativeNames: ['legacy.example.com', '*.legacy.example.com'],
  DomainValidationOptions: [],
  Serial: '0a:3f:77:c2:19:5e:0b:44:8d:61:2c:9e:aa:13:70:5b',
  Subject: 'CN=legacy.example.com',
  Issuer: 'Example Issuing CA G2',
  CreatedAt: new Date('2026-01-05T09:14:51.000Z'),
  Status: 'ISSUED',
  KeyAlgorithm: 'RSA-2048',
  SignatureAlgorithm: 'SHA256WITHRSA',
  InUseBy: [`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/legacy-web`],
  Type: 'IMPORTED',
  KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' }, { Name: 'KEY_ENCIPHERMENT' }],
  ExtendedKeyUsages: [{ Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' }],
  RenewalEligibility: 'INELIGIBLE',
  Options: { CertificateTransparencyLoggingPreference: 'ENABLED' },
  NotBefore: new Date('2025-12-01T00:00:00.000Z'),
  NotAfter: new Date('2026-12-01T23:59:59.000Z'),
  ImportedAt: new Date('2025-12-02T16:40:00.000Z'),
} as unknown as CertificateDetail;

describe('describeAcmCertificate: the item AWS Config records', () => {
  const acm = mockClient(ACMClient);
  const client = () => new ACMClient({});

  beforeEach(() => {
    acm.reset();
    acm.on(ListTagsForCertificateCommand).resolves({ Tags: [] });
  });

  it('an imported certificate about to expire matches the fixture and fails the expiry rule', async () => {
    const fixture = loadFixture(ACM_CERTIFICATE_TYPE, 'imported-expiring-in-8-days');
    acm
      .on(DescribeCertificateCommand, { CertificateArn: IMPORTED })
      .resolves({ Certificate: IMPORTED_CERTIFICATE });
    const item = await describeAcmCertificate(client(), ref(IMPORTED));
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(item).toMatchObject({
      status: 'OK',
      resourceId: IMPORTED,
      resourceName: 'legacy.example.com',
      arn: IMPORTED,
      tags: {},
      supplementaryConfiguration: {},
    });
    expect(evaluateFixture(acmCertificateExpirationCheck, { ...fixture, item }).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it('a pending certificate has no validity end: NOT_APPLICABLE, not a failure', async () => {
    const { NotBefore: _b, NotAfter: _a, ...pending } = IMPORTED_CERTIFICATE;
    acm.on(DescribeCertificateCommand).resolves({
      Certificate: { ...pending, Status: 'PENDING_VALIDATION', Type: 'AMAZON_ISSUED' },
    });
    const item = await describeAcmCertificate(client(), ref(IMPORTED));
    expect(item.configuration).not.toHaveProperty('notAfter');
    expect(
      evaluateFixture(acmCertificateExpirationCheck, {
        name: 'pending',
        item,
        inventory: createInventory([item]),
      }).compliance,
    ).toBe('NOT_APPLICABLE');
  });

  it('reads tags, and leaves them out when they may not be read', async () => {
    acm.on(DescribeCertificateCommand).resolves({ Certificate: IMPORTED_CERTIFICATE });
    acm.on(ListTagsForCertificateCommand).resolves({ Tags: [{ Key: 'team', Value: 'web' }] });
    expect((await describeAcmCertificate(client(), ref(IMPORTED))).tags).toEqual({ team: 'web' });
    acm.on(ListTagsForCertificateCommand).rejects(awsError('AccessDeniedException'));
    expect((await describeAcmCertificate(client(), ref(IMPORTED))).tags).toEqual({});
  });

  it('a certificate ACM no longer knows is a deleted item keyed by its ARN', async () => {
    acm.on(DescribeCertificateCommand).rejects(awsError('ResourceNotFoundException'));
    expect(await describeAcmCertificate(client(), ref(IMPORTED))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: IMPORTED,
      configuration: null,
    });
  });

  it('lists certificates of every key algorithm and status, page after page', async () => {
    const second = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/second`;
    acm
      .on(ListCertificatesCommand, { NextToken: undefined })
      .resolves({ CertificateSummaryList: [{ CertificateArn: IMPORTED }], NextToken: 't1' });
    acm
      .on(ListCertificatesCommand, { NextToken: 't1' })
      .resolves({ CertificateSummaryList: [{ CertificateArn: second }] });
    const refs = await listAcmCertificates(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((found) => found.lookupId)).toEqual([IMPORTED, second]);
    const input = acm.commandCalls(ListCertificatesCommand)[0]?.args[0].input;
    expect(input?.Includes?.keyTypes).toEqual(expect.arrayContaining(Object.values(KeyAlgorithm)));
    expect(input?.CertificateStatuses).toBeUndefined();
  });
});

describe('CloudTrail calls that change an ACM certificate', () => {
  function record(
    eventName: string,
    requestParameters: Record<string, unknown>,
    responseElements: Record<string, unknown> | null = null,
  ): CloudTrailRecord {
    return {
      eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
      eventTime: '2026-11-23T09:30:00Z',
      eventSource: 'acm.amazonaws.com',
      eventName,
      awsRegion: 'us-east-1',
      recipientAccountId: ACCOUNT,
      requestParameters,
      responseElements,
    };
  }

  it.each([
    [
      'RequestCertificate',
      { domainName: 'pay.example.com', validationMethod: 'DNS' },
      { certificateArn: IMPORTED },
    ],
    [
      'ImportCertificate',
      { certificate: '-----BEGIN CERTIFICATE-----…', privateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      { certificateArn: IMPORTED },
    ],
    ['ImportCertificate', { certificateArn: IMPORTED, certificate: '…' }, { certificateArn: IMPORTED }],
    ['DeleteCertificate', { certificateArn: IMPORTED }, null],
    ['RenewCertificate', { certificateArn: IMPORTED }, null],
    [
      'UpdateCertificateOptions',
      { certificateArn: IMPORTED, options: { certificateTransparencyLoggingPreference: 'DISABLED' } },
      null,
    ],
    ['AddTagsToCertificate', { certificateArn: IMPORTED, tags: [{ key: 'team', value: 'web' }] }, null],
    ['RemoveTagsFromCertificate', { certificateArn: IMPORTED, tags: [{ key: 'team' }] }, null],
  ])('%s re-describes the certificate', (eventName, parameters, response) => {
    expect(
      refsFromCloudTrail(record(eventName, parameters, response), ACCOUNT).map((found) => [
        found.resourceType,
        found.lookupId,
      ]),
    ).toEqual([[ACM_CERTIFICATE_TYPE, IMPORTED]]);
  });
});
