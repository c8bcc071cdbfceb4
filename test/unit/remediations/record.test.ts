import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
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
import { MemoryLedger } from '#test/unit/evidence/fakes';

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

  it('are keyed by account, region, date, type, resource, rule and start time under remediations/', () => {
    const key = remediationKey(sealRecord(unsealed));
    expect(key).toMatch(
      /^remediations\/123456789012\/eu-west-1\/2026\/11\/23\/aws-ec2-securitygroup\/sg-1\/restricted-ssh\/20261123T120000\.000Z_[0-9a-f]{12}\.json$/,
    );
    expect(
      remediationKey(sealRecord({ ...unsealed, trigger: { ...unsealed.trigger, requestId: 'other' } })),
    ).not.toBe(key);
  });
});

describe('S3RemediationRecordStore', () => {
  it('stores the record locked and lists it in the ledger with the SHA-256 of the stored bytes', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });
    const ledger = new MemoryLedger();
    const store = new S3RemediationRecordStore(
      new S3EvidenceStore({ client: new S3Client({}), bucket: 'evidence', retentionDays: 400 }),
      { ledger, clock: () => new Date('2026-11-23T12:00:02.000Z') },
    );
    const record = sealRecord(unsealed);
    const key = remediationKey(record);
    await store.putRecord(key, record);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.ObjectLockMode).toBe('COMPLIANCE');
    const body = String(put?.Body);
    expect(ledger.entries).toEqual([
      {
        key,
        sha256: createHash('sha256').update(body).digest('hex'),
        writtenAt: '2026-11-23T12:00:02.000Z',
      },
    ]);
    s3.restore();
  });

  it('lists a record that already existed too (a retry after the row was lost), and none when the put fails', async () => {
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
    const ledger = new MemoryLedger();
    const store = new S3RemediationRecordStore(
      new S3EvidenceStore({ client: new S3Client({}), bucket: 'evidence', retentionDays: 400 }),
      { ledger },
    );
    const record = sealRecord(unsealed);
    await store.putRecord(remediationKey(record), record);
    expect(ledger.entries.map((entry) => entry.key)).toEqual([remediationKey(record)]);
    await expect(store.putRecord(remediationKey(record), record)).rejects.toThrow(
      'cannot store remediation record',
    );
    expect(ledger.entries).toHaveLength(1);
    s3.restore();
  });
});
