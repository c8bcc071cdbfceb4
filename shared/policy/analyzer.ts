/**
 * Questions compliance rules ask of IAM and resource policies. Rules never inspect policy JSON
 * themselves: they parse it with `parsePolicyDocument` and call these functions.
 *
 * Semantics chosen (each function's comment repeats what concerns it):
 *
 * **Actions and resources.** A statement "applies to" an action when its `Action` names it, or its
 * `NotAction` does not; likewise for `Resource`/`NotResource`, and a statement with neither (a role trust
 * policy) applies to every resource. Arguments may be patterns (`s3:Get*`): the statement applies when
 * it applies to at least one action the pattern names. Matching is exact wildcard matching (see
 * `matchers.ts`), not string comparison.
 *
 * **Public.** A statement is public when it is an `Allow`, its principal is everyone, and its conditions
 * do not pin access to fixed values of the keys S3 lists (see `conditions.ts`). The principal is
 * everyone when `Principal` is `"*"`, `{"AWS": "*"}` or a list containing `"*"` (any other wildcard in
 * any principal type is treated the same way, conservatively), or when the statement uses `NotPrincipal`
 * (everyone except the named principals) unless `NotPrincipal` itself contains `"*"`. Fixed principals
 * (accounts, roles, users, service principals, federated providers, canonical users) are never public;
 * for the confused-deputy case of a service principal without a source condition, see
 * `findUnscopedServiceGrants`. `Deny` statements are not subtracted from a public `Allow`: as in S3's own
 * policy-status evaluation, each `Allow` is judged on its own, so an `Allow` to `*` fenced only by a
 * separate `Deny ... StringNotEquals aws:SourceVpce` is still reported.
 *
 * **Secure transport.** See `deniesInsecureTransport`.
 *
 * **Administrator access.** See `grantsFullAdmin`.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-admin-access.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html
 */
import { type RestrictionOptions, restrictingConditions } from './conditions';
import { PolicyError } from './errors';
import { actionsCover, actionsIntersect, hasWildcard, resourcesCover, resourcesIntersect } from './matchers';
import type { ConditionEntry, PolicyDocument, Principal, Statement } from './policy-document';

/** Where a statement sits in its document, for findings and messages. */
export interface StatementRef {
  readonly index: number;
  readonly sid: string | undefined;
}

/** The reference of a statement (index and Sid). */
export function statementRef(statement: Statement): StatementRef {
  return { index: statement.index, sid: statement.sid };
}

/** A human label for a statement: `statement 2 ("PublicRead")` or `statement 0`. */
export function describeStatement(statement: StatementRef): string {
  return statement.sid === undefined || statement.sid === ''
    ? `statement ${statement.index}`
    : `statement ${statement.index} ("${statement.sid}")`;
}

/** Whether the statement applies to at least one action named by `action` (a plain action or a pattern), honouring NotAction. */
export function statementAppliesToAction(statement: Statement, action: string): boolean {
  if (statement.action !== undefined) return actionsIntersect(statement.action, action);
  if (statement.notAction !== undefined) return !actionsCover(statement.notAction, action);
  return false;
}

/** Whether the statement is an Allow that applies to `action` (a plain action or a pattern). */
export function statementAllowsAction(statement: Statement, action: string): boolean {
  return statement.effect === 'Allow' && statementAppliesToAction(statement, action);
}

/** Whether the statement may apply to at least one resource named by `resource` (an ARN or pattern), honouring NotResource. */
export function statementAppliesToResource(statement: Statement, resource: string): boolean {
  if (statement.resource !== undefined) return resourcesIntersect(statement.resource, resource);
  if (statement.notResource !== undefined) return !resourcesCover(statement.notResource, resource);
  return true;
}

function principalNamesEveryone(principal: Principal): boolean {
  return [...principal.aws, ...principal.service, ...principal.federated, ...principal.canonicalUser].some(
    (value) => value === '*' || hasWildcard(value),
  );
}

/** Whether the statement's principal is everyone (`*`, `{AWS: "*"}`, or NotPrincipal), ignoring conditions and effect. */
export function principalCoversEveryone(statement: Statement): boolean {
  if (statement.principal !== undefined) return principalNamesEveryone(statement.principal);
  // NotPrincipal names who is excluded; excluding "*" leaves no one.
  if (statement.notPrincipal !== undefined) return !statement.notPrincipal.aws.includes('*');
  return false;
}

/** Whether the statement's principal is everyone and no condition pins it to fixed accounts, sources, networks or principals. */
export function isPublicPrincipal(statement: Statement, options: RestrictionOptions = {}): boolean {
  return (
    principalCoversEveryone(statement) && restrictingConditions(statement.conditions, options).length === 0
  );
}

/** Whether the statement is an Allow to a public principal (see `isPublicPrincipal`). */
export function isPublicStatement(statement: Statement, options: RestrictionOptions = {}): boolean {
  return statement.effect === 'Allow' && isPublicPrincipal(statement, options);
}

/** A public Allow statement found by `grantsPublicAccess`. */
export interface PublicGrant {
  readonly statement: StatementRef;
  /** How the statement names everyone. */
  readonly principal: 'wildcard' | 'not-principal';
  /** The asked-about actions the statement applies to; without a query, its `Action` list (`['*']` for NotAction). */
  readonly actions: readonly string[];
  /** Conditions present that do not restrict access (for the message; they did not make it non-public). */
  readonly conditions: readonly ConditionEntry[];
}

/** Filters for `grantsPublicAccess`, plus how strictly to judge restrictions (`sourceIpRestricts`). */
export interface PublicAccessQuery extends RestrictionOptions {
  /** Only report statements applying to at least one of these actions or patterns (default = every action). */
  readonly actions?: readonly string[];
  /** Only report statements that may apply to at least one of these ARNs or patterns (default = every resource). */
  readonly resources?: readonly string[];
}

/** The public Allow statements of a policy, optionally only those covering any of the given actions/resources. */
export function grantsPublicAccess(
  policy: PolicyDocument,
  query: PublicAccessQuery = {},
): readonly PublicGrant[] {
  const grants: PublicGrant[] = [];
  for (const statement of policy.statements) {
    if (!isPublicStatement(statement, query)) continue;
    const actions =
      query.actions === undefined
        ? (statement.action ?? ['*'])
        : query.actions.filter((a) => statementAppliesToAction(statement, a));
    if (actions.length === 0) continue;
    if (
      query.resources !== undefined &&
      !query.resources.some((r) => statementAppliesToResource(statement, r))
    ) {
      continue;
    }
    grants.push({
      statement: statementRef(statement),
      principal: statement.principal === undefined ? 'not-principal' : 'wildcard',
      actions,
      conditions: statement.conditions,
    });
  }
  return grants;
}

/** Whether any public Allow statement covers at least one action named by `actionPattern`. */
export function allowsPublic(policy: PolicyDocument, actionPattern: string): boolean {
  return grantsPublicAccess(policy, { actions: [actionPattern] }).length > 0;
}

/** Actions through which anyone could run a Lambda function. */
export const LAMBDA_INVOKE_ACTIONS: readonly string[] = ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'];

/** The public statements of a Lambda function policy that let anyone invoke the function (directly or by URL). */
export function grantsPublicInvoke(policy: PolicyDocument): readonly PublicGrant[] {
  return grantsPublicAccess(policy, { actions: LAMBDA_INVOKE_ACTIONS });
}

const SOURCE_KEYS: ReadonlySet<string> = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);

/**
 * Allow statements granting to a service principal without any `aws:SourceArn` / `aws:SourceAccount` /
 * `aws:SourceOwner` / `aws:SourceOrgID` / `aws:SourceOrgPaths` condition, so any account's resource of
 * that service could trigger the grant (the confused-deputy problem). Not "public" in S3's sense.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function findUnscopedServiceGrants(policy: PolicyDocument): readonly StatementRef[] {
  return policy.statements
    .filter(
      (s) =>
        s.effect === 'Allow' &&
        s.principal !== undefined &&
        s.principal.service.length > 0 &&
        !s.conditions.some((c) => SOURCE_KEYS.has(c.key.toLowerCase()) && !c.ifExists),
    )
    .map(statementRef);
}

/** Why a policy does not enforce TLS, when it does not. */
export type SecureTransportGap =
  | 'no-qualifying-deny'
  | 'covers-objects-only'
  | 'covers-bucket-only'
  | 'covers-neither';

/** A Deny statement that was considered for `deniesInsecureTransport` and why it does not (fully) count. */
export interface SecureTransportNearMiss {
  readonly statement: StatementRef;
  readonly reasons: readonly string[];
}

/** The outcome of `deniesInsecureTransport`, explaining what is missing. */
export interface SecureTransportResult {
  readonly enforced: boolean;
  /** Some qualifying Deny covers the bucket ARN itself. */
  readonly coversBucket: boolean;
  /** The qualifying Deny statements together cover every object ARN (`<bucket>/*`). */
  readonly coversObjects: boolean;
  /** The qualifying Deny statements (everyone, all S3 actions, `aws:SecureTransport` false and nothing narrower). */
  readonly statements: readonly StatementRef[];
  /** Undefined when enforced. */
  readonly gap: SecureTransportGap | undefined;
  /** One sentence for a finding. */
  readonly explanation: string;
  /** Deny statements that test `aws:SecureTransport` or `s3:TlsVersion` but do not qualify, with the reasons. */
  readonly nearMisses: readonly SecureTransportNearMiss[];
}

/** The ARN of an S3 bucket from its name (`arn:aws:s3:::<name>`); pass the partition for China or GovCloud. */
export function s3BucketArn(bucketName: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** The ARN of a bucket's objects, `<bucketArn>/*`. */
export function objectsArn(bucketArn: string): string {
  return `${bucketArn}/*`;
}

function isSecureTransportFalse(entry: ConditionEntry): boolean {
  return (
    entry.baseOperator === 'Bool' &&
    entry.setOperator === undefined &&
    entry.key.toLowerCase() === 'aws:securetransport' &&
    entry.values.some((v) => v.toLowerCase() === 'false')
  );
}

function mentionsTransport(entry: ConditionEntry): boolean {
  const key = entry.key.toLowerCase();
  return key === 'aws:securetransport' || key === 's3:tlsversion';
}

function secureTransportProblems(statement: Statement): string[] {
  const reasons: string[] = [];
  if (statement.principal === undefined || !statement.principal.aws.includes('*')) {
    reasons.push(
      statement.notPrincipal === undefined
        ? 'principal is not "*"'
        : 'uses NotPrincipal, so the excluded principals may still use plain HTTP',
    );
  }
  const coversAllS3 =
    statement.action !== undefined
      ? actionsCover(statement.action, 's3:?*')
      : statement.notAction !== undefined && !actionsIntersect(statement.notAction, 's3:?*');
  if (!coversAllS3) reasons.push('does not cover all S3 actions (needs "s3:*" or "*")');
  if (!statement.conditions.some(isSecureTransportFalse)) {
    reasons.push('has no Bool/BoolIfExists condition aws:SecureTransport = false');
  }
  const narrowing = statement.conditions.filter((c) => !isSecureTransportFalse(c));
  if (narrowing.length > 0) {
    reasons.push(
      `has further conditions that narrow the deny (${narrowing.map((c) => `${c.operator} ${c.key}`).join(', ')})`,
    );
  }
  if (statement.resource === undefined && statement.notResource === undefined)
    reasons.push('has no Resource');
  return reasons;
}

function coversTarget(statement: Statement, target: string): boolean {
  if (statement.resource !== undefined) return resourcesCover(statement.resource, target);
  if (statement.notResource !== undefined) return !resourcesIntersect(statement.notResource, target);
  return false;
}

/**
 * Whether a bucket policy refuses plain-HTTP requests, as the `s3-bucket-ssl-requests-only` rule asks.
 *
 * A Deny statement qualifies when: its principal is `"*"` or `{"AWS": "*"}` (or a list containing `"*"`;
 * `NotPrincipal` does not qualify, it exempts someone); its `Action` covers every S3 action (`s3:*`, `*`,
 * `S3:*`, or any patterns that together cover them) or its `NotAction` excludes no S3 action; and its
 * conditions are only `Bool` or `BoolIfExists` tests of `aws:SecureTransport` with a value `false`
 * (string or boolean; a `["false", "true"]` list also denies every plain-HTTP request). Any further
 * condition (a `s3:TlsVersion` test, a VPC, an IP) narrows the deny to some plain-HTTP requests, so such a
 * statement does not qualify, and a `s3:TlsVersion` test alone never does. Then the qualifying statements'
 * resources must cover both the bucket ARN and every object ARN (`<bucket>/*`), in one statement or
 * across several; wildcards count (`arn:aws:s3:::*` covers both, `arn:aws:s3:::bucket*` covers both),
 * a prefix such as `bucket/private/*` does not cover every object, and `NotResource` counts when it
 * excludes none of the bucket's ARNs. Union coverage across statements is computed for `Resource`
 * statements; a `NotResource` statement must cover on its own. Throws `PolicyError` when `bucketArn` is
 * not a bucket ARN (a bucket name passed by mistake would otherwise silently never match).
 *
 * This accepts a superset of the literal shape AWS documents for the managed rule (`"s3:*"`,
 * `["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"]`): every accepted policy denies every plain-HTTP
 * request to the bucket and its objects.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html
 * @see https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule
 */
export function deniesInsecureTransport(
  policy: PolicyDocument,
  options: { readonly bucketArn: string },
): SecureTransportResult {
  const bucket = options.bucketArn;
  if (!/^arn:[a-z-]+:s3:::[^/*?]+$/.test(bucket)) {
    throw new PolicyError(`deniesInsecureTransport needs a bucket ARN (arn:aws:s3:::name), got "${bucket}"`, {
      context: { bucketArn: bucket },
    });
  }
  const objects = objectsArn(bucket);
  // Object keys are at least one character long, so `<bucket>/` itself need not be covered.
  const everyObject = `${bucket}/?*`;
  const qualifying: Statement[] = [];
  const nearMisses: SecureTransportNearMiss[] = [];
  for (const statement of policy.statements) {
    if (statement.effect !== 'Deny') continue;
    const problems = secureTransportProblems(statement);
    if (problems.length === 0) qualifying.push(statement);
    else if (statement.conditions.some(mentionsTransport)) {
      nearMisses.push({ statement: statementRef(statement), reasons: problems });
    }
  }
  const coversBucket = qualifying.some((s) => coversTarget(s, bucket));
  const unionPatterns = qualifying.flatMap((s) => s.resource ?? []);
  const coversObjects =
    qualifying.some((s) => coversTarget(s, everyObject)) ||
    (unionPatterns.length > 0 && resourcesCover(unionPatterns, everyObject));
  const refs = qualifying.map(statementRef);
  if (coversBucket && coversObjects) {
    return {
      enforced: true,
      coversBucket,
      coversObjects,
      statements: refs,
      gap: undefined,
      explanation: `plain-HTTP requests to ${bucket} and its objects are denied by ${refs.map(describeStatement).join(' and ')}`,
      nearMisses,
    };
  }
  const someObjects = qualifying.some((s) => statementAppliesToResource(s, everyObject));
  const objectsNote = someObjects ? ' (only some objects are covered)' : '';
  let gap: SecureTransportGap;
  let explanation: string;
  if (qualifying.length === 0) {
    gap = 'no-qualifying-deny';
    explanation =
      nearMisses.length === 0
        ? 'no Deny statement for principal "*" on all S3 actions with condition Bool aws:SecureTransport = false'
        : `no qualifying Deny statement: ${nearMisses
            .map((m) => `${describeStatement(m.statement)} ${m.reasons.join('; ')}`)
            .join('; ')}`;
  } else if (coversObjects) {
    gap = 'covers-objects-only';
    explanation = `the deny of plain-HTTP requests covers objects only, not the bucket ${bucket}`;
  } else if (coversBucket) {
    gap = 'covers-bucket-only';
    explanation = `the deny of plain-HTTP requests covers the bucket only, not its objects ${objects}${objectsNote}`;
  } else {
    gap = 'covers-neither';
    explanation = `the deny of plain-HTTP requests covers neither ${bucket} nor ${objects}${objectsNote}`;
  }
  return {
    enforced: false,
    coversBucket,
    coversObjects,
    statements: refs,
    gap,
    explanation,
    nearMisses,
  };
}

/** An Allow statement found by `grantsFullAdmin`. */
export interface AdminGrant {
  readonly statement: StatementRef;
  /** Which element made it admin: `Action` covering every action, or (when asked) `NotAction` / `NotResource`. */
  readonly via: 'Action' | 'NotAction' | 'NotResource';
  /** The statement has conditions; the managed rule flags it regardless, and so does this function. */
  readonly conditional: boolean;
}

/** Options for `grantsFullAdmin`. */
export interface FullAdminOptions {
  /**
   * Also flag admin-like statements the managed rule ignores: `Allow` + `NotAction` on all resources
   * (everything except a few actions) and `Allow` + all actions + `NotResource` (everything except a few
   * resources). Default false, mirroring the managed rule.
   */
  readonly includeNegated?: boolean;
}

// Every action is `service:name` with non-empty parts.
const EVERY_ACTION = '?*:?*';

// Actions without resource-level permissions are authorized against the resource "*", which `arn:*` does
// not match; so only patterns matching every string (in practice `"*"`) grant everything.
function coversEveryResource(statement: Statement): boolean {
  return statement.resource !== undefined && resourcesCover(statement.resource, '*');
}

/**
 * The Allow statements that grant full administrator access, as `iam-policy-no-statements-with-admin-access`
 * defines it: `"Effect": "Allow"` with an `Action` covering every action (`"*"`, `"*:*"`, case-insensitive
 * patterns) over a `Resource` of `"*"` (exactly: patterns matching every string; `"arn:*"` does not qualify because
 * actions without resource-level permissions are authorized against the resource `"*"`). Conditions do not exempt a statement (reported as `conditional`). With
 * `includeNegated`, NotAction/NotResource statements that reach everything else are also reported.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-admin-access.html
 */
export function grantsFullAdmin(
  policy: PolicyDocument,
  options: FullAdminOptions = {},
): readonly AdminGrant[] {
  const grants: AdminGrant[] = [];
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow') continue;
    const everyAction = statement.action !== undefined && actionsCover(statement.action, EVERY_ACTION);
    const conditional = statement.conditions.length > 0;
    if (everyAction && coversEveryResource(statement)) {
      grants.push({ statement: statementRef(statement), via: 'Action', conditional });
    } else if (options.includeNegated === true) {
      if (statement.notAction !== undefined && coversEveryResource(statement)) {
        grants.push({ statement: statementRef(statement), via: 'NotAction', conditional });
      } else if (everyAction && statement.notResource !== undefined) {
        grants.push({ statement: statementRef(statement), via: 'NotResource', conditional });
      }
    }
  }
  return grants;
}
