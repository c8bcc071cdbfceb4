import {
  BACKUP_PLAN_TYPE,
  type BackupPlanConfiguration,
  type BackupPlanRule,
  backupPlanRules,
  DEFAULT_BACKUP_SCHEDULE,
} from '#shared/resources/backup';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';
import {
  formatMinutes,
  longestIntervalMinutes,
  parseScheduleExpression,
  ScheduleExpressionError,
} from '#shared/schedules/schedule-expression';

type Parameters = {
  requiredFrequencyValue: number;
  requiredRetentionDays: number;
  requiredFrequencyUnit: string;
};

const UNIT_MINUTES: Readonly<Record<string, number>> = { hour: 60, hours: 60, day: 1440, days: 1440 };

const ID = 'backup-plan-min-frequency-and-min-retention-check';

/** What is wrong with one backup rule, or undefined when it meets both requirements. */
function shortfall(
  rule: BackupPlanRule,
  requiredMinutes: number,
  requiredDays: number,
  now: Date,
): string | undefined {
  const name = rule.RuleName ?? '(unnamed)';
  const expression = rule.ScheduleExpression ?? DEFAULT_BACKUP_SCHEDULE;
  const problems: string[] = [];
  let interval: number | undefined;
  try {
    interval = longestIntervalMinutes(parseScheduleExpression(expression), now);
  } catch (error) {
    if (!(error instanceof ScheduleExpressionError)) throw error;
    problems.push(`schedule ${expression} cannot be read`);
  }
  if (problems.length === 0) {
    if (interval === undefined) problems.push(`schedule ${expression} does not recur`);
    else if (interval > requiredMinutes)
      problems.push(`runs only every ${formatMinutes(interval)} (${expression})`);
  }
  const retention = rule.Lifecycle?.DeleteAfterDays;
  if (typeof retention === 'number' && retention < requiredDays)
    problems.push(`keeps recovery points ${retention} days`);
  return problems.length === 0 ? undefined : `rule "${name}" ${problems.join(' and ')}`;
}

/**
 * Backup plans have a backup rule that creates recovery points at least every `requiredFrequencyValue`
 * `requiredFrequencyUnit` and keeps them at least `requiredRetentionDays` days.
 *
 * Reading of the managed rule ("checks if a backup plan has a backup rule that satisfies the required
 * frequency and retention"): one rule meeting both requirements makes the plan COMPLIANT; other rules
 * (a monthly rule kept for a year, say) only add recovery points. The frequency is the longest gap
 * between two runs of the rule's `cron(...)` schedule over four years (so weekday-only, monthly and
 * `L`/`W`/`#` schedules are judged by their real worst gap); a rule without a schedule runs daily at
 * 05:00 UTC as AWS Backup does; a rule without `DeleteAfterDays` keeps recovery points indefinitely. A
 * schedule that cannot be parsed never satisfies the rule. AWS Backup requires at least one rule per plan
 * and Config records them: a plan whose rules were not recorded was not collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/backup-plan-min-frequency-and-min-retention-check.html
 */
export const backupPlanMinFrequencyAndMinRetentionCheck = {
  id: ID,
  title: 'Backup plans back up often enough and keep recovery points long enough',
  resourceTypes: [BACKUP_PLAN_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    requiredFrequencyValue: {
      type: 'number',
      default: 1,
      description: 'Required backup frequency, in requiredFrequencyUnit (at most 24 hours or 31 days).',
    },
    requiredRetentionDays: {
      type: 'number',
      default: 35,
      description: 'Required retention of recovery points, in days.',
    },
    requiredFrequencyUnit: {
      type: 'string',
      default: 'days',
      description: "Unit of requiredFrequencyValue: 'hours' or 'days'.",
    },
  },
  rationale: 'Recovery objectives depend on recovery points existing often enough and for long enough.',
  remediationAdvice:
    'Add or edit a backup rule so it runs at least as often as required and its lifecycle deletes recovery ' +
    'points no sooner than required (AWS Backup console > Backup plans > rule, or `aws backup update-backup-plan`).',
  evaluate(item, { parameters, now }) {
    const unit = UNIT_MINUTES[parameters.requiredFrequencyUnit.trim().toLowerCase()];
    if (unit === undefined) {
      throw new RuleParameterError(
        `rule ${ID}: requiredFrequencyUnit must be 'hours' or 'days', got "${parameters.requiredFrequencyUnit}"`,
        { context: { ruleId: ID, parameter: 'requiredFrequencyUnit' } },
      );
    }
    const requiredMinutes = parameters.requiredFrequencyValue * unit;
    const required = `every ${formatMinutes(requiredMinutes)}, kept ${parameters.requiredRetentionDays} days`;
    const name = item.configuration?.BackupPlan?.BackupPlanName ?? item.resourceName ?? item.resourceId;
    const plan = item.configuration?.BackupPlan;
    if (!Array.isArray(plan?.BackupPlanRule) && !Array.isArray(plan?.Rules)) {
      return notApplicable(`The backup rules of plan ${name} were not recorded.`);
    }
    const rules = backupPlanRules(item.configuration);
    if (rules.length === 0)
      return nonCompliant(`Backup plan ${name} has no backup rule (required: ${required}).`);
    const problems: string[] = [];
    for (const rule of rules) {
      const problem = shortfall(rule, requiredMinutes, parameters.requiredRetentionDays, now);
      if (problem === undefined) {
        return compliant(`Backup plan ${name}: rule "${rule.RuleName ?? '(unnamed)'}" meets ${required}.`);
      }
      problems.push(problem);
    }
    return nonCompliant(`Backup plan ${name} has no rule meeting ${required}: ${problems.join('; ')}.`);
  },
} as const satisfies Rule<Parameters, BackupPlanConfiguration>;
