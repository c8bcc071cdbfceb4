import { DB_INSTANCE_TYPE, type DbInstanceConfiguration, dbInstanceName } from '#shared/resources/rds';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The intervals RDS accepts for Enhanced Monitoring, in seconds (0 turns it off). */
const VALID_INTERVALS: readonly number[] = [1, 5, 10, 15, 30, 60];

/**
 * RDS DB instances send Enhanced Monitoring metrics: `monitoringInterval` is not 0 and, when the
 * `monitoringInterval` parameter is set, equals it. The parameter is optional on AWS's page with no
 * default; here 0 stands for "not set" (any enabled interval passes), and a value RDS does not accept is
 * refused when evaluated (the engine reports it as an ERROR). An instance without `monitoringInterval` is
 * NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-enhanced-monitoring-enabled.html
 */
export const rdsEnhancedMonitoringEnabled = {
  id: 'rds-enhanced-monitoring-enabled',
  title: 'RDS DB instances send Enhanced Monitoring metrics',
  resourceTypes: [DB_INSTANCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    monitoringInterval: {
      type: 'number',
      default: 0,
      description: 'Required interval in seconds (1, 5, 10, 15, 30 or 60); 0 accepts any enabled interval.',
    },
  },
  rationale:
    'Enhanced Monitoring shows the operating-system view (processes, memory, I/O) needed to tell an attack or runaway query from ordinary load.',
  remediationAdvice:
    'Enable it: `aws rds modify-db-instance --db-instance-identifier <id> --monitoring-interval 60 --monitoring-role-arn <rds-monitoring-role-arn> --apply-immediately`.',
  evaluate(item, { parameters }) {
    const wanted = parameters.monitoringInterval;
    if (wanted !== 0 && !VALID_INTERVALS.includes(wanted)) {
      throw new RuleParameterError(
        `rule rds-enhanced-monitoring-enabled: parameter monitoringInterval must be one of ${VALID_INTERVALS.join(', ')}, got ${wanted}`,
        { context: { ruleId: 'rds-enhanced-monitoring-enabled', parameter: 'monitoringInterval' } },
      );
    }
    const name = dbInstanceName(item);
    const interval = item.configuration?.monitoringInterval;
    if (typeof interval !== 'number')
      return notApplicable(`DB instance ${name} monitoringInterval was not recorded.`);
    if (interval === 0)
      return nonCompliant(`DB instance ${name} has Enhanced Monitoring disabled (monitoringInterval 0).`);
    if (wanted !== 0 && interval !== wanted) {
      return nonCompliant(
        `DB instance ${name} collects Enhanced Monitoring every ${interval}s, not every ${wanted}s.`,
      );
    }
    return compliant(`DB instance ${name} collects Enhanced Monitoring metrics every ${interval}s.`);
  },
} as const satisfies Rule<{ monitoringInterval: number }, DbInstanceConfiguration>;
