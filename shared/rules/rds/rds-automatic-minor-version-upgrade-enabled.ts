import { DB_INSTANCE_TYPE, type DbInstanceConfiguration, dbInstanceName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB instances take minor engine versions automatically in their maintenance window
 * (`autoMinorVersionUpgrade`). An instance without that field, which DescribeDBInstances and Config
 * always give, is NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-automatic-minor-version-upgrade-enabled.html
 */
export const rdsAutomaticMinorVersionUpgradeEnabled = {
  id: 'rds-automatic-minor-version-upgrade-enabled',
  title: 'RDS DB instances upgrade minor engine versions automatically',
  resourceTypes: [DB_INSTANCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Minor engine versions carry security fixes; an instance pinned to an old one keeps known vulnerabilities until someone remembers to patch it.',
  remediationAdvice:
    'Enable it: `aws rds modify-db-instance --db-instance-identifier <id> --auto-minor-version-upgrade --apply-immediately`.',
  evaluate(item) {
    const name = dbInstanceName(item);
    const enabled = item.configuration?.autoMinorVersionUpgrade;
    if (typeof enabled !== 'boolean') {
      return notApplicable(`DB instance ${name} autoMinorVersionUpgrade was not recorded.`);
    }
    const version = item.configuration?.engineVersion;
    const running = version === undefined ? '' : ` (${item.configuration?.engine ?? 'engine'} ${version})`;
    return enabled
      ? compliant(`DB instance ${name} upgrades minor versions automatically${running}.`)
      : nonCompliant(`DB instance ${name} has automatic minor version upgrade disabled${running}.`);
  },
} as const satisfies Rule<Record<string, never>, DbInstanceConfiguration>;
