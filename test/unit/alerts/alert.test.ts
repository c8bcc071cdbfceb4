import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  AlertSchema,
  formatAlert,
  remediationAlert,
  SUBJECT_MAX_LENGTH,
  snsSubject,
} from '#shared/alerts/alert';
import { newFailureAlert, resolvedAlert } from './alert-fixtures';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** One UTF-16 unit of any kind (controls, lone surrogates), printable ASCII, or a tricky sequence. */
const SUBJECT_CHARACTER = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('é', 'e\u0301', '🚨', '🇫🇷', '\r\n', '\t', 'дата', '\u2028', '\u00a0', 'ﬁ'),
);

describe('snsSubject', () => {
  it('keeps a short ASCII subject as it is', () => {
    expect(snsSubject('[Vigil] FAILING high: rds-instance-public-access-check on db-1')).toBe(
      '[Vigil] FAILING high: rds-instance-public-access-check on db-1',
    );
  });

  it('cuts a long subject to 100 characters ending in an ellipsis', () => {
    const subject = snsSubject(`[Vigil] FAILING medium: s3-bucket-ssl-requests-only on ${'b'.repeat(300)}`);
    expect(subject).toHaveLength(SUBJECT_MAX_LENGTH);
    expect(subject.endsWith('...')).toBe(true);
    expect(subject.startsWith('[Vigil] FAILING medium: s3-bucket-ssl-requests-only on bbb')).toBe(true);
  });

  it('drops accents, turns each other non-ASCII character (one emoji included) into one ?, and joins lines', () => {
    expect(snsSubject('Café 🚨 naïve\r\nbucket\tдата')).toBe('Cafe ? naive bucket ????');
  });

  it('is always one line of at most 100 printable ASCII characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: SUBJECT_CHARACTER, maxLength: 300 }), (text) => {
        const subject = snsSubject(text);
        expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
        expect(subject).toMatch(PRINTABLE_ASCII);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatAlert (SNS subject and plain-text body)', () => {
  it('renders a new failure a person can act on', () => {
    const { subject, body } = formatAlert(newFailureAlert());
    expect(subject).toBe('[Vigil] FAILING medium: s3-bucket-ssl-requests-only on acme-payroll-exports');
    expect(body.split('\n')).toEqual([
      'A resource is no longer compliant with a SOC 2 control.',
      '',
      'Rule:      s3-bucket-ssl-requests-only (medium)',
      'Control:   S3 buckets refuse requests that do not use TLS',
      'SOC 2:     CC6.1, CC6.7',
      'Resource:  AWS::S3::Bucket acme-payroll-exports',
      'ARN:       arn:aws:s3:::acme-payroll-exports',
      'Account:   123456789012 in eu-west-1',
      'Console:   https://eu-west-1.console.aws.amazon.com/s3/buckets/acme-payroll-exports?region=eu-west-1&tab=permissions',
      'Status:    COMPLIANT -> NON_COMPLIANT',
      'Finding:   The bucket policy has no statement denying requests with aws:SecureTransport false.',
      'Fix:       Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the bucket ARN and "<bucket ARN>/*", Condition {"Bool": {"aws:SecureTransport": "false"}} (`aws s3api put-bucket-policy`).',
      'Captured:  2026-11-23T09:14:02.000Z (evaluated 2026-11-23T09:14:05.123Z)',
      'Evidence:  s3://vigil-evidence/findings/123456789012/eu-west-1/AWS::S3::Bucket/acme-payroll-exports/s3-bucket-ssl-requests-only/000002.json',
      'SHA-256:   a3f1c2d4e5b6a7980c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
      '',
    ]);
  });

  it('says a failure is resolved and gives no fix', () => {
    const { subject, body } = formatAlert(resolvedAlert());
    expect(subject).toBe('[Vigil] RESOLVED medium: s3-bucket-ssl-requests-only on acme-payroll-exports');
    expect(body.startsWith('A compliance failure is resolved.\n')).toBe(true);
    expect(body).toContain('Status:    NON_COMPLIANT -> COMPLIANT');
    expect(body).not.toContain('Fix:');
  });

  it('tells on a resolved failure how long it lasted and how often it was seen without alerting', () => {
    const { body } = formatAlert(
      resolvedAlert({ failingSince: '2026-11-20T08:00:00.000Z', repeatCount: 12 }),
    );
    expect(body).toContain(
      'Status:    NON_COMPLIANT -> COMPLIANT\nHistory:   was failing since 2026-11-20T08:00:00.000Z (3 d), seen 12 more times\n',
    );
    expect(
      formatAlert(resolvedAlert({ failingSince: '2026-11-23T01:00:00.000Z', repeatCount: 0 })).body,
    ).toContain('History:   was failing since 2026-11-23T01:00:00.000Z (0 d)\n');
  });

  it('shortens a long unicode resource name first, keeping the rule id whole', () => {
    const { subject } = formatAlert(
      newFailureAlert({
        ruleId: 'iam-policy-no-statements-with-admin-access',
        resource: {
          ...newFailureAlert().resource,
          resourceName: `données-clients-🇫🇷-${'x'.repeat(120)}`,
          resourceId: 'données-clients',
        },
      }),
    );
    expect(subject).toHaveLength(SUBJECT_MAX_LENGTH);
    expect(subject).toMatch(PRINTABLE_ASCII);
    expect(
      subject.startsWith(
        '[Vigil] FAILING medium: iam-policy-no-statements-with-admin-access on donnees-clients-??-xx',
      ),
    ).toBe(true);
    expect(subject.endsWith('x...')).toBe(true);
  });

  it('cuts the whole subject when even the rule id is too long', () => {
    const { subject } = formatAlert(newFailureAlert({ ruleId: `custom-${'r'.repeat(120)}` }));
    expect(subject).toHaveLength(SUBJECT_MAX_LENGTH);
    expect(subject.startsWith('[Vigil] FAILING medium: custom-rrr')).toBe(true);
  });

  it('lists the planned calls of a dry run, and says nothing changed', () => {
    const alert = remediationAlert('planned', {
      ...newFailureAlert({ previousCompliance: 'NON_COMPLIANT' }),
      remediation: {
        remediationId: 's3-bucket-versioning-enabled',
        action: 'Enable versioning on the bucket',
        mode: 'dry-run',
        calls: [
          {
            call: 's3:PutBucketVersioning',
            description: 'Set the versioning status of acme-payroll-exports to Enabled',
            status: 'planned',
          },
        ],
      },
    });
    const { subject, body } = formatAlert(alert);
    expect(alert.transition).toBe('REMEDIATION_PLANNED');
    expect(subject).toBe(
      '[Vigil] REMEDIATION PLANNED medium: s3-bucket-ssl-requests-only on acme-payroll-exports',
    );
    expect(body).toContain('nothing was changed');
    expect(body).toContain(
      'Planned calls (dry run, none made):\n  - [planned] s3:PutBucketVersioning: Set the versioning status of acme-payroll-exports to Enabled\n',
    );
  });

  it('counts the calls beyond twenty instead of listing them', () => {
    const calls = Array.from({ length: 23 }, (_unused, index) => ({
      call: 'ec2:RevokeSecurityGroupIngress',
      description: `Revoke rule ${index}`,
      status: 'made' as const,
    }));
    const { body } = formatAlert(
      remediationAlert('succeeded', {
        ...resolvedAlert(),
        remediation: { remediationId: 'restricted-ssh', action: 'Revoke open SSH rules', mode: 'on', calls },
      }),
    );
    expect(body.match(/\[made\]/g)).toHaveLength(20);
    expect(body).toContain('  ... and 3 more\n');
  });
});

describe('AlertSchema', () => {
  it('refuses a remediation alert that does not describe the remediation', () => {
    expect(() => AlertSchema.parse({ ...newFailureAlert(), transition: 'REMEDIATION_SUCCEEDED' })).toThrow(
      ZodError,
    );
  });

  it('round-trips an alert through JSON (as the pending state row keeps it)', () => {
    const alert = remediationAlert('failed', {
      ...newFailureAlert(),
      remediation: { remediationId: 'x', action: 'y', error: 'AccessDenied' },
    });
    expect(AlertSchema.parse(JSON.parse(JSON.stringify(alert)))).toEqual(alert);
  });
});
