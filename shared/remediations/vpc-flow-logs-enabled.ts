import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import {
  type FlowLogConfiguration,
  flowLogsOfVpc,
  VPC_TYPE,
  type VpcConfiguration,
  vpcIdOf,
} from '#shared/resources/ec2';
import { type FlowLogDestination, nothingToDo, planCalls, type Remediation, refuse } from './remediation';

/** Tag Vigil puts on the flow logs it creates, so people can tell them from their own. */
export const CREATED_BY_TAG = 'vigil:created-by';

function isActive(flowLog: ConfigurationItem<FlowLogConfiguration>): boolean {
  const configuration = flowLog.configuration;
  const status = configuration?.flowLogStatus?.toUpperCase();
  return (
    (status === undefined || status === 'ACTIVE') &&
    configuration?.deliverLogsStatus?.toUpperCase() !== 'FAILED'
  );
}

/** Whether flow logs of these traffic types capture `wanted` (any type when it is empty). */
function captures(types: ReadonlySet<string>, wanted: string): boolean {
  if (wanted === '' || types.has(wanted) || types.has('ALL')) return true;
  return wanted === 'ALL' && types.has('ACCEPT') && types.has('REJECT');
}

function destinationInput(destination: FlowLogDestination) {
  return destination.type === 's3'
    ? { LogDestinationType: 's3' as const, LogDestination: destination.bucketArn }
    : {
        LogDestinationType: 'cloud-watch-logs' as const,
        LogGroupName: destination.logGroupName,
        DeliverLogsPermissionArn: destination.deliverLogsRoleArn,
      };
}

/**
 * Creates a VPC-level flow log (`CreateFlowLogs`) capturing the rule's `trafficType` (ALL when empty) to
 * the destination the deployment configures (`REMEDIATION_FLOW_LOG_DESTINATION`: an S3 bucket ARN, or a
 * log group with a delivery role); without one the plan is refused. Existing flow logs are never touched:
 * a VPC that already has a working one capturing the wanted traffic is left alone. Flow logs cost money
 * per GB delivered.
 */
export const vpcFlowLogsEnabledRemediation = {
  ruleId: 'vpc-flow-logs-enabled',
  title: 'Create a VPC flow log to the configured destination',
  resourceTypes: [VPC_TYPE],
  permissions: ['ec2:CreateFlowLogs', 'ec2:CreateTags', 'logs:CreateLogDelivery', 'iam:PassRole'],
  verification: 'immediate',
  plan(item, { parameters, settings, inventory }) {
    const vpcId = vpcIdOf(item);
    const wanted = parameters.trafficType.trim().toUpperCase();
    if (wanted !== '' && !['ACCEPT', 'REJECT', 'ALL'].includes(wanted)) {
      return refuse(`trafficType ${JSON.stringify(parameters.trafficType)} is not ACCEPT, REJECT or ALL.`);
    }
    const active = flowLogsOfVpc(item, inventory).filter(isActive);
    const types = new Set(active.map((flowLog) => (flowLog.configuration?.trafficType ?? '').toUpperCase()));
    if (active.length > 0 && captures(types, wanted)) {
      return nothingToDo(`VPC ${vpcId} already has a working flow log.`);
    }
    const destination = settings.flowLogDestination;
    if (destination === undefined) {
      return refuse('No flow log destination is configured (REMEDIATION_FLOW_LOG_DESTINATION).');
    }
    const trafficType = wanted === '' ? 'ALL' : (wanted as 'ACCEPT' | 'REJECT' | 'ALL');
    const target =
      destination.type === 's3' ? destination.bucketArn : `log group ${destination.logGroupName}`;
    return planCalls({
      service: 'ec2',
      operation: 'CreateFlowLogs',
      input: {
        ResourceIds: [vpcId],
        ResourceType: 'VPC',
        TrafficType: trafficType,
        ...destinationInput(destination),
        TagSpecifications: [
          { ResourceType: 'vpc-flow-log', Tags: [{ Key: CREATED_BY_TAG, Value: 'vpc-flow-logs-enabled' }] },
        ],
      },
      description: `Create a flow log of VPC ${vpcId} capturing ${trafficType} traffic to ${target}`,
    });
  },
} as const satisfies Remediation<{ trafficType: string }, VpcConfiguration>;
