import { DB_INSTANCE_TYPE, type DbInstanceConfiguration, dbInstanceName } from '#shared/resources/rds';
import { nothingToDo, planCalls, type Remediation, refuse } from './remediation';

/** Instance statuses in which RDS accepts a modification. */
const MODIFIABLE_STATUSES = new Set(['available', 'storage-optimization']);

/**
 * Makes the instance not publicly accessible (`ModifyDBInstance PubliclyAccessible=false
 * ApplyImmediately=true`): its endpoint then resolves to a private address only. No data is touched and
 * the instance is not rebooted, but clients outside the VPC lose access. RDS applies the change
 * asynchronously, so the next evaluation confirms it. An instance that is not `available` is refused.
 */
export const rdsInstancePublicAccessCheckRemediation = {
  ruleId: 'rds-instance-public-access-check',
  title: 'Turn off public accessibility of the DB instance',
  resourceTypes: [DB_INSTANCE_TYPE],
  permissions: ['rds:ModifyDBInstance'],
  verification: 'deferred',
  plan(item) {
    const name = dbInstanceName(item);
    if (item.configuration?.publiclyAccessible === false) {
      return nothingToDo(`DB instance ${name} is not publicly accessible.`);
    }
    const status = item.configuration?.dBInstanceStatus;
    if (status !== undefined && !MODIFIABLE_STATUSES.has(status.toLowerCase())) {
      return refuse(`DB instance ${name} is ${status}; RDS modifies only available instances.`);
    }
    return planCalls({
      service: 'rds',
      operation: 'ModifyDBInstance',
      input: { DBInstanceIdentifier: name, PubliclyAccessible: false, ApplyImmediately: true },
      description: `Turn off public accessibility of DB instance ${name}, applied immediately`,
    });
  },
} as const satisfies Remediation<Record<string, never>, DbInstanceConfiguration>;
