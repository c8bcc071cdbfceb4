import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allowTagExemptions } from '#test/support/acceptances';
import { s3ClientConfig, uniqueName } from '#test/support/moto';
import { type LocalRemediation, localRemediation, lockOf, onlyRecord, requestFor } from './harness';

const BUCKET = 'AWS::S3::Bucket';
const RULES = [
  's3-bucket-level-public-access-prohibited',
  's3-bucket-ssl-requests-only',
  's3-bucket-server-side-encryption-enabled',
  's3-bucket-versioning-enabled',
];

describe('S3 remediations through the real handler (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let on: LocalRemediation;
  let dryRun: LocalRemediation;
  let s3: S3Client;

  beforeAll(async () => {
    const all = (mode: string) => JSON.stringify(Object.fromEntries(RULES.map((rule) => [rule, mode])));
    [on, dryRun] = await Promise.all([
      localRemediation(endpoint, 'vigil-rem-s3', { REMEDIATION_TOGGLES: all('on') }),
      localRemediation(endpoint, 'vigil-rem-s3d', { REMEDIATION_TOGGLES: all('dry-run') }),
    ]);
    // A vigil:exempt tag exempts only where the register allows it (docs/acceptances.md).
    await allowTagExemptions(endpoint, on.stack, RULES, 'vigil-bad-*');
    s3 = new S3Client(s3ClientConfig(endpoint));
  });

  afterAll(() => {
    on?.close();
    dryRun?.close();
    s3?.destroy();
  });

  /** A bucket with every problem: no public access block, a policy without TLS, versioning off. */
  async function misconfiguredBucket(tags: Record<string, string> = {}): Promise<string> {
    const bucket = uniqueName('vigil-bad');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      }),
    );
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PartnerRead',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::210987654321:root' },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
            },
          ],
        }),
      }),
    );
    const entries = Object.entries(tags);
    if (entries.length > 0) {
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: bucket,
          Tagging: { TagSet: entries.map(([Key, Value]) => ({ Key, Value })) },
        }),
      );
    }
    return bucket;
  }

  const requests = (bucket: string) =>
    RULES.map((rule) => requestFor(rule, { resourceType: BUCKET, resourceId: bucket, resourceName: bucket }));

  it('on: fixes all four settings, keeps the existing policy statement, and records locked evidence', async () => {
    const bucket = await misconfiguredBucket();
    const response = await on.run(...requests(bucket));
    expect(response.batchItemFailures).toEqual([]);

    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const policy = JSON.parse(
      (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '{}',
    ) as {
      Statement: { Sid: string }[];
    };
    expect(policy.Statement.map((statement) => statement.Sid)).toEqual([
      'PartnerRead',
      'VigilDenyInsecureTransport',
    ]);
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
        ?.SSEAlgorithm,
    ).toBe('AES256');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');

    const records = await on.records(bucket);
    expect(records.map(({ record }) => record.ruleId).sort()).toEqual([...RULES].sort());
    for (const { key, record } of records) {
      const rule = record.ruleId;
      expect(record.outcome, `${rule}: ${record.reason}`).toBe('remediated');
      expect(record.made.every((call) => call.status === 'succeeded')).toBe(true);
      expect(record.after?.compliance).toBe('COMPLIANT');
      expect(record.before.compliance).toBe('NON_COMPLIANT');
      expect(record.actor).toEqual({ function: 'vigil-remediate', invocationId: 'test-invocation' });
      const lock = await lockOf(on, key);
      expect(lock.mode).toBe('COMPLIANCE');
      expect(lock.checksum).toBeDefined();
    }
    const alerts = await on.alerts();
    expect(alerts.filter((alert) => alert.subject.includes('REMEDIAT'))).toHaveLength(4);
  });

  it('on: a second request for the fixed bucket changes nothing and records nothing', async () => {
    const bucket = await misconfiguredBucket();
    const versioning = requestFor('s3-bucket-versioning-enabled', {
      resourceType: BUCKET,
      resourceId: bucket,
    });
    await on.run(versioning);
    expect(await on.records(bucket)).toHaveLength(1);
    const response = await on.run({ ...versioning, requestId: `${versioning.requestId}-again` });
    expect(response.batchItemFailures).toEqual([]);
    expect(await on.records(bucket)).toHaveLength(1);
  });

  it('dry-run: leaves the bucket unchanged and records the exact planned calls', async () => {
    const bucket = await misconfiguredBucket();
    await dryRun.run(...requests(bucket));

    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration?.BlockPublicAcls).toBe(false);
    const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '';
    expect(policy).not.toContain('VigilDenyInsecureTransport');
    await expect(s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).rejects.toThrow();
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();

    const planned = await dryRun.records(bucket);
    expect(
      planned
        .map(({ record }) => [record.ruleId, record.outcome, record.planned.map((call) => call.operation)])
        .sort(),
    ).toEqual([
      ['s3-bucket-level-public-access-prohibited', 'planned', ['PutPublicAccessBlock']],
      ['s3-bucket-server-side-encryption-enabled', 'planned', ['PutBucketEncryption']],
      ['s3-bucket-ssl-requests-only', 'planned', ['PutBucketPolicy']],
      ['s3-bucket-versioning-enabled', 'planned', ['PutBucketVersioning']],
    ]);
    const tls = await onlyRecord(dryRun, 's3-bucket-ssl-requests-only', bucket);
    expect(tls.record.outcome).toBe('planned');
    expect(tls.record.made).toEqual([]);
    expect(tls.record.planned).toHaveLength(1);
    expect(tls.record.planned[0]).toMatchObject({
      service: 's3',
      operation: 'PutBucketPolicy',
      iamAction: 's3:PutBucketPolicy',
    });
    expect(JSON.stringify(tls.record.planned[0]?.input)).toContain('PartnerRead');
    const alerts = await dryRun.alerts();
    expect(alerts.some((alert) => alert.subject.includes('REMEDIATION PLANNED'))).toBe(true);
  });

  it('exempt: a bucket tagged vigil:exempt=all is untouched and recorded as exempt', async () => {
    const bucket = await misconfiguredBucket({
      'vigil:exempt': 'all',
      'vigil:exempt-reason': 'public website',
    });
    await on.run(...requests(bucket));
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration?.BlockPublicAcls).toBe(false);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();
    const { record } = await onlyRecord(on, 's3-bucket-versioning-enabled', bucket);
    expect(record.outcome).toBe('exempt');
    expect(record.exemption).toEqual({ tag: 'all', reason: 'public website' });
    expect(record.planned).toEqual([]);
  });
});
