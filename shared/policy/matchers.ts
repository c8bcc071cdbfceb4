/**
 * IAM wildcard matching for actions and resources.
 *
 * Actions (`Action` / `NotAction`) are matched case-insensitively; `*` matches any run of characters
 * (including none and including `:`, so `*` and `*:*` name every action) and `?` exactly one character.
 *
 * Resources (`Resource` / `NotResource`) are matched case-sensitively, `?` matching any one character. IAM lets a `*` that ends a
 * colon-separated ARN segment expand beyond the colon (`arn:aws:s3:::*`, `arn:aws:logs:*`), so such stars
 * match `:` too; a `*` in the middle of a segment (`arn:aws:s3:::log*bucket`) does not. `${*}`, `${?}` and
 * `${$}` are the literal characters. Other policy variables (`${aws:username}`) depend on the request: when
 * asking whether a statement *may* apply they are treated as "any string", when asking whether it
 * *certainly* covers something they are treated as their literal text (so they never widen coverage).
 *
 * Every function taking a "pattern" argument accepts a plain action or ARN too (a pattern without
 * wildcards names exactly one string), so `actionsIntersect(['s3:Get*'], 's3:GetObject')` is a match test.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { compileGlob, type Glob, type GlobOptions, globMatches, globsCover, globsIntersect } from './glob';

const ACTION: GlobOptions = { caseInsensitive: true, segmentStars: false, variables: 'literal' };
const RESOURCE_MAY: GlobOptions = { caseInsensitive: false, segmentStars: true, variables: 'wildcard' };
const RESOURCE_MUST: GlobOptions = { caseInsensitive: false, segmentStars: true, variables: 'literal' };
// The side being asked about (a bucket ARN, `s3:*`) is ours, never a policy's, so its stars span colons.
const RESOURCE_TARGET: GlobOptions = { caseInsensitive: false, segmentStars: false, variables: 'literal' };

const CACHE_MAX = 5_000;
const caches = new Map<GlobOptions, Map<string, Glob>>();

function compiled(pattern: string, options: GlobOptions): Glob {
  let cache = caches.get(options);
  if (cache === undefined) {
    cache = new Map();
    caches.set(options, cache);
  }
  let glob = cache.get(pattern);
  if (glob === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    glob = compileGlob(pattern, options);
    cache.set(pattern, glob);
  }
  return glob;
}

/** Whether an IAM action pattern (`s3:Get*`, `*`) matches a concrete action name, case-insensitively. */
export function matchesAction(pattern: string, action: string): boolean {
  return globMatches(compiled(pattern, ACTION), action);
}

/** Whether a resource pattern (`arn:aws:s3:::bucket/*`) matches a concrete ARN, case-sensitively; variables match anything. */
export function matchesResource(pattern: string, arn: string): boolean {
  return globMatches(compiled(pattern, RESOURCE_MAY), arn);
}

// A target without wildcards names one string: both questions reduce to "does some pattern match it".
function isPlain(target: string): boolean {
  return !/[*?]|\$\{/.test(target);
}

/** Whether at least one action named by `target` (a pattern or plain action) is named by one of `patterns`. */
export function actionsIntersect(patterns: readonly string[], target: string): boolean {
  if (isPlain(target)) return patterns.some((p) => matchesAction(p, target));
  return globsIntersect(
    patterns.map((p) => compiled(p, ACTION)),
    compiled(target, ACTION),
  );
}

/** Whether every action named by `target` (a pattern or plain action) is named by at least one of `patterns`. */
export function actionsCover(patterns: readonly string[], target: string): boolean {
  if (isPlain(target)) return patterns.some((p) => matchesAction(p, target));
  return globsCover(
    patterns.map((p) => compiled(p, ACTION)),
    compiled(target, ACTION),
  );
}

/** Whether at least one resource named by `target` may be named by one of `patterns` (variables match anything). */
export function resourcesIntersect(patterns: readonly string[], target: string): boolean {
  if (isPlain(target)) return patterns.some((p) => globMatches(compiled(p, RESOURCE_MAY), target));
  return globsIntersect(
    patterns.map((p) => compiled(p, RESOURCE_MAY)),
    compiled(target, RESOURCE_TARGET),
  );
}

/** Whether every resource named by `target` is certainly named by at least one of `patterns` (variables never widen). */
export function resourcesCover(patterns: readonly string[], target: string): boolean {
  if (isPlain(target)) return patterns.some((p) => globMatches(compiled(p, RESOURCE_MUST), target));
  return globsCover(
    patterns.map((p) => compiled(p, RESOURCE_MUST)),
    compiled(target, RESOURCE_TARGET),
  );
}

/** Whether an action or resource pattern contains a wildcard (`*`, `?`) or a policy variable other than the escapes. */
export function hasWildcard(value: string): boolean {
  const withoutEscapes = value.replace(/\$\{[*?$]\}/g, '');
  return /[*?]|\$\{/.test(withoutEscapes);
}
