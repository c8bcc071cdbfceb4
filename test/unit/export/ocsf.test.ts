import { describe, expect, it } from 'vitest';
import { type Finding, sealFinding } from '#shared/evidence/finding';
import { OcsfComplianceFindingSchema, toOcsf } from '#shared/export/ocsf';
import { buildFindings } from './scenario';

function finding(compliance: Finding['compliance'], severity = 'low'): { key: string; finding: Finding } {
  const [stored] = buildFindings([
    {
      ruleId: 'restricted-ssh',
      soc2: ['CC6.6'],
      severity,
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-0123',
      captureTime: '2026-10-05T10:00:00.000Z',
      compliance,
    },
  ]);
  if (stored === undefined) throw new Error('no finding');
  return stored;
}

describe('toOcsf: Vigil findings as OCSF Compliance Findings (class 2003)', () => {
  it.each([
    ['COMPLIANT', 'Pass', 1, 'Resolved', 4],
    ['NON_COMPLIANT', 'Fail', 3, 'New', 1],
    ['NOT_APPLICABLE', 'Other', 99, 'Other', 99],
    ['ERROR', 'Unknown', 0, 'Other', 99],
  ] as const)(
    '%s → compliance %s (%i), finding status %s (%i)',
    (compliance, status, statusId, findingStatus, findingStatusId) => {
      const { key, finding: stored } = finding(compliance);
      const event = OcsfComplianceFindingSchema.strict().parse(toOcsf(stored, key, '1.2.3'));
      expect(event.compliance).toMatchObject({
        status,
        status_id: statusId,
        control: 'restricted-ssh',
        requirements: ['CC6.6'],
      });
      expect([event.status, event.status_id]).toEqual([findingStatus, findingStatusId]);
      expect(event.unmapped.evidence_key).toBe(key);
      expect(event.cloud.account.uid).toBe('111111111111');
    },
  );

  it.each([
    ['critical', 5, 'Critical'],
    ['informational', 1, 'Informational'],
    ['unheard-of', 3, 'Medium'],
  ])('maps severity %s to %i %s', (severity, id, name) => {
    const { key, finding: stored } = finding('NON_COMPLIANT', severity);
    expect(toOcsf(stored, key, '1.2.3')).toMatchObject({ severity_id: id, severity: name });
  });

  it('marks an exempt failure Suppressed (still Fail) and carries the exemption', () => {
    const { key, finding: stored } = finding('NON_COMPLIANT');
    const { hash: _old, ...rest } = stored;
    const exempt = sealFinding({
      ...rest,
      exemption: { tag: 'vigil:exempt', reason: 'bastion, approved CHG-1234' },
    });
    const event = OcsfComplianceFindingSchema.strict().parse(toOcsf(exempt, key, '1.2.3'));
    expect([event.status, event.status_id, event.compliance.status]).toEqual(['Suppressed', 3, 'Fail']);
    expect(event.unmapped).toMatchObject({
      exemption_tag: 'vigil:exempt',
      exemption_reason: 'bastion, approved CHG-1234',
    });
  });
});
