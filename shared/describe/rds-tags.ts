import type { CloudTrailRecord } from '#shared/pipeline/events';
import { stringAt } from './resource-type';

/** The RDS tagging calls; every RDS resource type tags through them, by ARN (`requestParameters.resourceName`). */
export const RDS_TAG_EVENTS: readonly string[] = ['AddTagsToResource', 'RemoveTagsFromResource'];

/**
 * The name in the ARN an RDS tagging call names when the ARN is of `arnType` (`db`, `cluster`, `snapshot`,
 * `cluster-snapshot`), else `undefined`: these calls are shared by every RDS type, so each type's extractor
 * keeps only its own resources. An automated snapshot's name keeps its `rds:` prefix.
 */
export function rdsTaggedName(record: CloudTrailRecord, arnType: string): string | undefined {
  const arn = stringAt(record.requestParameters, 'resourceName');
  const match = arn === undefined ? null : /^arn:[^:]+:rds:[^:]*:\d*:([a-z-]+):(.+)$/.exec(arn);
  return match?.[1] === arnType ? match[2] : undefined;
}
