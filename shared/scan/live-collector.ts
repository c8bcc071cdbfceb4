import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import { DESCRIBABLE_BY_TYPE } from '#shared/describe/registry';
import { settleWithConcurrency } from '#shared/pipeline/concurrency';

/** What a live scan reads: which account, regions and types, as of when. */
export interface LiveScanTarget {
  readonly accountId: string;
  readonly regions: readonly string[];
  readonly resourceTypes: readonly string[];
  readonly captureTime: string;
  /** Describe calls in flight at once, per region and type. */
  readonly concurrency: number;
}

/** A part of the account the scan could not read: a whole type of a region, or one resource. */
export interface LiveReadFailure {
  readonly region: string;
  readonly resourceType: string;
  /** The resource, when only its describe failed (the type's listing worked). */
  readonly lookupId?: string;
  /** The AWS error name (e.g. `AccessDenied`). */
  readonly errorName: string;
  /** The IAM action the call needed, when the error says so or the failed call names it. */
  readonly missingAction?: string;
  readonly message: string;
}

/** One step of a live scan, as it happens. */
export type LiveScanEvent =
  | { readonly kind: 'item'; readonly item: ConfigurationItem }
  | { readonly kind: 'failure'; readonly failure: LiveReadFailure }
  | {
      readonly kind: 'progress';
      readonly region: string;
      readonly resourceType: string;
      readonly resources: number;
    };

const ACCESS_DENIED: readonly string[] = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedException',
];

/** The innermost error of a describer failure (DescribeError wraps the SDK's). */
function rootError(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  return current;
}

/**
 * The IAM action a failed read needed: as AWS's message names it ("… is not authorized to perform:
 * s3:GetBucketPolicy …"), else the declared action of the type whose name is the SDK command's (the
 * service clients tag each error with the command that failed).
 */
export function missingActionOf(error: unknown, resourceType: string): string | undefined {
  const root = rootError(error);
  const message = root instanceof Error ? root.message : String(root);
  const named = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1];
  if (named !== undefined) return named;
  const command = (root as { readonly commandName?: unknown }).commandName;
  if (typeof command !== 'string') return undefined;
  const name = command.replace(/Command$/, '');
  const declared = DESCRIBABLE_BY_TYPE.get(resourceType)?.permissions.flatMap((p) => p.actions) ?? [];
  return declared.find((action) => action.split(':')[1] === name);
}

function failureOf(error: unknown, region: string, resourceType: string, lookupId?: string): LiveReadFailure {
  const root = rootError(error);
  const errorName = root instanceof Error ? root.name : 'Error';
  const missingAction = ACCESS_DENIED.includes(errorName) ? missingActionOf(error, resourceType) : undefined;
  return {
    region,
    resourceType,
    ...(lookupId === undefined ? {} : { lookupId }),
    errorName,
    ...(missingAction === undefined ? {} : { missingAction }),
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Lists and describes every resource of the target's types in each region through the service APIs, as
 * the describe sweep does, yielding items as each (region, type) finishes. Global types (IAM) and
 * account-wide listings (S3 buckets) are read once; a failed listing or describe becomes a failure event
 * naming the missing IAM action where it can, never an exception.
 */
export async function* collectLiveItems(
  describerFor: (region: string) => ResourceDescriber,
  target: LiveScanTarget,
): AsyncGenerator<LiveScanEvent> {
  const seen = new Set<string>();
  for (const [index, region] of target.regions.entries()) {
    const describer = describerFor(region);
    for (const resourceType of target.resourceTypes) {
      const support = DESCRIBABLE_BY_TYPE.get(resourceType);
      if (support === undefined) continue;
      if (support.scope === 'global' && index > 0) continue;
      let refs: ResourceRef[];
      try {
        refs = await describer.listRefs(resourceType, target.accountId, target.captureTime);
      } catch (error) {
        yield { kind: 'failure', failure: failureOf(error, region, resourceType) };
        continue;
      }
      const fresh = refs.filter((ref) => {
        const key = `${ref.resourceType}|${ref.region}|${ref.lookupId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return target.regions.includes(ref.region) || support.scope === 'global';
      });
      const results = await settleWithConcurrency(fresh, target.concurrency, (ref) =>
        ref.region === region ? describer.describe(ref) : describerFor(ref.region).describe(ref),
      );
      for (const [position, result] of results.entries()) {
        if (result.status === 'fulfilled') {
          if (result.value.status !== 'ResourceDeleted') yield { kind: 'item', item: result.value };
        } else {
          const ref = fresh[position];
          yield {
            kind: 'failure',
            failure: failureOf(result.reason, ref?.region ?? region, resourceType, ref?.lookupId),
          };
        }
      }
      yield { kind: 'progress', region, resourceType, resources: fresh.length };
    }
  }
}
