import { type RedshiftClusterConfiguration, redshiftClusterName } from '#shared/resources/redshift';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = {
  allowVersionUpgrade: boolean;
  preferredMaintenanceWindow: string;
  automatedSnapshotRetentionPeriod: number;
};

/**
 * Redshift clusters have the expected maintenance settings: `allowVersionUpgrade` as the parameter says
 * (default true: major version upgrades applied automatically), the `preferredMaintenanceWindow` when one is
 * given (compared case-insensitively; empty does not check it), and automated snapshots kept at least
 * `automatedSnapshotRetentionPeriod` days (default 1). A setting the rule needs that the item does not
 * record (DescribeClusters and Config always give all three) leaves the cluster NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-maintenancesettings-check.html
 */
export const redshiftClusterMaintenancesettingsCheck = {
  id: 'redshift-cluster-maintenancesettings-check',
  title: 'Redshift clusters take major version upgrades automatically and keep snapshots',
  resourceTypes: ['AWS::Redshift::Cluster'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    allowVersionUpgrade: {
      type: 'boolean',
      default: true,
      description: 'Whether major version upgrades must be allowed during the maintenance window.',
    },
    preferredMaintenanceWindow: {
      type: 'string',
      default: '',
      description:
        'Maintenance window the clusters must use, e.g. "Mon:09:30-Mon:10:00"; empty does not check it.',
    },
    automatedSnapshotRetentionPeriod: {
      type: 'number',
      default: 1,
      description: 'Minimum number of days automated snapshots are kept.',
    },
  },
  rationale:
    'Clusters that take engine upgrades in a known window get security fixes without manual work, and retained snapshots allow recovery if an upgrade goes wrong.',
  remediationAdvice:
    'Set the maintenance settings: `aws redshift modify-cluster --cluster-identifier <id> --allow-version-upgrade --preferred-maintenance-window Mon:09:30-Mon:10:00 --automated-snapshot-retention-period 7`.',
  evaluate(item, { parameters }) {
    const name = redshiftClusterName(item);
    const configuration = item.configuration ?? {};
    const missing: string[] = [];
    const problems: string[] = [];
    const upgrade = configuration.allowVersionUpgrade;
    if (upgrade === undefined) missing.push('allowVersionUpgrade');
    else if (upgrade !== parameters.allowVersionUpgrade) {
      problems.push(`allowVersionUpgrade is ${upgrade}, not ${parameters.allowVersionUpgrade}`);
    }
    const expectedWindow = parameters.preferredMaintenanceWindow.trim();
    if (expectedWindow !== '') {
      const window = configuration.preferredMaintenanceWindow;
      if (window === undefined) missing.push('preferredMaintenanceWindow');
      else if (window.toLowerCase() !== expectedWindow.toLowerCase()) {
        problems.push(`maintenance window is ${window}, not ${expectedWindow}`);
      }
    }
    const retention = configuration.automatedSnapshotRetentionPeriod;
    if (retention === undefined) missing.push('automatedSnapshotRetentionPeriod');
    else if (retention < parameters.automatedSnapshotRetentionPeriod) {
      problems.push(
        `automated snapshots are kept ${retention} days, below ${parameters.automatedSnapshotRetentionPeriod}`,
      );
    }
    if (problems.length > 0) return nonCompliant(`Redshift cluster ${name}: ${problems.join('; ')}.`);
    if (missing.length > 0) {
      return notApplicable(`Redshift cluster ${name}: ${missing.join(', ')} not recorded.`);
    }
    return compliant(`Redshift cluster ${name} has the expected maintenance settings.`);
  },
} as const satisfies Rule<Parameters, RedshiftClusterConfiguration>;
