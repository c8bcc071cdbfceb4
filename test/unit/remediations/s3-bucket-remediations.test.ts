import { describe, expect, it } from 'vitest';
import { s3BucketLevelPublicAccessProhibitedRemediation as publicAccess } from '#shared/remediations/s3-bucket-level-public-access-prohibited';
import { s3BucketServerSideEncryptionEnabledRemediation as encryption } from '#shared/remediations/s3-bucket-server-side-encryption-enabled';
import {
  mergeTlsStatement,
  TLS_STATEMENT_SID,
  s3BucketSslRequestsOnlyRemediation as tls,
} from '#shared/remediations/s3-bucket-ssl-requests-only';
import { s3BucketVersioningEnabledRemediation as versioning } from '#shared/remediations/s3-bucket-versioning-enabled';
import { withSupplementary } from '#test/support/fixtures';
import { loadFixture, onlyCall, planOn } from './support';

const TYPE = 'AWS::S3::Bucket';
const legacy = () => loadFixture(TYPE, 'legacy-upload-bucket');

describe('s3-bucket-ssl-requests-only: Add a TLS-only statement, merged into the policy', () => {
  it("keeps every existing statement and appends Vigil's", () => {
    const call = onlyCall(planOn(tls, legacy()));
    expect(call.operation).toBe('PutBucketPolicy');
    const policy = JSON.parse((call.input as { Policy: string }).Policy) as { Statement: { Sid?: string }[] };
    expect(policy.Statement.map((statement) => statement.Sid)).toEqual([
      'DenyHttpObjects',
      TLS_STATEMENT_SID,
    ]);
  });

  it('writes a fresh policy for a bucket without one', () => {
    const fixture = withSupplementary(legacy(), { BucketPolicy: { policyText: null } });
    const call = onlyCall(planOn(tls, fixture));
    const policy = JSON.parse((call.input as { Policy: string }).Policy) as { Statement: unknown[] };
    expect(policy.Statement).toHaveLength(1);
  });

  it('refuses to overwrite a policy it cannot read', () => {
    const fixture = withSupplementary(legacy(), { BucketPolicy: { policyText: '{"Statement": [' } });
    const plan = planOn(tls, fixture);
    expect(plan.kind).toBe('refused');
  });

  it('replaces its own earlier statement in place instead of adding a second one', () => {
    const merged = mergeTlsStatement(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: TLS_STATEMENT_SID, Effect: 'Allow' }, { Sid: 'Other' }],
      }),
      'arn:aws:s3:::b',
    );
    expect(merged.ok).toBe(true);
    if (merged.ok) {
      const statements = merged.policy.Statement as { Sid: string; Effect?: string }[];
      expect(statements.map((statement) => statement.Sid)).toEqual([TLS_STATEMENT_SID, 'Other']);
      expect(statements[0]?.Effect).toBe('Deny');
    }
  });

  it('does nothing for a bucket that already denies plain HTTP', () => {
    expect(planOn(tls, loadFixture(TYPE, 'hardened-audit-bucket')).kind).toBe('none');
  });
});

describe('s3-bucket-level-public-access-prohibited: Turn on Block Public Access', () => {
  it('turns on all four settings', () => {
    const call = onlyCall(planOn(publicAccess, loadFixture(TYPE, 'public-website-bucket')));
    expect(call.input).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('leaves buckets listed in excludedPublicBuckets alone', () => {
    const fixture = loadFixture(TYPE, 'public-website-bucket');
    const plan = planOn(publicAccess, fixture, {
      parameters: { excludedPublicBuckets: fixture.item.resourceId },
    });
    expect(plan.kind).toBe('none');
  });
});

describe('s3-bucket-server-side-encryption-enabled: Turn on default encryption', () => {
  const unencrypted = () => withSupplementary(legacy(), { ServerSideEncryptionConfiguration: undefined });

  it('uses SSE-S3 without a configured key', () => {
    const call = onlyCall(planOn(encryption, unencrypted()));
    expect(JSON.stringify(call.input)).toContain('"SSEAlgorithm":"AES256"');
  });

  it('uses SSE-KMS with a Bucket Key when a key is configured', () => {
    const call = onlyCall(planOn(encryption, unencrypted(), { settings: { s3KmsKeyId: 'alias/vigil' } }));
    expect(call.input).toMatchObject({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/vigil' },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
  });
});

describe('s3-bucket-versioning-enabled: Enable versioning', () => {
  it('enables versioning of an unversioned bucket', () => {
    expect(onlyCall(planOn(versioning, legacy())).input).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('refuses when MFA delete is required (only the root user can enable it)', () => {
    const fixture = withSupplementary(legacy(), {
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: false },
    });
    expect(planOn(versioning, fixture, { parameters: { isMfaDeleteEnabled: true } }).kind).toBe('refused');
  });
});
