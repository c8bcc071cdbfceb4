import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_SCHEMA_VERSION,
  parseRecordLine,
  recordLine,
  sealFinding,
  type UnsealedFinding,
} from '#shared/evidence/finding';

const base: UnsealedFinding = {
  kind: 'finding',
  schemaVersion: EVIDENCE_SCHEMA_VERSION,
  evaluatedAt: '2026-11-23T12:00:00.000Z',
  ruleId: 'restricted-ssh',
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
  configurationItem: { captureTime: '2026-11-23T11:59:00.000Z', status: 'OK', sha256: 'a'.repeat(64) },
  source: { trigger: 'config-change' },
  sequence: 1,
  previousHash: null,
};

describe('finding exemption field', () => {
  it('is optional: a finding without it is stored without the key and parses as before', () => {
    const finding = sealFinding(base);
    expect(recordLine(finding)).not.toContain('exemption');
    expect(parseRecordLine(recordLine(finding))).toEqual(finding);
  });

  it('is covered by the hash when present', () => {
    const finding = sealFinding({ ...base, exemption: { tag: 'all', reason: 'bastion' } });
    expect(finding.hash).not.toBe(sealFinding(base).hash);
    const parsed = parseRecordLine(recordLine(finding));
    expect(parsed.kind === 'finding' && parsed.exemption).toEqual({ tag: 'all', reason: 'bastion' });
    const tampered = recordLine({ ...finding, exemption: { tag: 'all', reason: 'other' } });
    expect(() => parseRecordLine(tampered)).toThrow('hash mismatch');
  });
});
