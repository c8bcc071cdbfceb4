/**
 * IAM policy documents as they appear in AWS Config configuration items, parsed and normalized.
 *
 * Accepted inputs: an object; a JSON string (S3 `BucketPolicy.policyText`, Lambda `Policy`, SNS/SQS
 * `Policy`); a URL-encoded JSON string (RFC 3986, as IAM stores `policyDocument` and
 * `assumeRolePolicyDocument`); or a JSON string holding one of those (double-serialized), up to three
 * layers deep. `+` is not decoded as a space, because RFC 3986 encoding never produces it for one and a
 * literal `+` can appear in a policy.
 *
 * The grammar is checked strictly, as IAM does when a policy is saved: unknown elements, a missing
 * `Effect`, both or neither of `Action`/`NotAction`, both `Resource` and `NotResource`, both `Principal`
 * and `NotPrincipal`, empty value lists, and unknown condition operators are errors. A policy stored in
 * AWS always passes; anything else is better reported than guessed at. Normalization then makes every
 * value list an array, turns `"Principal": "*"` into `{ AWS: ["*"] }` (IAM documents the two as
 * equivalent), stringifies unquoted condition values (`false` becomes `"false"`, `443` becomes `"443"`),
 * and splits condition operators into set qualifier (`ForAnyValue:`/`ForAllValues:`), base operator (in
 * canonical case) and `IfExists` suffix.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html (URL-encoded documents)
 */
import { PolicyParseError } from './errors';

export { PolicyError, PolicyParseError } from './errors';

const MAX_TEXT_LAYERS = 3;

/** The effect of a statement. */
export type Effect = 'Allow' | 'Deny';

/** A `Principal` or `NotPrincipal` element with every principal type as an array (`"*"` is `{ aws: ['*'] }`). */
export interface Principal {
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** The set qualifier of a condition operator for multivalued keys. */
export type ConditionSetOperator = 'ForAnyValue' | 'ForAllValues';

/** One `operator → key → values` triple of a `Condition` element. */
export interface ConditionEntry {
  /** The operator as written, for messages (`ForAnyValue:StringLikeIfExists`). */
  readonly operator: string;
  /** The operator without qualifier or suffix, in canonical case (`StringLike`). */
  readonly baseOperator: ConditionOperator;
  readonly setOperator: ConditionSetOperator | undefined;
  readonly ifExists: boolean;
  /** The condition key as written; IAM compares keys case-insensitively. */
  readonly key: string;
  /** The values, stringified; IAM ORs them. */
  readonly values: readonly string[];
}

/** A normalized statement; `index` is its position in the document's `Statement` array. */
export interface Statement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Exactly one of `action` and `notAction` is defined. */
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  /** At most one of `resource` and `notResource` is defined (neither in role trust policies). */
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  /** At most one of `principal` and `notPrincipal` is defined (neither in identity policies). */
  readonly principal: Principal | undefined;
  readonly notPrincipal: Principal | undefined;
  /** Condition entries, ANDed; empty when the statement has no `Condition`. */
  readonly conditions: readonly ConditionEntry[];
}

/** A normalized IAM policy document. */
export interface PolicyDocument {
  readonly version: string | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
}

const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

/** A base IAM condition operator, without set qualifier or `IfExists`. */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

const OPERATOR_BY_LOWER = new Map<string, ConditionOperator>(
  CONDITION_OPERATORS.map((o) => [o.toLowerCase(), o]),
);

/** The parts of a condition operator string, or undefined when IAM would not accept it. */
export function parseConditionOperator(
  operator: string,
):
  | { baseOperator: ConditionOperator; setOperator: ConditionSetOperator | undefined; ifExists: boolean }
  | undefined {
  let rest = operator;
  let setOperator: ConditionSetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const qualifier = rest.slice(0, colon).toLowerCase();
    if (qualifier === 'foranyvalue') setOperator = 'ForAnyValue';
    else if (qualifier === 'forallvalues') setOperator = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const baseOperator = OPERATOR_BY_LOWER.get(rest.toLowerCase());
  if (baseOperator === undefined) return undefined;
  // IAM has no NullIfExists: the Null operator already tests for presence.
  if (baseOperator === 'Null' && ifExists) return undefined;
  return { baseOperator, setOperator, ifExists };
}

// Several rules read the same policy of one resource (TLS-only, public read, public write), and a
// parsed document is immutable, so parses are shared; bounded so a long sweep cannot grow it.
const parsedTexts = new Map<string, PolicyDocument | PolicyParseError>();
const parsedObjects = new WeakMap<object, PolicyDocument | PolicyParseError>();
const PARSED_TEXTS_MAX = 512;

/** Parses a policy document from an object, JSON string or URL-encoded JSON string; throws `PolicyParseError`. */
export function parsePolicyDocument(input: unknown): PolicyDocument {
  const cached =
    typeof input === 'string'
      ? parsedTexts.get(input)
      : typeof input === 'object' && input !== null
        ? parsedObjects.get(input)
        : undefined;
  if (cached instanceof PolicyParseError) throw cached;
  if (cached !== undefined) return cached;
  let result: PolicyDocument | PolicyParseError;
  try {
    result = parseUncached(input);
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    result = error;
  }
  if (typeof input === 'string') {
    if (parsedTexts.size >= PARSED_TEXTS_MAX) parsedTexts.clear();
    parsedTexts.set(input, result);
  } else if (typeof input === 'object' && input !== null) {
    parsedObjects.set(input, result);
  }
  if (result instanceof PolicyParseError) throw result;
  return result;
}

function parseUncached(input: unknown): PolicyDocument {
  const issues: PolicyIssue[] = [];
  const document = readDocument(toRawObject(input, 0), issues);
  if (issues.length > 0 || document === undefined) {
    const summary = issues
      .slice(0, 5)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    throw new PolicyParseError(`invalid policy document: ${summary}`, { context: { issues } });
  }
  return document;
}

/** Like `parsePolicyDocument`, but returns the error instead of throwing it. */
export function tryParsePolicyDocument(
  input: unknown,
):
  | { readonly ok: true; readonly policy: PolicyDocument }
  | { readonly ok: false; readonly error: PolicyParseError } {
  try {
    return { ok: true, policy: parsePolicyDocument(input) };
  } catch (error) {
    if (error instanceof PolicyParseError) return { ok: false, error };
    throw error;
  }
}

function toRawObject(input: unknown, layer: number): unknown {
  if (input === null || input === undefined) {
    throw new PolicyParseError('no policy document (value is null or undefined)');
  }
  if (typeof input !== 'string') {
    if (typeof input !== 'object' || Array.isArray(input)) {
      throw new PolicyParseError(`a policy document must be an object or a string, got ${describe(input)}`);
    }
    return input;
  }
  if (layer >= MAX_TEXT_LAYERS) {
    throw new PolicyParseError(
      `policy document is still a string after ${MAX_TEXT_LAYERS} layers of decoding`,
    );
  }
  const text = input.trim();
  if (text === '') throw new PolicyParseError('policy document is an empty string');
  if (text.startsWith('{') || text.startsWith('[') || text.startsWith('"')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PolicyParseError(`policy document is not valid JSON: ${reason}`, {
        cause: error,
        context: { excerpt: text.slice(0, 80) },
      });
    }
    return toRawObject(value, layer + 1);
  }
  if (text.includes('%')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch (error) {
      throw new PolicyParseError('policy document looks URL-encoded but is not valid percent-encoding', {
        cause: error,
        context: { excerpt: text.slice(0, 80) },
      });
    }
    return toRawObject(decoded, layer + 1);
  }
  throw new PolicyParseError('policy document is neither JSON nor URL-encoded JSON', {
    context: { excerpt: text.slice(0, 80) },
  });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** One way a document breaks the grammar, with the path of the offending element. */
export interface PolicyIssue {
  /** `Statement[1].Effect`, or `(document)` for the document itself. */
  readonly path: string;
  readonly message: string;
}

// The grammar is checked by hand rather than with a schema library: several rules parse the policy of every
// bucket, topic and function of a sweep, and a schema's generic walk cost more than the rules themselves.

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const NO_STRINGS: readonly string[] = Object.freeze([]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path === '(document)' ? '' : path}[${key}]`;
  return path === '(document)' ? key : `${path}.${key}`;
}

function expected(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function checkKeys(
  value: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  path: string,
  issues: PolicyIssue[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) issues.push({ path, message: `unrecognized element "${key}"` });
  }
}

function readOptionalString(value: unknown, path: string, issues: PolicyIssue[]): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  issues.push({ path, message: `expected a string, got ${expected(value)}` });
  return undefined;
}

/** A string or a non-empty list of strings, as an array. */
function readStringList(value: unknown, path: string, issues: PolicyIssue[]): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) {
    issues.push({ path, message: `expected a string or a list of strings, got ${expected(value)}` });
    return undefined;
  }
  if (value.length === 0) {
    issues.push({ path, message: 'must list at least one value' });
    return undefined;
  }
  for (let index = 0; index < value.length; index += 1) {
    if (typeof value[index] !== 'string') {
      issues.push({ path: child(path, index), message: `expected a string, got ${expected(value[index])}` });
      return undefined;
    }
  }
  return value as string[];
}

function readPrincipal(value: unknown, path: string, issues: PolicyIssue[]): Principal | undefined {
  if (value === undefined) return undefined;
  if (value === '*')
    return { aws: ['*'], service: NO_STRINGS, federated: NO_STRINGS, canonicalUser: NO_STRINGS };
  if (typeof value === 'string') {
    issues.push({ path, message: 'a principal given as a string must be "*"' });
    return undefined;
  }
  if (!isRecord(value)) {
    issues.push({ path, message: `expected "*" or a map of principal types, got ${expected(value)}` });
    return undefined;
  }
  checkKeys(value, PRINCIPAL_KEYS, path, issues);
  const aws = readStringList(value.AWS, child(path, 'AWS'), issues);
  const service = readStringList(value.Service, child(path, 'Service'), issues);
  const federated = readStringList(value.Federated, child(path, 'Federated'), issues);
  const canonicalUser = readStringList(value.CanonicalUser, child(path, 'CanonicalUser'), issues);
  if (!Object.keys(value).some((key) => PRINCIPAL_KEYS.has(key))) {
    issues.push({ path, message: 'must name at least one principal type' });
  }
  return {
    aws: aws ?? NO_STRINGS,
    service: service ?? NO_STRINGS,
    federated: federated ?? NO_STRINGS,
    canonicalUser: canonicalUser ?? NO_STRINGS,
  };
}

function readConditionValues(value: unknown, path: string, issues: PolicyIssue[]): string[] {
  const scalars = Array.isArray(value) ? value : [value];
  if (scalars.length === 0) {
    issues.push({ path, message: 'must list at least one value' });
    return [];
  }
  const values: string[] = [];
  for (let index = 0; index < scalars.length; index += 1) {
    const scalar: unknown = scalars[index];
    if (typeof scalar === 'string') values.push(scalar);
    else if (typeof scalar === 'number' || typeof scalar === 'boolean') values.push(String(scalar));
    else {
      const at = Array.isArray(value) ? child(path, index) : path;
      issues.push({ path: at, message: `expected a string, number or boolean, got ${expected(scalar)}` });
    }
  }
  return values;
}

function readConditions(value: unknown, path: string, issues: PolicyIssue[]): ConditionEntry[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    issues.push({ path, message: `expected a map of condition operators, got ${expected(value)}` });
    return [];
  }
  const entries: ConditionEntry[] = [];
  for (const operator of Object.keys(value)) {
    const operatorPath = child(path, operator);
    const parts = parseConditionOperator(operator);
    if (parts === undefined) {
      issues.push({ path: operatorPath, message: `unknown condition operator "${operator}"` });
      continue;
    }
    const keys = value[operator];
    if (!isRecord(keys)) {
      issues.push({ path: operatorPath, message: `expected a map of condition keys, got ${expected(keys)}` });
      continue;
    }
    for (const key of Object.keys(keys)) {
      const values = readConditionValues(keys[key], child(operatorPath, key), issues);
      entries.push({ operator, ...parts, key, values });
    }
  }
  return entries;
}

function readStatement(
  value: unknown,
  index: number,
  path: string,
  issues: PolicyIssue[],
): Statement | undefined {
  if (!isRecord(value)) {
    issues.push({ path, message: `expected a statement object, got ${expected(value)}` });
    return undefined;
  }
  checkKeys(value, STATEMENT_KEYS, path, issues);
  const effect = value.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    issues.push({
      path: child(path, 'Effect'),
      message:
        effect === undefined
          ? 'is required ("Allow" or "Deny")'
          : `must be "Allow" or "Deny", got ${JSON.stringify(effect)}`,
    });
  }
  const statement: Statement = {
    index,
    sid: readOptionalString(value.Sid, child(path, 'Sid'), issues),
    effect: effect === 'Deny' ? 'Deny' : 'Allow',
    action: readStringList(value.Action, child(path, 'Action'), issues),
    notAction: readStringList(value.NotAction, child(path, 'NotAction'), issues),
    resource: readStringList(value.Resource, child(path, 'Resource'), issues),
    notResource: readStringList(value.NotResource, child(path, 'NotResource'), issues),
    principal: readPrincipal(value.Principal, child(path, 'Principal'), issues),
    notPrincipal: readPrincipal(value.NotPrincipal, child(path, 'NotPrincipal'), issues),
    conditions: readConditions(value.Condition, child(path, 'Condition'), issues),
  };
  if ((value.Action === undefined) === (value.NotAction === undefined)) {
    issues.push({ path, message: 'must have exactly one of Action and NotAction' });
  }
  if (value.Resource !== undefined && value.NotResource !== undefined) {
    issues.push({ path, message: 'cannot have both Resource and NotResource' });
  }
  if (value.Principal !== undefined && value.NotPrincipal !== undefined) {
    issues.push({ path, message: 'cannot have both Principal and NotPrincipal' });
  }
  return statement;
}

/** The normalized document, or undefined with `issues` saying why it breaks the grammar. */
function readDocument(value: unknown, issues: PolicyIssue[]): PolicyDocument | undefined {
  const path = '(document)';
  if (!isRecord(value)) {
    issues.push({ path, message: `expected a policy object, got ${expected(value)}` });
    return undefined;
  }
  checkKeys(value, DOCUMENT_KEYS, path, issues);
  const version = readOptionalString(value.Version, 'Version', issues);
  const id = readOptionalString(value.Id, 'Id', issues);
  const raw = value.Statement;
  if (raw === undefined) {
    issues.push({ path: 'Statement', message: 'is required' });
    return undefined;
  }
  const statements: Statement[] = [];
  if (Array.isArray(raw)) {
    for (let index = 0; index < raw.length; index += 1) {
      const statement = readStatement(raw[index], index, `Statement[${index}]`, issues);
      if (statement !== undefined) statements.push(statement);
    }
  } else {
    const statement = readStatement(raw, 0, 'Statement', issues);
    if (statement !== undefined) statements.push(statement);
  }
  return issues.length > 0 ? undefined : { version, id, statements };
}
