import { describe, expect, it } from 'vitest';
import {
  type RemediationRecord,
  RemediationRecordSchema,
  remediationKey,
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
