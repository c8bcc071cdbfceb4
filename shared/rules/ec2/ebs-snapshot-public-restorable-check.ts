import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** A snapshot the account owns whose `createVolumePermission` includes the group `all`. */
export type PublicEbsSnapshot = {
  readonly snapshotId: string;
  readonly volumeId?: string;
  readonly description?: string;
};

/**
 * The account item's Vigil supplementary key this rule reads. AWS Config records no EBS snapshots, so the
 * describer fills `supplementaryConfiguration.PublicEbsSnapshots` for each account and region with the
 * snapshots from `DescribeSnapshots --owner-ids self --restorable-by-user-ids all` (an empty array when
 * there are none; absent when not collected).
 */
export type PublicEbsSnapshotsSupplement = {
  readonly PublicEbsSnapshots?: readonly PublicEbsSnapshot[];
};

function publicSnapshotsOf(
  supplementary: Readonly<Record<string, unknown>>,
): readonly PublicEbsSnapshot[] | undefined {
  const value = (supplementary as PublicEbsSnapshotsSupplement).PublicEbsSnapshots;
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (snapshot): snapshot is PublicEbsSnapshot =>
      typeof snapshot === 'object' && snapshot !== null && typeof snapshot.snapshotId === 'string',
  );
}

/**
 * No EBS snapshot of the account is publicly restorable. An account-level rule, like its periodic
 * managed twin: it is judged on the `AWS::::Account` item of each region (Config records no
 * `AWS::EC2::Snapshot` type), from the supplementary key described by `PublicEbsSnapshotsSupplement`.
 * When that key was not collected the rule is NOT_APPLICABLE and says so.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ebs-snapshot-public-restorable-check.html
 */
export const ebsSnapshotPublicRestorableCheck = {
  id: 'ebs-snapshot-public-restorable-check',
  title: 'EBS snapshots are not publicly restorable',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale: 'Anyone in any AWS account can create a volume from a public snapshot and read all of its data.',
  remediationAdvice:
    'Make each snapshot private: `aws ec2 modify-snapshot-attribute --snapshot-id <id> --attribute createVolumePermission --operation-type remove --group-names all`, then enable `aws ec2 enable-snapshot-block-public-access --state block-all-sharing`.',
  evaluate(item) {
    const snapshots = publicSnapshotsOf(item.supplementaryConfiguration);
    if (snapshots === undefined) {
      return notApplicable(`Public EBS snapshots were not collected for ${item.region}.`);
    }
    if (snapshots.length === 0) return compliant(`No EBS snapshot in ${item.region} is publicly restorable.`);
    const listed = snapshots
      .slice(0, 5)
      .map((snapshot) =>
        snapshot.volumeId ? `${snapshot.snapshotId} (of ${snapshot.volumeId})` : snapshot.snapshotId,
      )
      .join(', ');
    const more = snapshots.length > 5 ? ` and ${snapshots.length - 5} more` : '';
    return nonCompliant(
      `${snapshots.length} EBS snapshot${snapshots.length === 1 ? ' is' : 's are'} publicly restorable in ${item.region}: ${listed}${more}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, AccountConfiguration>;
