import { type CloudWatchLogsClient, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type FlowLog,
} from '@aws-sdk/client-ec2';
import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '#shared/describe/config-shape';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { FLOW_LOG_TYPE, VPC_TYPE } from '#shared/resources/ec2';

/** The current state of a resource to remediate, with the other resources its rule judges it by. */
export interface CurrentResource {
  readonly item: ConfigurationItem;
  readonly inventory: readonly ConfigurationItem[];
}

/** Reads a resource as it is now (before and after a remediation), in AWS Config's item shape. */
export interface RemediationReader {
  /** Whether this reader can read the type through the service API (otherwise the queued item is used). */
  canRead(resourceType: string): boolean;
  read(ref: ResourceRef): Promise<CurrentResource>;
}

/** An `AWS::EC2::VPC` item and its VPC-level flow logs (`AWS::EC2::FlowLog` items), from DescribeVpcs and DescribeFlowLogs. */
export async function describeVpcWithFlowLogs(client: EC2Client, ref: ResourceRef): Promise<CurrentResource> {
  let vpc: Record<string, unknown> | undefined;
  let tags: Record<string, string> = {};
  try {
    const response = await client.send(new DescribeVpcsCommand({ VpcIds: [ref.lookupId] }));
    const found = response.Vpcs?.[0];
    if (found !== undefined) {
      vpc = configObject(found);
      tags = tagMap(found.Tags);
    }
  } catch (error) {
    if (!['InvalidVpcID.NotFound', 'InvalidVpcID.Malformed'].includes(errorNameOf(error))) throw error;
  }
  if (vpc === undefined) return { item: deletedItem(ref), inventory: [] };
  const flowLogs: FlowLog[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeFlowLogsCommand({
        Filter: [{ Name: 'resource-id', Values: [ref.lookupId] }],
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    flowLogs.push(...(page.FlowLogs ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  const item = describedItem(ref, {
    resourceId: ref.lookupId,
    arn: `arn:aws:ec2:${ref.region}:${ref.accountId}:vpc/${ref.lookupId}`,
    configuration: vpc,
    tags,
  });
  const inventory = flowLogs.flatMap((flowLog) =>
    flowLog.FlowLogId === undefined
      ? []
      : [
          describedItem(
            { ...ref, resourceType: FLOW_LOG_TYPE, lookupId: flowLog.FlowLogId },
            {
              resourceId: flowLog.FlowLogId,
              configuration: configObject(flowLog),
              tags: tagMap(flowLog.Tags),
            },
          ),
        ],
  );
  return { item, inventory };
}

/**
 * Reads resources through the service APIs: the pipeline's describer for the types it knows, plus VPCs
 * with their flow logs; log groups get their tags (which DescribeLogGroups leaves out) so exemptions apply.
 */
export class DescribingReader implements RemediationReader {
  readonly #describer: ResourceDescriber;
  readonly #ec2: () => EC2Client;
  readonly #logs: () => CloudWatchLogsClient;

  constructor(options: {
    readonly describer: ResourceDescriber;
    readonly ec2: () => EC2Client;
    readonly logs: () => CloudWatchLogsClient;
  }) {
    this.#describer = options.describer;
    this.#ec2 = options.ec2;
    this.#logs = options.logs;
  }

  canRead(resourceType: string): boolean {
    return resourceType === VPC_TYPE || this.#describer.supportedTypes.includes(resourceType);
  }

  async read(ref: ResourceRef): Promise<CurrentResource> {
    if (ref.resourceType === VPC_TYPE) return describeVpcWithFlowLogs(this.#ec2(), ref);
    const item = await this.#describer.describe(ref);
    if (ref.resourceType === 'AWS::Logs::LogGroup' && !isDeleted(item) && item.arn !== undefined) {
      const response = await this.#logs().send(
        new ListTagsForResourceCommand({ resourceArn: item.arn.replace(/:\*$/, '') }),
      );
      return { item: { ...item, tags: { ...item.tags, ...(response.tags ?? {}) } }, inventory: [] };
    }
    return { item, inventory: [] };
  }
}
