import { DESCRIBABLE } from '#shared/describe/registry';
import { type DescribableType, mergeDescribePermissions } from '#shared/describe/resource-type';

/** Calls `vigil scan --live` makes beyond the describers: the regions of `--regions all`. */
const LIVE_SCAN_EXTRA_ACTIONS: readonly string[] = ['ec2:DescribeRegions'];

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** A describe resource pattern for a policy a user attaches in any account and region of the partition. */
function anyAccountAndRegion(pattern: string, partition: string): string {
  return pattern
    .replaceAll('{partition}', partition)
    .replaceAll('{region}', '*')
    .replaceAll('{account}', '*');
}

/** `VigilReadS3`, `VigilReadGuarddutyEc2`: the services a statement reads, for a statement id. */
function sidOf(actions: readonly string[]): string {
  const services = [...new Set(actions.map((action) => action.split(':')[0] ?? ''))].sort();
  return `VigilRead${services.map((service) => service.charAt(0).toUpperCase() + service.slice(1)).join('')}`;
}

/**
 * The read-only IAM policy `vigil scan --live` needs, generated from what each describable type declares
 * (so it cannot fall behind the describers): one statement per resource pattern, `*` only for actions
 * without resource-level permissions. `sts:GetCallerIdentity` needs no permission.
 */
export function liveScanPolicy(
  types: readonly DescribableType[] = DESCRIBABLE,
  partition = 'aws',
): PolicyDocument {
  const merged = mergeDescribePermissions([
    { actions: LIVE_SCAN_EXTRA_ACTIONS, resources: ['*'], reason: 'ec2:DescribeRegions for --regions all.' },
    ...types.flatMap((support) => support.permissions),
  ]);
  const used = new Set<string>();
  const unique = (sid: string): string => {
    let candidate = sid;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${sid}${n}`;
    used.add(candidate);
    return candidate;
  };
  const statements = merged.map((permission) => ({
    Sid: unique(permission.resources.includes('*') ? 'VigilReadNoResourceLevel' : sidOf(permission.actions)),
    Effect: 'Allow' as const,
    Action: permission.actions,
    Resource: permission.resources.map((resource) => anyAccountAndRegion(resource, partition)),
  }));
  return { Version: '2012-10-17', Statement: statements };
}

/** The policy as the committed docs file holds it: two-space JSON and a final newline. */
export function liveScanPolicyText(): string {
  return `${JSON.stringify(liveScanPolicy(), null, 2)}\n`;
}
