import { type DbInstanceConfiguration, dbInstanceName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB instances are not publicly accessible.
 * DescribeDBInstances and Config always give `publiclyAccessible`, so an item without it was not collected
 * and is NOT_APPLICABLE with that reason (it was failed before, as RDS makes instances in a default VPC
 * public unless told otherwise; a verdict needs the collected value).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-public-access-check.html
 */
export const rdsInstancePublicAccessCheck = {
  id: 'rds-instance-public-access-check',
  title: 'RDS DB instances are not publicly accessible',
  resourceTypes: ['AWS::RDS::DBInstance'],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale:
    'A database endpoint that resolves to a public IP is one leaked password away from a data breach.',
  remediationAdvice:
    'Turn public access off: `aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately`, and reach the database through the VPC (VPN, bastion, SSM).',
  evaluate(item) {
    const name = dbInstanceName(item);
    const publiclyAccessible = item.configuration?.publiclyAccessible;
    if (publiclyAccessible === true) {
      return nonCompliant(`DB instance ${name} is publicly accessible.`);
    }
    if (publiclyAccessible === undefined) {
      return notApplicable(
        `DB instance ${name} publiclyAccessible was not recorded; public access cannot be judged.`,
      );
    }
    return compliant(`DB instance ${name} is not publicly accessible.`);
  },
} as const satisfies Rule<Record<string, never>, DbInstanceConfiguration>;
