import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { InventorySourceName } from '#shared/config';
import { DESCRIBABLE_BY_TYPE } from '#shared/describe/registry';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';

/** One unit of a sweep: every resource of one type in one account and region. */
export interface SweepShard {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
}

/** A resource a listing found, carried in a page message so the page's worker does not list again. */
export const PageRefSchema = z.object({
  lookupId: z.string().min(1),
  resourceId: z.string().min(1).optional(),
  region: z.string().min(1),
});

/** The body of one sweep queue message: one page of one shard. */
export const SweepPageSchema = z.object({
  v: z.literal(1),
  sweepId: z.string().min(1),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  resourceType: z.string().min(1),
  /** 0 for a shard's first page; continuation pages count up. */
  page: z.number().int().min(0),
  source: z.enum(['config', 'describe', 'aggregator']),
  /** The capture time every item of the sweep gets (the sweep's start). */
  startedAt: z.iso.datetime(),
  /** Where a Config listing continues (config and aggregator sources). */
  token: z.string().min(1).optional(),
  /** The resources of this page, listed by the shard's first page (describe source). */
  refs: z.array(PageRefSchema).max(100).optional(),
});

/** One page of one shard, as queued. */
export type SweepPage = z.infer<typeof SweepPageSchema>;

/** The identity of a shard inside its sweep (`<account>#<region>#<type>`). */
export function shardKey(shard: SweepShard): string {
  return `${shard.accountId}#${shard.region}#${shard.resourceType}`;
}

/** The service part of a Config type (`AWS::S3::Bucket` → `S3`); the account item's is `Account`. */
export function serviceOf(resourceType: string): string {
  if (resourceType === ACCOUNT_RESOURCE_TYPE) return 'Account';
  return resourceType.split('::')[1] ?? resourceType;
}

/**
 * The shards of a sweep: every type in every account and region, except global types (IAM), which are
 * read once per account, in the first (home) region. With the describe source, types no describer can
 * list are left out (and named by the caller).
 */
export function planShards(options: {
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly resourceTypes: readonly string[];
}): SweepShard[] {
  const shards: SweepShard[] = [];
  for (const accountId of options.accounts) {
    for (const [index, region] of options.regions.entries()) {
      for (const resourceType of options.resourceTypes) {
        if (DESCRIBABLE_BY_TYPE.get(resourceType)?.scope === 'global' && index > 0) continue;
        shards.push({ accountId, region, resourceType });
      }
    }
  }
  return shards;
}

/** The types a sweep can read from a source: every type with the Config sources, describable ones otherwise. */
export function sweepableTypes(
  resourceTypes: readonly string[],
  source: InventorySourceName,
): { readonly swept: string[]; readonly unswept: string[] } {
  const swept: string[] = [];
  const unswept: string[] = [];
  for (const type of resourceTypes) {
    const readable = type === ACCOUNT_RESOURCE_TYPE || source !== 'describe' || DESCRIBABLE_BY_TYPE.has(type);
    (readable ? swept : unswept).push(type);
  }
  return { swept, unswept };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The FIFO message group of a page: `<account>#<service>#<n>` with `n` < `groupsPerService`, so at most
 * that many pages of one account's service are judged at once across all workers (SQS FIFO delivers one
 * group's messages one at a time); pages of a shard rotate through the groups.
 */
export function messageGroupOf(page: SweepPage, groupsPerService: number): string {
  const spread = Number.parseInt(sha256(page.resourceType).slice(0, 8), 16) + page.page;
  return `${page.accountId}#${serviceOf(page.resourceType)}#${spread % groupsPerService}`;
}

/** The FIFO deduplication id of a page: the same page of the same sweep is queued once. */
export function deduplicationIdOf(page: SweepPage): string {
  return sha256(`${page.sweepId}|${shardKey(page)}|${page.page}`);
}
