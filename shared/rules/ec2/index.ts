import type { Rule } from '#shared/rules/rule';
import { ebsSnapshotPublicRestorableCheck } from './ebs-snapshot-public-restorable-check';
import { ec2EbsEncryptionByDefault } from './ec2-ebs-encryption-by-default';
import { ec2Imdsv2Check } from './ec2-imdsv2-check';
import { ec2InstanceDetailedMonitoringEnabled } from './ec2-instance-detailed-monitoring-enabled';
import { ec2InstanceNoPublicIp } from './ec2-instance-no-public-ip';
import { ec2InstanceProfileAttached } from './ec2-instance-profile-attached';
import { ec2StoppedInstance } from './ec2-stopped-instance';
import { ec2VolumeInuseCheck } from './ec2-volume-inuse-check';
import { encryptedVolumes } from './encrypted-volumes';

/** ec2 rules. */
export const ec2Rules: readonly Rule[] = [
  ec2Imdsv2Check,
  ec2InstanceNoPublicIp,
  encryptedVolumes,
  ec2EbsEncryptionByDefault,
  ebsSnapshotPublicRestorableCheck,
  ec2InstanceDetailedMonitoringEnabled,
  ec2InstanceProfileAttached,
  ec2StoppedInstance,
  ec2VolumeInuseCheck,
];
