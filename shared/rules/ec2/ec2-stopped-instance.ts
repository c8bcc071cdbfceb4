import {
  ENDED_INSTANCE_STATES,
  INSTANCE_TYPE,
  type InstanceConfiguration,
  instanceStateName,
} from '#shared/resources/ec2';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const DAY_MS = 86_400_000;

/** The time in `User initiated (2026-11-18 22:02:47 GMT)`, the reason EC2 records for a user's stop. */
function stoppedAt(reason: string): Date | undefined {
  const match = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/.exec(reason);
  if (match === null) return undefined;
  const time = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * EC2 instances are not left stopped for more than `AllowedDays` (default 30) days. The stop time is read
 * from `configuration.stateTransitionReason`, where EC2 records `User initiated (<time> GMT)`; a stopped
 * instance whose reason carries no time (a stop by EC2 itself, `Server.…`) has a stopped time that
 * "cannot be determined", NON_COMPLIANT as on the page. Instances in any other state are COMPLIANT;
 * shutting-down and terminated ones, and items that do not record the reason, are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ec2-stopped-instance.html
 */
export const ec2StoppedInstance = {
  id: 'ec2-stopped-instance',
  title: 'EC2 instances are not left stopped for long',
  resourceTypes: [INSTANCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    AllowedDays: {
      type: 'number',
      default: 30,
      description: 'Days an instance may stay stopped.',
    },
  },
  rationale:
    'Long-stopped instances miss every patch while they sleep, keep their volumes, addresses and roles, and come back unreviewed when someone starts them.',
  remediationAdvice:
    'Terminate the instance if nobody needs it (snapshot its volumes first), or start and patch it: `aws ec2 terminate-instances --instance-ids <id>`.',
  evaluate(item, { parameters, now }) {
    const allowed = parameters.AllowedDays;
    if (!Number.isFinite(allowed) || allowed < 0) {
      throw new RuleParameterError(
        `rule ec2-stopped-instance: AllowedDays must be 0 or more, got ${allowed}`,
        {
          context: { ruleId: 'ec2-stopped-instance', parameter: 'AllowedDays' },
        },
      );
    }
    const configuration = item.configuration;
    const id = configuration?.instanceId ?? item.resourceId;
    const state = instanceStateName(configuration);
    if (state === undefined) return notApplicable(`The state of EC2 instance ${id} was not recorded.`);
    if (ENDED_INSTANCE_STATES.has(state)) return notApplicable(`EC2 instance ${id} is ${state}.`);
    if (state !== 'stopped') return compliant(`EC2 instance ${id} is ${state}.`);
    const reason = configuration?.stateTransitionReason;
    if (typeof reason !== 'string') {
      return notApplicable(`Why and when EC2 instance ${id} stopped was not recorded.`);
    }
    const since = stoppedAt(reason);
    if (since === undefined) {
      return nonCompliant(
        `EC2 instance ${id} is stopped and its stop time cannot be determined (${reason || 'no reason recorded'}).`,
      );
    }
    const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
    const when = since.toISOString().slice(0, 10);
    return days > allowed
      ? nonCompliant(`EC2 instance ${id} has been stopped since ${when}, ${days} days, more than ${allowed}.`)
      : compliant(`EC2 instance ${id} has been stopped since ${when}, ${days} days, within ${allowed}.`);
  },
} as const satisfies Rule<{ AllowedDays: number }, InstanceConfiguration>;
