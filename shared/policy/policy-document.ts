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
import { z } from 'zod';
import { PolicyParseError } from './errors';

export { PolicyError, PolicyParseError } from './errors';

const MAX_TEXT_LAYERS = 3;

const NonEmptyStringListSchema = z.union([
  z.string(),
  z.array(z.string()).min(1, 'must list at least one value'),
]);

const PrincipalMapSchema = z
  .strictObject({
    AWS: NonEmptyStringListSchema.optional(),
    Service: NonEmptyStringListSchema.optional(),
    Federated: NonEmptyStringListSchema.optional(),
    CanonicalUser: NonEmptyStringListSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'must name at least one principal type');

const PrincipalElementSchema = z.union([
  z.literal('*', { error: 'a principal given as a string must be "*"' }),
  PrincipalMapSchema,
]);

const ConditionScalarSchema = z.union([z.string(), z.number(), z.boolean()]);

const ConditionValuesSchema = z.union([
  ConditionScalarSchema,
  z.array(ConditionScalarSchema).min(1, 'must list at least one value'),
]);

const ConditionElementSchema = z
  .record(z.string(), z.record(z.string(), ConditionValuesSchema))
  .superRefine((condition, ctx) => {
    for (const operator of Object.keys(condition)) {
      if (parseConditionOperator(operator) === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [operator],
          message: `unknown condition operator "${operator}"`,
        });
      }
    }
  });

/** Zod schema of one raw IAM policy statement (before normalization). */
export const RawStatementSchema = z
  .strictObject({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Principal: PrincipalElementSchema.optional(),
    NotPrincipal: PrincipalElementSchema.optional(),
    Action: NonEmptyStringListSchema.optional(),
    NotAction: NonEmptyStringListSchema.optional(),
    Resource: NonEmptyStringListSchema.optional(),
    NotResource: NonEmptyStringListSchema.optional(),
    Condition: ConditionElementSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.Action === undefined) === (s.NotAction === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'must have exactly one of Action and NotAction' });
    }
    if (s.Resource !== undefined && s.NotResource !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'cannot have both Resource and NotResource' });
    }
    if (s.Principal !== undefined && s.NotPrincipal !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'cannot have both Principal and NotPrincipal' });
    }
  });

/** Zod schema of a raw IAM policy document object (before normalization). */
export const RawPolicyDocumentSchema = z.strictObject({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.union([RawStatementSchema, z.array(RawStatementSchema)]),
});

/** A raw policy statement as written in JSON. */
export type RawStatement = z.infer<typeof RawStatementSchema>;

/** A raw policy document as written in JSON. */
export type RawPolicyDocument = z.infer<typeof RawPolicyDocumentSchema>;

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
  const raw = toRawObject(input, 0);
  const parsed = RawPolicyDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = flattenIssues(parsed.error.issues, []);
    const summary = issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    throw new PolicyParseError(`invalid policy document: ${summary}`, {
      cause: parsed.error,
      context: { issues },
    });
  }
  return normalize(parsed.data);
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

/**
 * Zod reports a failed union (`"*"` or a principal map, one statement or a list) as one vague issue; this
 * replaces it with the issues of the branch that got furthest, so messages point at the real culprit.
 */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[],
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly z.core.$ZodIssue[]): number =>
        Math.max(...branch.map((i) => i.path.length));
      let best = issue.errors[0] ?? [];
      for (const branch of issue.errors) if (depth(branch) > depth(best)) best = branch;
      out.push(...flattenIssues(best, path));
    } else {
      out.push({ path: formatPath(path), message: issue.message });
    }
  }
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(document)' : out;
}

function list<T>(value: T | readonly T[] | undefined): readonly T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value as T];
}

function normalizePrincipal(value: RawStatement['Principal']): Principal | undefined {
  if (value === undefined) return undefined;
  if (value === '*') return { aws: ['*'], service: [], federated: [], canonicalUser: [] };
  return {
    aws: list(value.AWS) ?? [],
    service: list(value.Service) ?? [],
    federated: list(value.Federated) ?? [],
    canonicalUser: list(value.CanonicalUser) ?? [],
  };
}

function normalizeConditions(value: RawStatement['Condition'], index: number): ConditionEntry[] {
  if (value === undefined) return [];
  const entries: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(value)) {
    const parts = parseConditionOperator(operator);
    if (parts === undefined) {
      throw new PolicyParseError(
        `invalid policy document: Statement[${index}].Condition: unknown operator "${operator}"`,
        {
          context: {
            issues: [{ path: `Statement[${index}].Condition.${operator}`, message: 'unknown operator' }],
          },
        },
      );
    }
    for (const [key, raw] of Object.entries(keys)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v));
      entries.push({ operator, ...parts, key, values });
    }
  }
  return entries;
}

function normalize(raw: RawPolicyDocument): PolicyDocument {
  const rawStatements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  const statements = rawStatements.map(
    (s, index): Statement => ({
      index,
      sid: s.Sid,
      effect: s.Effect,
      action: list(s.Action),
      notAction: list(s.NotAction),
      resource: list(s.Resource),
      notResource: list(s.NotResource),
      principal: normalizePrincipal(s.Principal),
      notPrincipal: normalizePrincipal(s.NotPrincipal),
      conditions: normalizeConditions(s.Condition, index),
    }),
  );
  return { version: raw.Version, id: raw.Id, statements };
}
