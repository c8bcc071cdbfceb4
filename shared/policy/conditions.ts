/**
 * Condition helpers: CIDR parsing for `aws:SourceIp`, and the test of whether a statement's conditions
 * pin access to fixed values, which is what makes a wildcard-principal statement non-public.
 *
 * Semantics, mirroring Amazon S3's definition of a "public" bucket policy (also applied here to Lambda,
 * SNS and SQS resource policies):
 *
 * A condition entry restricts access when, with a positive operator, every one of its values is fixed
 * (contains no `*`, no `?` and no policy variable `${...}`) for one of these keys (compared
 * case-insensitively):
 * - `aws:SourceIp` with `IpAddress`, when every CIDR is at least as narrow as /8 (IPv4) or /32 (IPv6);
 *   S3 treats broader ranges as public. `0.0.0.0/0`, `::/0` and `0.0.0.0/1` are public. An address
 *   without a prefix is a /32 (or /128); IPv4-mapped IPv6 ranges (`::ffff:a.b.c.d/n`, n ≥ 96) are judged
 *   as the IPv4 range they map. S3 exempts the RFC 1918 ranges from the breadth test, which changes
 *   nothing here because none of them is broader than /8. An unparsable CIDR restricts nothing.
 * - `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`, `aws:SourceAccount`,
 *   `s3:DataAccessPointAccount`, `s3:x-amz-server-side-encryption-aws-kms-key-id` (all listed by S3).
 * - `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`: S3 counts "a fixed AWS principal"
 *   as non-public and IAM Access Analyzer treats these keys the same way; a fixed value names one
 *   organization, account or principal.
 * - `aws:userid`: fixed values, and also the `AROAEXAMPLEID:*` form, which names every session of one role
 *   (S3 allows exactly this pattern).
 * - `s3:DataAccessPointArn`: the access point name may contain wildcards as long as the partition,
 *   region and 12-digit account are fixed (S3 allows this for bucket policies).
 *
 * Positive operators are `StringEquals`, `StringEqualsIgnoreCase`, `StringLike`, `ArnEquals`, `ArnLike`
 * (and `IpAddress` for `aws:SourceIp`), optionally prefixed with `ForAnyValue:`, which is false when the
 * key is absent. These never restrict: negated operators (`StringNotEquals`, `NotIpAddress`, ...), which
 * let every other value through; any `...IfExists` operator, which is true when the key is absent (an
 * anonymous caller has no `aws:PrincipalOrgID`); `ForAllValues:`, which is also true when the key is
 * absent; `Null`; and any other key (`aws:SecureTransport`, `aws:PrincipalIsAWSService`,
 * `aws:PrincipalOrgPaths`, ...), which anyone can satisfy or which S3 does not list.
 *
 * Conditions are ANDed, so one restricting entry makes the statement non-public; values within an entry
 * are ORed, so one wildcard value (or one broad CIDR) makes the whole entry non-restricting.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
import { hasWildcard } from './matchers';
import type { ConditionEntry, ConditionOperator } from './policy-document';

/** A parsed IPv4 or IPv6 CIDR block. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The address as written (before the slash). */
  readonly address: string;
  readonly prefixLength: number;
  /** For IPv4 blocks and IPv4-mapped IPv6 blocks: the equivalent IPv4 prefix length. */
  readonly ipv4PrefixLength: number | undefined;
}

/** Broadest IPv4 prefix S3 still treats as non-public. */
export const NARROWEST_PUBLIC_IPV4_PREFIX = 8;
/** Broadest IPv6 prefix S3 still treats as non-public. */
export const NARROWEST_PUBLIC_IPV6_PREFIX = 32;

/** Parses `a.b.c.d[/n]` or an IPv6 address (with `::` and dotted tails) `[/n]`; undefined if invalid. */
export function parseCidr(value: string): Cidr | undefined {
  const text = value.trim();
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  if (parseIpv4(address) !== undefined) {
    const prefixLength = prefixText === undefined ? 32 : Number(prefixText);
    if (prefixLength > 32) return undefined;
    return { family: 4, address, prefixLength, ipv4PrefixLength: prefixLength };
  }
  const groups = parseIpv6(address);
  if (groups === undefined) return undefined;
  const prefixLength = prefixText === undefined ? 128 : Number(prefixText);
  if (prefixLength > 128) return undefined;
  const mapped =
    prefixLength >= 96 && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff
      ? prefixLength - 96
      : undefined;
  return { family: 6, address, prefixLength, ipv4PrefixLength: mapped };
}

/** Whether a CIDR block is broad enough for S3 to call a grant limited to it public (`0.0.0.0/0`, `::/0`, `1.0.0.0/7`). */
export function isPublicCidr(cidr: Cidr): boolean {
  if (cidr.ipv4PrefixLength !== undefined) return cidr.ipv4PrefixLength < NARROWEST_PUBLIC_IPV4_PREFIX;
  return cidr.prefixLength < NARROWEST_PUBLIC_IPV6_PREFIX;
}

function parseIpv4(text: string): readonly number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function parseIpv6(text: string): readonly number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseHalf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    const out: number[] = [];
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = v4;
        out.push(a * 256 + b, c * 256 + d);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) {
        out.push(Number.parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = parseHalf(halves[0] ?? '');
  const tail = halves.length === 2 ? parseHalf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  // A dotted quad may only end the address, not the head half before `::`.
  if ((halves[0] ?? '').includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

const POSITIVE_OPERATORS: ReadonlySet<ConditionOperator> = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
]);

const FIXED_VALUE_KEYS: ReadonlySet<string> = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  's3:dataaccesspointaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

/** Condition keys that can make a wildcard-principal statement non-public when pinned to fixed values (lower case). */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  'aws:sourceip',
  ...FIXED_VALUE_KEYS,
  'aws:userid',
  's3:dataaccesspointarn',
];

/** Whether a condition value is fixed: no `*`, no `?`, no policy variable. */
export function isFixedConditionValue(value: string): boolean {
  return !hasWildcard(value);
}

function isFixedAccessPointArn(value: string): boolean {
  if (isFixedConditionValue(value)) return true;
  const parts = value.split(':');
  if (parts.length !== 6) return false;
  const [arn, partition = '', service, region = '', account = '', resource = ''] = parts;
  return (
    arn === 'arn' &&
    service === 's3' &&
    isFixedConditionValue(partition) &&
    isFixedConditionValue(region) &&
    /^\d{12}$/.test(account) &&
    resource.startsWith('accesspoint/')
  );
}

function isRoleSessionsPattern(value: string): boolean {
  return /^AROA[A-Z0-9]+:\*$/.test(value);
}

/** How strictly to judge restrictions; the defaults mirror S3. */
export interface RestrictionOptions {
  /**
   * Whether narrow `aws:SourceIp` ranges make a wildcard principal non-public (default true, as in S3).
   * Set false for rules that count any internet address range, however narrow, as public.
   */
  readonly sourceIpRestricts?: boolean;
}

/** Whether one condition entry pins access to fixed values of a restricting key (see the module comment). */
export function conditionEntryRestricts(entry: ConditionEntry, options: RestrictionOptions = {}): boolean {
  if (entry.ifExists || entry.setOperator === 'ForAllValues' || entry.values.length === 0) return false;
  const key = entry.key.toLowerCase();
  if (key === 'aws:sourceip') {
    return (
      options.sourceIpRestricts !== false &&
      entry.baseOperator === 'IpAddress' &&
      entry.values.every((v) => {
        const cidr = parseCidr(v);
        return cidr !== undefined && !isPublicCidr(cidr);
      })
    );
  }
  if (!POSITIVE_OPERATORS.has(entry.baseOperator)) return false;
  if (FIXED_VALUE_KEYS.has(key)) return entry.values.every(isFixedConditionValue);
  if (key === 'aws:userid')
    return entry.values.every((v) => isFixedConditionValue(v) || isRoleSessionsPattern(v));
  if (key === 's3:dataaccesspointarn') return entry.values.every(isFixedAccessPointArn);
  return false;
}

/** The condition entries that pin access to fixed values; non-empty means a wildcard principal is not public. */
export function restrictingConditions(
  conditions: readonly ConditionEntry[],
  options: RestrictionOptions = {},
): readonly ConditionEntry[] {
  return conditions.filter((entry) => conditionEntryRestricts(entry, options));
}

/** The CIDRs of `aws:SourceIp` entries with `IpAddress`, each with whether S3 would call it public. */
export function sourceIpRanges(
  conditions: readonly ConditionEntry[],
): readonly { readonly value: string; readonly cidr: Cidr | undefined; readonly public: boolean }[] {
  return conditions
    .filter((c) => c.key.toLowerCase() === 'aws:sourceip' && c.baseOperator === 'IpAddress')
    .flatMap((c) =>
      c.values.map((value) => {
        const cidr = parseCidr(value);
        return { value, cidr, public: cidr === undefined || isPublicCidr(cidr) };
      }),
    );
}
