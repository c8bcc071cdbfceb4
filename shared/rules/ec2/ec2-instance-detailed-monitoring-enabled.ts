import {
  ENDED_INSTANCE_STATES,
  INSTANCE_TYPE,
  type InstanceConfiguration,
  instanceStateName,
} from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * EC2 instances have detailed (one-minute) CloudWatch monitoring: `monitoring.state` is `enabled` (or
 * `pending`, on its way there). Terminated and shutting-down instances are NOT_APPLICABLE, and so is an
 * instance whose monitoring state was not recorded: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-detailed-monitoring-enabled.html
 */
export const ec2InstanceDetailedMonitoringEnabled = {
  id: 'ec2-instance-detailed-monitoring-enabled',
  title: 'EC2 instances have detailed monitoring enabled',
  resourceTypes: [INSTANCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'One-minute metrics let alarms catch a compromised or failing instance in minutes rather than after five-minute averages smooth the signal away.',
  remediationAdvice: 'Enable it: `aws ec2 monitor-instances --instance-ids <instance-id>`.',
  evaluate(item) {
    const id = item.configuration?.instanceId ?? item.resourceId;
    const state = instanceStateName(item.configuration);
    if (state !== undefined && ENDED_INSTANCE_STATES.has(state)) {
      return notApplicable(`EC2 instance ${id} is ${state}.`);
    }
    const monitoring = item.configuration?.monitoring?.state;
    if (typeof monitoring !== 'string') {
      return notApplicable(`The monitoring state of EC2 instance ${id} was not recorded.`);
    }
    const value = monitoring.toLowerCase();
    return value === 'enabled' || value === 'pending'
      ? compliant(`EC2 instance ${id} has detailed monitoring ${value}.`)
      : nonCompliant(`EC2 instance ${id} has detailed monitoring ${value}.`);
  },
} as const satisfies Rule<Record<string, never>, InstanceConfiguration>;
