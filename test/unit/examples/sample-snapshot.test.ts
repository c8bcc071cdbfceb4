import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '#cli/commands/scan';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { readSnapshotFile } from '#shared/config-item/snapshot';
import { type Evaluation, RuleEngine } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import { captureIo } from '#test/support/cli-io';
import { sampleSnapshotText } from '../../../scripts/sample-snapshot/index';

const SAMPLE = new URL('../../../examples/sample-account-snapshot.json', import.meta.url).pathname;
const NOW = new Date('2026-11-23T12:00:00Z');

const BUCKETS = {
  evidence: 'acme-audit-evidence-123456789012',
  replica: 'acme-audit-evidence-replica-123456789012',
  accessLogs: 'acme-access-logs-123456789012',
  partner: 'acme-partner-uploads',
  website: 'www.acme-example.com',
  invoices: 'acme-invoices-archive-123456789012',
};

/** Every verdict of the first 17 rules (issue 2) on the sample, by rule and compliance, resource ids sorted. */
const FOUNDATION_VERDICTS: Record<string, Record<string, string[]>> = {
  'cw-loggroup-retention-period-check': {
    COMPLIANT: [
      '/aws/lambda/payments-api',
      '/ecs/legacy-batch',
      '/vpc/flow-logs/prod',
      'aws-cloudtrail-logs-123456789012',
    ],
    NON_COMPLIANT: ['/aws/lambda/checkout-worker', '/aws/lambda/payments-api-eu'],
    NOT_APPLICABLE: ['/aws/lambda/nightly-export'],
  },
  'vpc-flow-logs-enabled': { COMPLIANT: ['vpc-0f1e2d3c4b5a69788'], NON_COMPLIANT: ['vpc-0c3d5e7f9a1b2c4d6'] },
  'rds-instance-public-access-check': {
    COMPLIANT: ['db-7QHZK2M4XNVBW5R3TY6UJ2LPEA', 'db-N4TQ6YV2HJ8WX3KD5MZ7RB1PLE'],
    NON_COMPLIANT: ['db-3FJX7W2QK9TDL4VZ8RB6NY1MCU'],
  },
  'rds-multi-az-support': {
    COMPLIANT: ['db-7QHZK2M4XNVBW5R3TY6UJ2LPEA'],
    NON_COMPLIANT: ['db-3FJX7W2QK9TDL4VZ8RB6NY1MCU'],
    NOT_APPLICABLE: ['db-N4TQ6YV2HJ8WX3KD5MZ7RB1PLE'],
  },
  'eks-endpoint-no-public-access': { COMPLIANT: ['payments-prod'], NON_COMPLIANT: ['sandbox-legacy'] },
  'eks-secrets-encrypted': { COMPLIANT: ['payments-prod'], NON_COMPLIANT: ['sandbox-legacy'] },
  'eks-cluster-logging-enabled': { COMPLIANT: ['payments-prod'], NON_COMPLIANT: ['sandbox-legacy'] },
  'ecr-private-lifecycle-policy-configured': {
    COMPLIANT: ['checkout-api'],
    NON_COMPLIANT: ['legacy-batch-jobs'],
  },
  'ec2-imdsv2-check': {
    COMPLIANT: ['i-0a4f3c2b1d0e9f871', 'i-0c6b5a4f3e2d1c0b9'],
    NON_COMPLIANT: ['i-07e1d2c3b4a596870'],
  },
  's3-bucket-ssl-requests-only': {
    COMPLIANT: [BUCKETS.accessLogs, BUCKETS.evidence, BUCKETS.replica, BUCKETS.invoices],
    NON_COMPLIANT: [BUCKETS.partner, BUCKETS.website],
  },
  's3-bucket-replication-enabled': {
    COMPLIANT: [BUCKETS.evidence],
    NON_COMPLIANT: [BUCKETS.accessLogs, BUCKETS.replica, BUCKETS.invoices, BUCKETS.partner, BUCKETS.website],
  },
  's3-bucket-server-side-encryption-enabled': {
    COMPLIANT: [BUCKETS.accessLogs, BUCKETS.evidence, BUCKETS.replica, BUCKETS.invoices, BUCKETS.website],
    NON_COMPLIANT: [BUCKETS.partner],
  },
  's3-bucket-versioning-enabled': {
    COMPLIANT: [BUCKETS.accessLogs, BUCKETS.evidence, BUCKETS.replica, BUCKETS.invoices],
    NON_COMPLIANT: [BUCKETS.partner, BUCKETS.website],
  },
  's3-bucket-level-public-access-prohibited': {
    COMPLIANT: [BUCKETS.accessLogs, BUCKETS.evidence, BUCKETS.replica, BUCKETS.invoices],
    NON_COMPLIANT: [BUCKETS.partner, BUCKETS.website],
  },
  'cmk-backing-key-rotation-enabled': {
    COMPLIANT: ['3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13', 'mrk-7c1e9a3b5d2f4e6a8b0c2d4e6f8a0b1c'],
    NON_COMPLIANT: ['a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9'],
    NOT_APPLICABLE: ['6e2b4d8f-1a3c-4e5f-8b7d-9c0e2f4a6b8d'],
  },
  'multi-region-cloudtrail-enabled': { COMPLIANT: ['123456789012'] },
  'restricted-ssh': {
    COMPLIANT: [
      'sg-0b7e6d5c4a3f2e1d0',
      'sg-0c2d4e6f8a0b1c3d5',
      'sg-0d9c8b7a6f5e4d3c2',
      'sg-0e6b8c0d2f4a6b8c0',
      'sg-0f5a7b9c1d3e5f7a9',
    ],
    NON_COMPLIANT: ['sg-0a1b2c3d4e5f60718'],
  },
};

let items: ConfigurationItem[] = [];
let evaluations: Evaluation[] = [];

beforeAll(async () => {
  items = await readSnapshotFile(SAMPLE);
  evaluations = new RuleEngine(RULES).scan(items, { now: NOW });
});

function verdict(ruleId: string, resourceId: string): string | undefined {
  const matches = evaluations.filter(
    (evaluation) => evaluation.ruleId === ruleId && evaluation.resourceId === resourceId,
  );
  expect(matches.length, `${ruleId} on ${resourceId}`).toBeLessThanOrEqual(1);
  return matches[0]?.compliance;
}

describe('examples/sample-account-snapshot.json', () => {
  it('is what scripts/make-sample-snapshot.ts generates (regenerate it after changing the script)', () => {
    expect(readFileSync(SAMPLE, 'utf8')).toBe(sampleSnapshotText());
  });

  it('is one account in us-east-1 with a few items in eu-west-1, and IAM and CloudFront in the global region', () => {
    expect(new Set(items.map((item) => item.accountId))).toEqual(new Set(['123456789012']));
    const regions = items.map((item) => item.region);
    expect(new Set(regions)).toEqual(new Set(['us-east-1', 'eu-west-1', 'global']));
    expect(regions.filter((region) => region === 'eu-west-1').length).toBeGreaterThanOrEqual(2);
    // AWS Config records IAM resources and CloudFront distributions, and only them, in the pseudo-region
    // "global".
    const global = items.filter((item) => item.region === 'global').map((item) => item.resourceType);
    expect(new Set(global)).toEqual(
      new Set(['AWS::IAM::User', 'AWS::IAM::Policy', 'AWS::IAM::Group', 'AWS::CloudFront::Distribution']),
    );
    expect(items.length).toBeGreaterThanOrEqual(100);
  });

  it.each(
    [...new Set(RULES.flatMap((rule) => [...rule.resourceTypes, ...(rule.reads ?? [])]))]
      .sort()
      .map((type) => [type]),
  )('holds %s, a resource type the catalog judges or reads', (resourceType) => {
    expect(items.some((item) => item.resourceType === resourceType && item.status === 'OK')).toBe(true);
  });

  it.each(RULES.map((rule) => [rule.id]))(
    'has %s judge at least one resource COMPLIANT or NON_COMPLIANT',
    (id) => {
      const outcomes = evaluations.filter((evaluation) => evaluation.ruleId === id).map((e) => e.compliance);
      expect(
        outcomes.some((outcome) => outcome === 'COMPLIANT' || outcome === 'NON_COMPLIANT'),
        id,
      ).toBe(true);
    },
  );

  it('yields findings for every rule whose resource type it holds, and no rule fails on it', () => {
    const types = new Set(items.map((item) => item.resourceType));
    const judged = new Set(evaluations.map((evaluation) => evaluation.ruleId));
    const applicable = RULES.filter((rule) => rule.resourceTypes.some((type) => types.has(type)));
    expect(applicable.length).toBeGreaterThan(0);
    expect(applicable.map((rule) => rule.id).filter((id) => !judged.has(id))).toEqual([]);
    expect(evaluations.filter((evaluation) => evaluation.compliance === 'ERROR')).toEqual([]);
  });

  it('holds both compliant and non-compliant resources', () => {
    const outcomes = new Set(evaluations.map((evaluation) => evaluation.compliance));
    expect(outcomes).toContain('COMPLIANT');
    expect(outcomes).toContain('NON_COMPLIANT');
  });

  it.each([
    ['cw-loggroup-retention-period-check', '/aws/lambda/checkout-worker', 'NON_COMPLIANT'],
    ['cw-loggroup-retention-period-check', '/aws/lambda/payments-api', 'COMPLIANT'],
    ['cw-loggroup-retention-period-check', '/aws/lambda/payments-api-eu', 'NON_COMPLIANT'],
    ['cw-loggroup-retention-period-check', '/aws/lambda/nightly-export', 'NOT_APPLICABLE'],
    ['vpc-flow-logs-enabled', 'vpc-0f1e2d3c4b5a69788', 'COMPLIANT'],
    ['vpc-flow-logs-enabled', 'vpc-0c3d5e7f9a1b2c4d6', 'NON_COMPLIANT'],
    ['restricted-ssh', 'sg-0a1b2c3d4e5f60718', 'NON_COMPLIANT'],
    ['restricted-ssh', 'sg-0c2d4e6f8a0b1c3d5', 'COMPLIANT'],
    ['vpc-default-security-group-closed', 'sg-0e6b8c0d2f4a6b8c0', 'NON_COMPLIANT'],
    ['rds-instance-public-access-check', 'db-3FJX7W2QK9TDL4VZ8RB6NY1MCU', 'NON_COMPLIANT'],
    ['rds-instance-public-access-check', 'db-7QHZK2M4XNVBW5R3TY6UJ2LPEA', 'COMPLIANT'],
    ['eks-endpoint-no-public-access', 'sandbox-legacy', 'NON_COMPLIANT'],
    ['eks-endpoint-no-public-access', 'payments-prod', 'COMPLIANT'],
    // Scan on push is off, and a Config snapshot does not hold the registry's (enhanced) scanning setting.
    ['ecr-private-image-scanning-enabled', 'legacy-batch-jobs', 'NOT_APPLICABLE'],
    ['ecr-private-image-scanning-enabled', 'checkout-api', 'COMPLIANT'],
    ['ec2-imdsv2-check', 'i-07e1d2c3b4a596870', 'NON_COMPLIANT'],
    ['ec2-imdsv2-check', 'i-0a4f3c2b1d0e9f871', 'COMPLIANT'],
    ['s3-bucket-ssl-requests-only', 'acme-audit-evidence-123456789012', 'COMPLIANT'],
    ['s3-bucket-ssl-requests-only', 'acme-partner-uploads', 'NON_COMPLIANT'],
    ['cmk-backing-key-rotation-enabled', 'a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9', 'NON_COMPLIANT'],
    ['cmk-backing-key-rotation-enabled', '3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13', 'COMPLIANT'],
    ['cloud-trail-log-file-validation-enabled', 'payments-dev-trail', 'NON_COMPLIANT'],
    ['cloud-trail-log-file-validation-enabled', 'management-events', 'COMPLIANT'],
    ['multi-region-cloudtrail-enabled', '123456789012', 'COMPLIANT'],
    ['dynamodb-pitr-enabled', 'orders', 'COMPLIANT'],
    ['dynamodb-pitr-enabled', 'web-sessions', 'NON_COMPLIANT'],
    ['dynamodb-table-encrypted-kms', 'web-sessions', 'NON_COMPLIANT'],
    ['efs-encrypted-check', 'fs-0c8e1f3a5b7d92e46', 'COMPLIANT'],
    ['efs-encrypted-check', 'fs-04b6d8f0a2c4e6a81', 'NON_COMPLIANT'],
    ['sns-encrypted-kms', 'arn:aws:sns:us-east-1:123456789012:vigil-compliance-alerts', 'COMPLIANT'],
    ['sns-encrypted-kms', 'arn:aws:sns:eu-west-1:123456789012:deploy-notifications', 'NON_COMPLIANT'],
    [
      'secretsmanager-rotation-enabled-check',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/partners/api-key-b7TzQ2',
      'NON_COMPLIANT',
    ],
    ['elb-tls-https-listeners-only', 'legacy-web', 'NON_COMPLIANT'],
    [
      'alb-http-to-https-redirection-check',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/payments-web/50dc6c495c0c9188',
      'COMPLIANT',
    ],
    [
      'alb-http-to-https-redirection-check',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/marketing-site/7a1e3c5b9d2f4e60',
      'NON_COMPLIANT',
    ],
    ['api-gw-ssl-enabled', 'arn:aws:apigateway:us-east-1::/restapis/f6g7h8i9j0/stages/beta', 'NON_COMPLIANT'],
    ['lambda-function-public-access-prohibited', 'payments-api', 'COMPLIANT'],
    ['lambda-function-public-access-prohibited', 'pricing-preview', 'NON_COMPLIANT'],
    [
      'acm-certificate-expiration-check',
      'arn:aws:acm:us-east-1:123456789012:certificate/7e1f3a5c-2b4d-46e8-9a0c-1d3f5b7d9e2a',
      'NON_COMPLIANT',
    ],
    ['mfa-enabled-for-iam-console-access', 'AIDAQ3EXAMPLEBOB0002', 'NON_COMPLIANT'],
    ['mfa-enabled-for-iam-console-access', 'AIDAQ3EXAMPLECIDEPLO', 'NOT_APPLICABLE'],
    ['access-keys-rotated', 'AIDAQ3EXAMPLEALICE01', 'COMPLIANT'],
    ['iam-user-no-policies-check', 'AIDAQ3EXAMPLEBOB0002', 'NON_COMPLIANT'],
    ['iam-policy-no-statements-with-admin-access', 'ANPAQ3EXAMPLELEGACY1', 'NON_COMPLIANT'],
    ['iam-policy-no-statements-with-admin-access', 'ANPAQ3EXAMPLEDEPLOY1', 'COMPLIANT'],
    ['rds-instance-deletion-protection-enabled', 'db-N4TQ6YV2HJ8WX3KD5MZ7RB1PLE', 'COMPLIANT'],
    ['rds-snapshots-public-prohibited', 'ledger-aurora-demo-data', 'NON_COMPLIANT'],
    // Issue 18: the types and rules the catalog grew by, each judged both ways where the account allows.
    ['subnet-auto-assign-public-ip-disabled', 'subnet-0a1b2c3d4e5f60789', 'NON_COMPLIANT'],
    ['subnet-auto-assign-public-ip-disabled', 'subnet-0aa11bb22cc33dd44', 'COMPLIANT'],
    ['nacl-no-unrestricted-ssh-rdp', 'acl-0f1e2d3c4b5a69788', 'NON_COMPLIANT'],
    ['nacl-no-unrestricted-ssh-rdp', 'acl-0e9d8c7b6a5f40312', 'COMPLIANT'],
    ['vpc-network-acl-unused-check', 'acl-0e9d8c7b6a5f40312', 'NON_COMPLIANT'],
    ['vpc-network-acl-unused-check', 'acl-0f1e2d3c4b5a69788', 'COMPLIANT'],
    // No VPC is authorized by default, so the attached gateway fails and the detached leftover passes.
    ['internet-gateway-authorized-vpc-only', 'igw-0b1c2d3e4f5a60718', 'NON_COMPLIANT'],
    ['internet-gateway-authorized-vpc-only', 'igw-0e7f6a5b4c3d21098', 'COMPLIANT'],
    ['cloudfront-viewer-policy-https', 'E1LEGACY7H2K9Q', 'NON_COMPLIANT'],
    ['cloudfront-viewer-policy-https', 'E2QWRUHAPOMQZL', 'COMPLIANT'],
    ['cloudfront-security-policy-check', 'E3DEFCERT5M8RT', 'NON_COMPLIANT'],
    ['cloudfront-sni-enabled', 'E3DEFCERT5M8RT', 'NOT_APPLICABLE'],
    ['elasticache-repl-grp-encrypted-at-rest', 'jobs-queue-dev', 'NON_COMPLIANT'],
    ['elasticache-repl-grp-encrypted-at-rest', 'sessions-prod', 'COMPLIANT'],
    ['elasticache-redis-cluster-automatic-backup-check', 'reports-cache-dev', 'NON_COMPLIANT'],
    ['elasticache-redis-cluster-automatic-backup-check', 'catalog-memcached', 'NOT_APPLICABLE'],
    ['elasticache-auto-minor-version-upgrade-check', 'ratelimit-prod', 'COMPLIANT'],
    ['iam-group-has-users-check', 'AGPAQ3EXAMPLEBREAKGL', 'NON_COMPLIANT'],
    ['iam-group-has-users-check', 'AGPAQ3EXAMPLEDEPLOY1', 'COMPLIANT'],
    ['iam-no-inline-policy-check', 'AGPAQ3EXAMPLEBREAKGL', 'NON_COMPLIANT'],
    ['kinesis-stream-encrypted', 'clickstream-raw', 'NON_COMPLIANT'],
    ['kinesis-stream-encrypted', 'orders-events', 'COMPLIANT'],
    ['opensearch-in-vpc-only', '123456789012/catalog-preview', 'NON_COMPLIANT'],
    ['opensearch-in-vpc-only', '123456789012/orders-search', 'COMPLIANT'],
    ['redshift-cluster-public-access-check', 'marketing-sandbox', 'NON_COMPLIANT'],
    ['redshift-cluster-public-access-check', 'finance-warehouse', 'COMPLIANT'],
    ['redshift-cluster-kms-enabled', 'ops-metrics', 'COMPLIANT'],
    [
      'sqs-queue-encrypted',
      'https://sqs.us-east-1.amazonaws.com/123456789012/legacy-webhooks',
      'NON_COMPLIANT',
    ],
    ['sqs-queue-encrypted', 'https://sqs.us-east-1.amazonaws.com/123456789012/thumbnail-jobs', 'COMPLIANT'],
    ['docdb-cluster-encrypted', 'cluster-7MV3XK9QJT2WBC5NR8ZL4HDP6E', 'NON_COMPLIANT'],
    ['docdb-cluster-encrypted', 'cluster-Q4N7ZK2WBX8RT5MLC3HJ6PVD1Y', 'COMPLIANT'],
    // An Aurora cluster is no DocumentDB cluster.
    ['docdb-cluster-encrypted', 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA', 'NOT_APPLICABLE'],
    ['docdb-cluster-snapshot-public-prohibited', 'catalog-docdb-export-test', 'NON_COMPLIANT'],
    ['docdb-cluster-snapshot-public-prohibited', 'catalog-docdb-pre-migration', 'COMPLIANT'],
    ['ec2-stopped-instance', 'i-0c6b5a4f3e2d1c0b9', 'NON_COMPLIANT'],
    ['ec2-stopped-instance', 'i-0a4f3c2b1d0e9f871', 'COMPLIANT'],
    ['ec2-instance-profile-attached', 'i-0c6b5a4f3e2d1c0b9', 'NON_COMPLIANT'],
    ['ec2-instance-profile-attached', 'i-0a4f3c2b1d0e9f871', 'COMPLIANT'],
    ['s3-lifecycle-policy-check', BUCKETS.invoices, 'COMPLIANT'],
    ['s3-lifecycle-policy-check', BUCKETS.accessLogs, 'NON_COMPLIANT'],
    ['s3-event-notifications-enabled', BUCKETS.invoices, 'COMPLIANT'],
    ['s3-event-notifications-enabled', BUCKETS.partner, 'NON_COMPLIANT'],
    ['s3-bucket-mfa-delete-enabled', BUCKETS.invoices, 'COMPLIANT'],
    ['s3-bucket-mfa-delete-enabled', BUCKETS.evidence, 'NON_COMPLIANT'],
    ['rds-cluster-auto-minor-version-upgrade-enable', 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA', 'COMPLIANT'],
    ['rds-cluster-auto-minor-version-upgrade-enable', 'cluster-7TQ2LM4XVB9KD3WZ5RN8HC1YJE', 'NON_COMPLIANT'],
    [
      'alb-waf-enabled',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/payments-web/50dc6c495c0c9188',
      'COMPLIANT',
    ],
    [
      'alb-waf-enabled',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/marketing-site/7a1e3c5b9d2f4e60',
      'NON_COMPLIANT',
    ],
    // The partner API key was never rotated since 2023; both secrets were read within the last days.
    [
      'secretsmanager-secret-periodic-rotation',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/partners/api-key-b7TzQ2',
      'NON_COMPLIANT',
    ],
    [
      'secretsmanager-secret-periodic-rotation',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/payments/postgres-Xk3Pq9',
      'COMPLIANT',
    ],
    [
      'secretsmanager-secret-unused',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/partners/api-key-b7TzQ2',
      'COMPLIANT',
    ],
  ])('%s judges %s %s', (ruleId, resourceId, expected) => {
    expect(verdict(ruleId, resourceId)).toBe(expected);
  });

  it('`vigil scan --snapshot` of it prints a table by SOC 2 criterion and exits 1 (non-compliant findings)', async () => {
    const io = captureIo({ now: NOW });
    expect(await runScan(['--snapshot', SAMPLE], io)).toBe(1);
    expect(io.err()).toBe('');
    expect(io.out()).toMatch(/^CC6\.1 {2}Logical access security/m);
    expect(io.out()).toContain('restricted-ssh');
    expect(io.out()).toMatch(
      new RegExp(`Resources evaluated\\s+\\d+\\s+of ${items.length} configuration items read`),
    );
  });
  it('gives the 17 foundation rules (issue 2) exactly these verdicts in `vigil scan --format json`', async () => {
    const io = captureIo({ now: NOW });
    expect(await runScan(['--snapshot', SAMPLE, '--format', 'json'], io)).toBe(1);
    expect(io.err()).toBe('');
    const report = JSON.parse(io.out()) as {
      findings: {
        ruleId: string;
        resourceId: string;
        compliance: string;
        soc2: string[];
        severity: string;
      }[];
    };
    const actual: Record<string, Record<string, string[]>> = {};
    for (const finding of report.findings) {
      if (!(finding.ruleId in FOUNDATION_VERDICTS)) continue;
      expect(finding.soc2.length, finding.ruleId).toBeGreaterThan(0);
      const byVerdict = actual[finding.ruleId] ?? {};
      byVerdict[finding.compliance] = [...(byVerdict[finding.compliance] ?? []), finding.resourceId];
      actual[finding.ruleId] = byVerdict;
    }
    for (const byVerdict of Object.values(actual)) for (const ids of Object.values(byVerdict)) ids.sort();
    expect(Object.keys(FOUNDATION_VERDICTS)).toHaveLength(17);
    expect(actual).toEqual(FOUNDATION_VERDICTS);
  });
});
