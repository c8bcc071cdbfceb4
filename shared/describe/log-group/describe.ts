import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  type LogGroup,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem } from '../config-shape';
import type { ResourceRef } from '../describer';

/** An `AWS::Logs::LogGroup` item (DescribeLogGroups shape; the resource id is the log group name). */
export async function describeLogGroup(
  client: CloudWatchLogsClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  let found: LogGroup | undefined;
  let nextToken: string | undefined;
  // A prefix query also returns longer names; page until the exact name shows up.
  do {
    const page = await client.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: ref.lookupId, ...(nextToken ? { nextToken } : {}) }),
    );
    found = page.logGroups?.find((group) => group.logGroupName === ref.lookupId);
    nextToken = found ? undefined : page.nextToken;
  } while (nextToken !== undefined);
  if (found === undefined) return deletedItem(ref);
  return describedItem(ref, {
    resourceId: ref.lookupId,
    resourceName: ref.lookupId,
    ...(found.arn === undefined ? {} : { arn: found.arn }),
    configuration: configObject(found),
  });
}

/** Every log group of the region. */
export async function listLogGroups(
  client: CloudWatchLogsClient,
  base: Omit<ResourceRef, 'lookupId' | 'resourceType'>,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeLogGroups({ client }, {})) {
    for (const group of page.logGroups ?? []) {
      if (group.logGroupName) {
        refs.push({ ...base, resourceType: 'AWS::Logs::LogGroup', lookupId: group.logGroupName });
      }
    }
  }
  return refs;
}
