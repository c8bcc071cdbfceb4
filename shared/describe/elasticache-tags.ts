import { type ElastiCacheClient, ListTagsForResourceCommand } from '@aws-sdk/client-elasticache';
import { optionalRead, tagMap } from './config-shape';

/** Errors that leave an ElastiCache resource's tags uncollected: no permission to read them. */
const UNREADABLE = ['AccessDenied', 'AccessDeniedException'];

/** The id in an ElastiCache ARN of `kind` (`arn:aws:elasticache:<region>:<account>:<kind>:<id>`), else undefined. */
export function elastiCacheArnId(arn: string | undefined, kind: string): string | undefined {
  const match = arn === undefined ? null : /^arn:[^:]+:elasticache:[^:]*:\d*:([a-z]+):(.+)$/.exec(arn);
  return match?.[1] === kind ? match[2] : undefined;
}

/**
 * The tags of the ElastiCache resource `arn` names, as Config's tag map (ListTagsForResource, one call);
 * empty when there is no ARN or the tags may not be read.
 */
export async function elastiCacheTags(
  client: ElastiCacheClient,
  arn: string | undefined,
): Promise<Record<string, string>> {
  if (arn === undefined) return {};
  const tags = await optionalRead(
    () => client.send(new ListTagsForResourceCommand({ ResourceName: arn })),
    UNREADABLE,
  );
  return tagMap(tags?.TagList);
}
