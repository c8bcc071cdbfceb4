import { describe, expect, it } from 'vitest';
import {
  FINDING_SCHEMA_VERSION,
  parseFinding,
  sealFinding,
  serializeFinding,
  type UnsealedFinding,
} from '#shared/evidence/finding';

const base: UnsealedFinding = {
  schemaVersion: FINDING_SCHEMA_VERSION,
  findingId: '0'.repeat(32),
  evaluatedAt: '2026-11-23T12:00:00.000Z',
  ruleId: 'restricted-ssh',
  ruleTitle: 'Security groups do not allow SSH from the whole internet',
  severity: 'high',
  soc2: ['CC6.1'],
  compliance: 'NON_COMPLIANT',
  annotation: 'open',
  resource: {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-1',
  },
  configurationItem: { captureTime: '2026-11-23T11:59:00.000Z', status: 'OK' },
  source: { trigger: 'config-change' },
  sequence: 1,
  previousHash: null,
  previousKey: null,
};

describe('finding exemption field', () => {
  it('is optional: a finding without it serializes without the key and parses as before', () => {
    const finding = sealFinding(base);
    expect(serializeFinding(finding)).not.toContain('exemption');
    expect(parseFinding(serializeFinding(finding))).toEqual(finding);
  });

  it('is covered by the hash when present', () => {
    const finding = sealFinding({ ...base, exemption: { tag: 'all', reason: 'bastion' } });
    expect(finding.hash).not.toBe(sealFinding(base).hash);
    expect(parseFinding(serializeFinding(finding)).exemption).toEqual({ tag: 'all', reason: 'bastion' });
    const tampered = serializeFinding({ ...finding, exemption: { tag: 'all', reason: 'other' } });
    expect(() => parseFinding(tampered)).toThrow('hash mismatch');
  });
});
