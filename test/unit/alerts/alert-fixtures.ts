import type { Alert } from '#shared/alerts/alert';
import { SecretNotFoundError } from '#shared/secrets/errors';
import type { SecretReader, SecretReadOptions } from '#shared/secrets/secret-reader';

/** A new failure of `s3-bucket-ssl-requests-only` on a real-shaped bucket, as the pipeline builds it. */
export function newFailureAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    transition: 'NEW_FAILURE',
    ruleId: 's3-bucket-ssl-requests-only',
    ruleTitle: 'S3 buckets refuse requests that do not use TLS',
    severity: 'medium',
    soc2: ['CC6.1', 'CC6.7'],
    compliance: 'NON_COMPLIANT',
    previousCompliance: 'COMPLIANT',
    annotation: 'The bucket policy has no statement denying requests with aws:SecureTransport false.',
    remediationAdvice:
      'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the bucket ARN and ' +
      '"<bucket ARN>/*", Condition {"Bool": {"aws:SecureTransport": "false"}} (`aws s3api put-bucket-policy`).',
    resource: {
      accountId: '123456789012',
      region: 'eu-west-1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'acme-payroll-exports',
      resourceName: 'acme-payroll-exports',
      arn: 'arn:aws:s3:::acme-payroll-exports',
    },
    captureTime: '2026-11-23T09:14:02.000Z',
    evaluatedAt: '2026-11-23T09:14:05.123Z',
    evidence: {
      key: 'findings/123456789012/eu-west-1/AWS::S3::Bucket/acme-payroll-exports/s3-bucket-ssl-requests-only/000002.json',
      hash: 'a3f1c2d4e5b6a7980c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
      location:
        's3://vigil-evidence/findings/123456789012/eu-west-1/AWS::S3::Bucket/acme-payroll-exports/s3-bucket-ssl-requests-only/000002.json',
    },
    ...overrides,
  };
}

/** The same failure resolved by a later configuration change. */
export function resolvedAlert(overrides: Partial<Alert> = {}): Alert {
  return newFailureAlert({
    transition: 'RESOLVED',
    compliance: 'COMPLIANT',
    previousCompliance: 'NON_COMPLIANT',
    annotation: 'The bucket policy denies every request with aws:SecureTransport false.',
    ...overrides,
  });
}

/** An in-memory secret store that records every read, standing in for Secrets Manager. */
export class MemorySecrets implements SecretReader {
  readonly values = new Map<string, string>();
  readonly reads: { readonly secretId: string; readonly refresh: boolean }[] = [];

  constructor(values: Readonly<Record<string, string>> = {}) {
    for (const [id, value] of Object.entries(values)) this.values.set(id, value);
  }

  async getSecretString(secretId: string, options: SecretReadOptions = {}): Promise<string> {
    this.reads.push({ secretId, refresh: options.refresh === true });
    const value = this.values.get(secretId);
    if (value === undefined) throw new SecretNotFoundError(`secret ${secretId} does not exist`);
    return value;
  }
}
