import {
  DescribeFlowLogsCommand,
  type EC2Client,
  type FlowLog,
  paginateDescribeFlowLogs,
} from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { FLOW_LOG_TYPE } from '#shared/resources/ec2';
import { partitionOfRegion } from '#shared/resources/s3';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['InvalidFlowLogId.NotFound', 'InvalidFlowLogId.Malformed'];

/**
 * An `AWS::EC2::FlowLog` item (DescribeFlowLogs in Config's camelCase: `resourceId` is the VPC, subnet or
 * interface it captures, with `trafficType`, `flowLogStatus`, `deliverLogsStatus`, `logDestinationType`,
 * `logDestination`, `logGroupName`). DescribeFlowLogs answers an unknown id with an empty list: deleted.
 */
export async function describeFlowLog(client: EC2Client, ref: ResourceRef): Promise<ConfigurationItem> {
  let flowLog: FlowLog | undefined;
  try {
    const response = await client.send(new DescribeFlowLogsCommand({ FlowLogIds: [ref.lookupId] }));
    flowLog = response.FlowLogs?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (flowLog === undefined) return deletedItem(ref);
  const flowLogId = flowLog.FlowLogId ?? ref.lookupId;
  return describedItem(ref, {
    resourceId: flowLogId,
    arn: `arn:${partitionOfRegion(ref.region)}:ec2:${ref.region}:${ref.accountId}:vpc-flow-log/${flowLogId}`,
    configuration: configObject(flowLog),
    tags: tagMap(flowLog.Tags),
  });
}

/** Every flow log of the region (of VPCs, subnets, interfaces and transit gateways alike). */
export async function listFlowLogs(client: EC2Client, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeFlowLogs({ client }, {})) {
    for (const flowLog of page.FlowLogs ?? []) {
      if (flowLog.FlowLogId) refs.push({ ...base, resourceType: FLOW_LOG_TYPE, lookupId: flowLog.FlowLogId });
    }
  }
  return refs;
}
