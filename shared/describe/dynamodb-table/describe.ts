import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTagsOfResourceCommand,
  paginateListTables,
  type TableDescription,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { DYNAMODB_TABLE_TYPE } from '#shared/resources/dynamodb';
import { beanObject } from '../bean-shape';
import { deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/** Errors that leave a sub-read uncollected: no permission, or not supported where the table lives. */
const UNREADABLE = ['AccessDeniedException', 'UnknownOperationException'];

/** A table's name from a name or ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>[/index/…]`). */
export function tableNameOf(lookupId: string): string {
  return /^arn:[^:]+:dynamodb:[^:]*:\d*:table\/([^/]+)/.exec(lookupId)?.[1] ?? lookupId;
}

/** Every tag of a table (ListTagsOfResource pages by NextToken), or `undefined` when it may not be read. */
async function tagsOf(client: DynamoDBClient, arn: string): Promise<Tag[] | undefined> {
  const tags: Tag[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await optionalRead(
      () =>
        client.send(
          new ListTagsOfResourceCommand({
            ResourceArn: arn,
            ...(token === undefined ? {} : { NextToken: token }),
          }),
        ),
      UNREADABLE,
    );
    if (page === undefined) return undefined;
    tags.push(...(page.Tags ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return tags;
}

/**
 * An `AWS::DynamoDB::Table` item: DescribeTable in Config's Jackson bean naming (`ssedescription.ssetype`,
 * `ssedescription.kmsmasterKeyArn`, dates as epoch milliseconds), keyed and named by the table name, with
 * `supplementaryConfiguration.ContinuousBackupsDescription` (point-in-time recovery) from
 * DescribeContinuousBackups and `supplementaryConfiguration.Tags` from ListTagsOfResource. A sub-read that may
 * not be made leaves its part absent; a table DynamoDB no longer knows is deleted.
 */
export async function describeTable(client: DynamoDBClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const name = tableNameOf(ref.lookupId);
  let table: TableDescription | undefined;
  try {
    table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (errorNameOf(error) === 'ResourceNotFoundException') return deletedItem(ref, name);
    throw error;
  }
  if (table?.TableName === undefined) return deletedItem(ref, name);
  const arn = table.TableArn;
  const [backups, tags] = await Promise.all([
    optionalRead(
      () => client.send(new DescribeContinuousBackupsCommand({ TableName: table.TableName })),
      // A table being created or deleted answers TableNotFoundException until it is ACTIVE.
      [...UNREADABLE, 'TableNotFoundException'],
    ),
    arn === undefined ? Promise.resolve(undefined) : tagsOf(client, arn),
  ]);
  const supplementary: Record<string, unknown> = {};
  if (backups?.ContinuousBackupsDescription !== undefined) {
    supplementary.ContinuousBackupsDescription = beanObject(
      backups.ContinuousBackupsDescription,
      'epoch-millis',
    );
  }
  if (tags !== undefined) supplementary.Tags = tags.map((tag) => beanObject(tag, 'epoch-millis'));
  return describedItem(ref, {
    resourceId: table.TableName,
    resourceName: table.TableName,
    ...(arn === undefined ? {} : { arn }),
    configuration: beanObject(table, 'epoch-millis'),
    supplementaryConfiguration: supplementary,
    tags: tagMap(tags),
  });
}

/** Every table of the region. */
export async function listTables(client: DynamoDBClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListTables({ client }, {})) {
    for (const name of page.TableNames ?? []) {
      refs.push({ ...base, resourceType: DYNAMODB_TABLE_TYPE, lookupId: name });
    }
  }
  return refs;
}
