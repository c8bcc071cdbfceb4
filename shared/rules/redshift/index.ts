import type { Rule } from '#shared/rules/rule';
import { redshiftBackupEnabled } from './redshift-backup-enabled';
import { redshiftClusterConfigurationCheck } from './redshift-cluster-configuration-check';
import { redshiftClusterKmsEnabled } from './redshift-cluster-kms-enabled';
import { redshiftClusterMaintenancesettingsCheck } from './redshift-cluster-maintenancesettings-check';
import { redshiftClusterPublicAccessCheck } from './redshift-cluster-public-access-check';
import { redshiftEnhancedVpcRoutingEnabled } from './redshift-enhanced-vpc-routing-enabled';
import { redshiftRequireTlsSsl } from './redshift-require-tls-ssl';

/** Redshift rules. */
export const redshiftRules: readonly Rule[] = [
  redshiftClusterPublicAccessCheck,
  redshiftClusterKmsEnabled,
  redshiftBackupEnabled,
  redshiftEnhancedVpcRoutingEnabled,
  redshiftClusterMaintenancesettingsCheck,
  redshiftClusterConfigurationCheck,
  redshiftRequireTlsSsl,
];
