import { describe, expect, it } from 'vitest';
import {
  ASFF_SCHEMA_VERSION,
  asffFindingId,
  asffResourceType,
  defaultProductArn,
  toAsffFinding,
  VIGIL_FINDING_TYPE,
} from '#shared/securityhub/asff';
import { SecurityHubMappingError } from '#shared/securityhub/errors';
import { newFailureAlert, resolvedAlert } from '#test/unit/alerts/alert-fixtures';

const PRODUCT = 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default';

describe('toAsffFinding', () => {
  it('maps a new failure to a FAILED finding with every required ASFF field', () => {
    const finding = toAsffFinding(newFailureAlert(), PRODUCT);

    expect(finding).toMatchObject({
      SchemaVersion: ASFF_SCHEMA_VERSION,
      Id: '123456789012/eu-west-1/AWS%3A%3AS3%3A%3ABucket/acme-payroll-exports/s3-bucket-ssl-requests-only',
      ProductArn: PRODUCT,
      GeneratorId: 'vigil/s3-bucket-ssl-requests-only',
      AwsAccountId: '123456789012',
      Types: [VIGIL_FINDING_TYPE],
      CreatedAt: '2026-11-23T09:14:05.123Z',
      UpdatedAt: '2026-11-23T09:14:05.123Z',
      Severity: { Label: 'MEDIUM' },
      Title: 'S3 buckets refuse requests that do not use TLS',
      Description: 'The bucket policy has no statement denying requests with aws:SecureTransport false.',
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::acme-payroll-exports', Region: 'eu-west-1' }],
      Compliance: { Status: 'FAILED', RelatedRequirements: ['SOC 2 CC6.1', 'SOC 2 CC6.7'] },
      RecordState: 'ACTIVE',
      FindingProviderFields: {
        Severity: { Label: 'MEDIUM', Original: 'medium' },
        Types: [VIGIL_FINDING_TYPE],
      },
    });
    expect(finding.ProductFields).toMatchObject({
      'vigil/EvidenceKey': newFailureAlert().evidence.key,
      'vigil/EvidenceSha256': newFailureAlert().evidence.hash,
    });
  });

  it('gives the resolution the same Id as the failure, so the import updates that one finding', () => {
    const failure = toAsffFinding(newFailureAlert(), PRODUCT);
    const resolved = toAsffFinding(
      resolvedAlert({ evaluatedAt: '2026-11-25T10:00:00.000Z', failingSince: '2026-11-23T09:14:05.123Z' }),
      PRODUCT,
    );

    expect(resolved.Id).toBe(failure.Id);
    expect(resolved.Compliance?.Status).toBe('PASSED');
    expect(resolved.CreatedAt).toBe('2026-11-23T09:14:05.123Z');
    expect(resolved.UpdatedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('gives another rule or another resource its own finding', () => {
    const base = asffFindingId(newFailureAlert());
    expect(asffFindingId(newFailureAlert({ ruleId: 's3-bucket-versioning-enabled' }))).not.toBe(base);
    expect(
      asffFindingId(newFailureAlert({ resource: { ...newFailureAlert().resource, resourceId: 'other' } })),
    ).not.toBe(base);
  });

  it.each([
    ['critical', 'CRITICAL'],
    ['high', 'HIGH'],
    ['medium', 'MEDIUM'],
    ['low', 'LOW'],
    ['informational', 'INFORMATIONAL'],
  ])('maps severity %s to %s', (severity, label) => {
    const finding = toAsffFinding(newFailureAlert({ severity }), PRODUCT);
    expect(finding.Severity?.Label).toBe(label);
    expect(finding.FindingProviderFields?.Severity?.Label).toBe(label);
  });

  it.each([
    ['COMPLIANT', 'PASSED'],
    ['NON_COMPLIANT', 'FAILED'],
    ['NOT_APPLICABLE', 'NOT_AVAILABLE'],
    ['ERROR', 'NOT_AVAILABLE'],
  ])('maps compliance %s to %s', (compliance, status) => {
    expect(toAsffFinding(newFailureAlert({ compliance }), PRODUCT).Compliance?.Status).toBe(status);
  });

  it('refuses an unknown severity or compliance instead of guessing one', () => {
    expect(() => toAsffFinding(newFailureAlert({ severity: 'urgent' }), PRODUCT)).toThrow(
      SecurityHubMappingError,
    );
    expect(() => toAsffFinding(newFailureAlert({ compliance: 'MAYBE' }), PRODUCT)).toThrow(/MAYBE/);
  });

  it('refuses a finding of another account (the default product imports only its own) and is not retryable', () => {
    const alert = newFailureAlert({ resource: { ...newFailureAlert().resource, accountId: '210987654321' } });
    let caught: unknown;
    try {
      toAsffFinding(alert, PRODUCT);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecurityHubMappingError);
    expect((caught as SecurityHubMappingError).retryable).toBe(false);
    expect((caught as SecurityHubMappingError).message).toMatch(/210987654321.*123456789012/);
  });

  it('refuses a product ARN that is not a default product', () => {
    expect(() =>
      toAsffFinding(newFailureAlert(), 'arn:aws:securityhub:eu-west-1::product/aws/guardduty'),
    ).toThrow(/default-product/);
  });

  it('uses the resource id when there is no ARN, and Other for a type ASFF does not name', () => {
    const alert = newFailureAlert({
      resource: {
        accountId: '123456789012',
        region: 'eu-west-1',
        resourceType: 'AWS::Logs::LogGroup',
        resourceId: '/aws/lambda/payroll',
      },
    });
    expect(toAsffFinding(alert, PRODUCT).Resources).toEqual([
      { Type: 'Other', Id: '/aws/lambda/payroll', Region: 'eu-west-1' },
    ]);
    expect(asffResourceType('AWS::::Account')).toBe('AwsAccount');
    expect(asffResourceType('AWS::EC2::SecurityGroup')).toBe('AwsEc2SecurityGroup');
  });

  it('keeps text within the ASFF limits: Title 256, Description 1024, Id 512 (hashed, still stable)', () => {
    const long = newFailureAlert({
      ruleTitle: 't'.repeat(400),
      annotation: 'd'.repeat(5_000),
      resource: { ...newFailureAlert().resource, resourceId: 'r'.repeat(600), arn: undefined },
    });
    const finding = toAsffFinding(long, PRODUCT);
    expect(finding.Title).toHaveLength(256);
    expect(finding.Description).toHaveLength(1024);
    expect(finding.Id).toMatch(/^vigil\/sha256\/[0-9a-f]{64}$/);
    expect(toAsffFinding(long, PRODUCT).Id).toBe(finding.Id);
  });

  it('never sends an empty Description (ASFF requires one)', () => {
    expect(toAsffFinding(newFailureAlert({ annotation: '  ' }), PRODUCT).Description).toBe(
      'S3 buckets refuse requests that do not use TLS',
    );
  });
});

describe('defaultProductArn', () => {
  it('builds the default product of an account in its partition and region', () => {
    expect(defaultProductArn('aws-cn', 'cn-north-1', '123456789012')).toBe(
      'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default',
    );
  });
});
