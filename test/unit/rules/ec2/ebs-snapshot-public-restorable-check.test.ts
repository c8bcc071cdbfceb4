import { describe, expect, it } from 'vitest';
import { ebsSnapshotPublicRestorableCheck as rule } from '#shared/rules/ec2/ebs-snapshot-public-restorable-check';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::::Account';
const privateSnapshots = () => loadFixture(TYPE, 'ebs-snapshots-private');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a region where no snapshot is public', () => {
    expect(evaluateFixture(rule, privateSnapshots())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'No EBS snapshot in eu-west-1 is publicly restorable.',
    });
  });

  it('fails a region with a public snapshot and names it with its volume', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-ebs-snapshot'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        '1 EBS snapshot is publicly restorable in us-west-2: snap-0c4e6a8b0d2f4a6c8 (of vol-0b1d3f5a7c9e1b3d5).',
    });
  });

  it('lists at most five snapshots and counts the rest', () => {
    const PublicEbsSnapshots = Array.from({ length: 7 }, (_, i) => ({
      snapshotId: `snap-00000000000000${i}0`,
    }));
    const verdict = evaluateFixture(rule, withSupplementary(privateSnapshots(), { PublicEbsSnapshots }));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('7 EBS snapshots are publicly restorable');
    expect(verdict.annotation).toContain('and 2 more');
  });

  it.each([
    ['absent', undefined],
    ['not a list', 'snap-0c4e6a8b0d2f4a6c8'],
  ])(
    'is NOT_APPLICABLE when the public snapshot list is %s (not collected)',
    (_label, PublicEbsSnapshots) => {
      const verdict = evaluateFixture(rule, withSupplementary(privateSnapshots(), { PublicEbsSnapshots }));
      expect(verdict).toEqual({
        compliance: 'NOT_APPLICABLE',
        annotation: 'Public EBS snapshots were not collected for eu-west-1.',
      });
    },
  );

  it('is NOT_APPLICABLE on the account fixtures that predate the key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened')).compliance).toBe('NOT_APPLICABLE');
  });
});
