import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { parseHourKey } from '#shared/evidence/finding';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import {
  type RemediationRecord,
  RemediationRecordSchema,
  remediationKey,
  S3RemediationRecordStore,
  sealRecord,
  type UnsealedRemediationRecord,
  verifyRecord,
} from '#shared/remediations/record';

const unsealed: UnsealedRemediationRecord = {
  schemaVersion: 1,
  recordId: 'finding-1',
  ruleId: 'restricted-ssh',
  remediationTitle: 'Revoke',
  mode: 'on',
  outcome: 'remediated',
  reason: 'made 1 call(s)',
  startedAt: '2026-11-23T12:00:00.000Z',
  finishedAt: '2026-11-23T12:00:01.000Z',
  resource: {
    accountId: '123456789012',
    region: 'eu-west-1',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-1',
  },
  trigger: { requestId: 'finding-1', source: 'config-change', requestedAt: '2026-11-23T11:59:59.000Z' },
  actor: { function: 'vigil-remediate' },
  before: {
    captureTime: '2026-11-23T11:59:00.000Z',
    status: 'OK',
    configuration: {},
    supplementaryConfiguration: {},
    tags: {},
    compliance: 'NON_COMPLIANT',
    annotation: 'open',
  },
  planned: [],
  made: [],
  verification: 'immediate',
};

describe('remediation records', () => {
  it('are sealed with a hash that detects any change', () => {
    const record = sealRecord(unsealed);
    expect(RemediationRecordSchema.parse(record)).toEqual(record);
    expect(verifyRecord(record)).toBe(true);
    const tampered: RemediationRecord = { ...record, outcome: 'failed' };
    expect(verifyRecord(tampered)).toBe(false);
  });

  it('are keyed by account, region, write hour, type, resource, rule and start time under remediations/', () => {
    const key = remediationKey(sealRecord(unsealed));
    expect(key).toMatch(
      /^remediations\/123456789012\/eu-west-1\/2026\/11\/23\/12\/aws-ec2-securitygroup\/sg-1\/restricted-ssh\/20261123T120000\.000Z_[0-9a-f]{12}\.json$/,
    );
    expect(remediationKey(sealRecord({ ...unsealed, recordId: 'other' }))).not.toBe(key);
  });

  it('are dated by the hour they finish (and are written) in, not the hour they started', () => {
    const key = remediationKey(
      sealRecord({
        ...unsealed,
        startedAt: '2026-11-23T12:59:59.000Z',
        finishedAt: '2026-11-23T13:00:01.000Z',
      }),
    );
    expect(parseHourKey(key)).toEqual({
      prefix: 'remediations/',
      accountId: '123456789012',
      region: 'eu-west-1',
      hourStart: new Date('2026-11-23T13:00:00.000Z'),
    });
    expect(key).toContain('/20261123T125959.000Z_');
  });
});

describe('S3RemediationRecordStore', () => {
  it('stores the canonical record write-once, locked from its finish time, with a SHA-256 checksum', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });
    const store = new S3RemediationRecordStore(
      new S3EvidenceStore({ client: new S3Client({}), bucket: 'evidence', retentionDays: 400 }),
    );
    const record = sealRecord(unsealed);
    const key = remediationKey(record);
    expect(await store.putRecord(key, record)).toEqual({ status: 'created', key, versionId: 'v1' });
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'evidence',
      Key: key,
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date(Date.parse(unsealed.finishedAt) + 400 * 86_400_000),
      ChecksumAlgorithm: 'SHA256',
      Metadata: { 'remediation-hash': record.hash, 'remediation-outcome': 'remediated' },
    });
    expect(String(put?.Body)).toBe(`${canonicalJson(record)}\n`);
    expect(RemediationRecordSchema.parse(JSON.parse(String(put?.Body)))).toEqual(record);
    expect(store.location(key)).toBe(`s3://evidence/${key}`);
    s3.restore();
  });

  it('reports a record that already existed (a retry) and wraps a failed put', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand)
      .rejectsOnce(
        new S3ServiceException({
          name: 'PreconditionFailed',
          $fault: 'client',
          $metadata: { httpStatusCode: 412 },
          message: 'At least one of the pre-conditions you specified did not hold',
        }),
      )
      .rejectsOnce(new Error('S3 down'));
    const store = new S3RemediationRecordStore(
      new S3EvidenceStore({ client: new S3Client({}), bucket: 'evidence', retentionDays: 400 }),
    );
    const record = sealRecord(unsealed);
    const key = remediationKey(record);
    expect(await store.putRecord(key, record)).toEqual({ status: 'exists', key });
    await expect(store.putRecord(key, record)).rejects.toThrow('cannot store remediation record');
    s3.restore();
  });
});
