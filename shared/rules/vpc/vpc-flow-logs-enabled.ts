import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import {
  FLOW_LOG_TYPE,
  type FlowLogConfiguration,
  flowLogIdOf,
  flowLogsOfVpc,
  VPC_TYPE,
  type VpcConfiguration,
  vpcIdOf,
} from '#shared/resources/ec2';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const TRAFFIC_TYPES = ['ACCEPT', 'REJECT', 'ALL'] as const;

type TrafficType = (typeof TRAFFIC_TYPES)[number];

function isTrafficType(value: string): value is TrafficType {
  return (TRAFFIC_TYPES as readonly string[]).includes(value);
}

/** Whether the item records the flow log's status, which Config and DescribeFlowLogs always give. */
function statusRecorded(flowLog: ConfigurationItem<FlowLogConfiguration>): boolean {
  return typeof flowLog.configuration?.flowLogStatus === 'string';
}

/** Why a flow log whose status is recorded does not count as enabled, or undefined when it does. */
function inactiveReason(flowLog: ConfigurationItem<FlowLogConfiguration>): string | undefined {
  const configuration = flowLog.configuration;
  const status = configuration?.flowLogStatus;
  if (status !== undefined && status.toUpperCase() !== 'ACTIVE') return `status ${status}`;
  if (configuration?.deliverLogsStatus?.toUpperCase() === 'FAILED') {
    const message = configuration.deliverLogsErrorMessage;
    return message ? `delivery FAILED (${message})` : 'delivery FAILED';
  }
  return undefined;
}

/** Whether flow logs of these traffic types together capture `wanted`. */
function captures(types: ReadonlySet<string>, wanted: TrafficType): boolean {
  if (types.has(wanted) || types.has('ALL')) return true;
  return wanted === 'ALL' && types.has('ACCEPT') && types.has('REJECT');
}

function describeFlowLog(flowLog: ConfigurationItem<FlowLogConfiguration>): string {
  const configuration = flowLog.configuration;
  return `${flowLogIdOf(flowLog)} (${configuration?.trafficType ?? 'traffic type not recorded'} to ${configuration?.logDestinationType ?? 'unknown destination'})`;
}

/**
 * VPCs have an active flow log (VPC-level, not only subnet or interface ones), judged with the
 * inventory's `AWS::EC2::FlowLog` items.
 * Readings where the managed rule is silent, chosen to be safe: a flow log whose status is not ACTIVE or
 * whose delivery FAILED does not count. With `trafficType`, a flow log of type ALL captures ACCEPT and
 * REJECT too, and ACCEPT and REJECT flow logs together capture ALL. Nothing is concluded from data that
 * was not collected: no flow log in an inventory that could not read flow logs (the describe path), or
 * flow logs whose status or traffic type is not recorded, make the VPC NOT_APPLICABLE with the reason
 * unless a flow log that was collected already decides it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/vpc-flow-logs-enabled.html
 */
export const vpcFlowLogsEnabled = {
  id: 'vpc-flow-logs-enabled',
  title: 'VPCs record network traffic with flow logs',
  resourceTypes: [VPC_TYPE],
  reads: [FLOW_LOG_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    trafficType: {
      type: 'string',
      default: '',
      description: 'Traffic the flow logs must capture: ACCEPT, REJECT or ALL; empty accepts any.',
    },
  },
  rationale:
    'Without flow logs there is no record of who talked to what inside the network during an incident.',
  remediationAdvice:
    'Create a VPC flow log: `aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>` (VPC console › Flow logs › Create flow log).',
  evaluate(item, { parameters, inventory }) {
    const wantedRaw = parameters.trafficType.trim().toUpperCase();
    if (wantedRaw !== '' && !isTrafficType(wantedRaw)) {
      throw new RuleParameterError(
        `rule vpc-flow-logs-enabled: trafficType must be ACCEPT, REJECT or ALL, got ${JSON.stringify(parameters.trafficType)}`,
        { context: { ruleId: 'vpc-flow-logs-enabled', parameter: 'trafficType' } },
      );
    }
    const vpcId = vpcIdOf(item);
    const flowLogs = flowLogsOfVpc(item, inventory);
    if (flowLogs.length === 0) {
      return inventory.collects(FLOW_LOG_TYPE)
        ? nonCompliant(`VPC ${vpcId} has no VPC-level flow log.`)
        : notApplicable(`Flow logs of VPC ${vpcId} were not collected (no flow log describer on this path).`);
    }
    const unknown = flowLogs.filter((flowLog) => !statusRecorded(flowLog));
    const active = flowLogs.filter(
      (flowLog) => statusRecorded(flowLog) && inactiveReason(flowLog) === undefined,
    );
    if (active.length === 0 && unknown.length > 0) {
      const ids = unknown.slice(0, 3).map(flowLogIdOf).join(', ');
      return notApplicable(
        `VPC ${vpcId} has no flow log known to work; the status of ${ids} was not recorded.`,
      );
    }
    if (active.length === 0) {
      const reasons = flowLogs
        .slice(0, 3)
        .map((flowLog) => `${flowLogIdOf(flowLog)} ${inactiveReason(flowLog)}`)
        .join('; ');
      return nonCompliant(`VPC ${vpcId} has no working flow log: ${reasons}.`);
    }
    if (wantedRaw !== '') {
      const types = new Set(
        active.map((flowLog) => (flowLog.configuration?.trafficType ?? '').toUpperCase()),
      );
      if (!captures(types, wantedRaw)) {
        const untyped = active.filter((flowLog) => !flowLog.configuration?.trafficType);
        if (untyped.length > 0 || unknown.length > 0) {
          return notApplicable(
            `VPC ${vpcId} has no flow log known to capture ${wantedRaw} traffic; the traffic type or status of ${[...untyped, ...unknown].slice(0, 3).map(flowLogIdOf).join(', ')} was not recorded.`,
          );
        }
        const recorded = [...types].filter((type) => type !== '').join(', ') || 'none recorded';
        return nonCompliant(
          `VPC ${vpcId} has no flow log capturing ${wantedRaw} traffic (traffic types: ${recorded}).`,
        );
      }
    }
    const listed = active.slice(0, 3).map(describeFlowLog).join(', ');
    return compliant(`VPC ${vpcId} has flow logs: ${listed}.`);
  },
} as const satisfies Rule<{ trafficType: string }, VpcConfiguration>;
