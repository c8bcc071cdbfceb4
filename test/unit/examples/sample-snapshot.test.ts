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

  it('is one account in us-east-1 with a few items in eu-west-1', () => {
    expect(new Set(items.map((item) => item.accountId))).toEqual(new Set(['123456789012']));
    const regions = items.map((item) => item.region);
    expect(new Set(regions)).toEqual(new Set(['us-east-1', 'eu-west-1']));
    expect(regions.filter((region) => region === 'eu-west-1').length).toBeGreaterThanOrEqual(2);
    expect(items.length).toBeGreaterThanOrEqual(24);
  });

  it.each([
    'AWS::Logs::LogGroup',
    'AWS::EC2::VPC',
    'AWS::EC2::FlowLog',
    'AWS::RDS::DBInstance',
    'AWS::EKS::Cluster',
    'AWS::ECR::Repository',
    'AWS::EC2::Instance',
    'AWS::S3::Bucket',
    'AWS::KMS::Key',
    'AWS::CloudTrail::Trail',
    'AWS::EC2::SecurityGroup',
    'AWS::::Account',
  ])('holds %s items', (resourceType) => {
    expect(items.some((item) => item.resourceType === resourceType)).toBe(true);
  });

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
    ['ecr-private-image-scanning-enabled', 'legacy-batch-jobs', 'NON_COMPLIANT'],
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
  ])('%s judges %s %s', (ruleId, resourceId, expected) => {
    expect(verdict(ruleId, resourceId)).toBe(expected);
  });

  it('is what `npm start` scans: a table with findings and exit code 1', async () => {
    const io = captureIo({ now: NOW });
    expect(await runScan(['--snapshot', SAMPLE], io)).toBe(1);
    expect(io.err()).toBe('');
    expect(io.out()).toMatch(/^CC6\.1 {2}Logical access security/m);
    expect(io.out()).toContain('restricted-ssh');
    expect(io.out()).toMatch(
      new RegExp(`Resources evaluated\\s+\\d+\\s+of ${items.length} configuration items read`),
    );
  });
});
