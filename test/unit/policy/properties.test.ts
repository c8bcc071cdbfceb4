import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deniesInsecureTransport, grantsFullAdmin, grantsPublicAccess } from '#shared/policy/analyzer';
import { PolicyParseError } from '#shared/policy/errors';
import {
  actionsCover,
  actionsIntersect,
  matchesAction,
  matchesResource,
  resourcesCover,
  resourcesIntersect,
} from '#shared/policy/matchers';
import { parsePolicyDocument } from '#shared/policy/policy-document';

function parseOutcome(input: unknown): 'ok' | 'parse-error' {
  try {
    parsePolicyDocument(input);
    return 'ok';
  } catch (error) {
    if (error instanceof PolicyParseError) return 'parse-error';
    throw error;
  }
}

const stringOrList = (item: fc.Arbitrary<string>) =>
  fc.oneof(item, fc.array(item, { minLength: 1, maxLength: 3 }));
const actionArb = fc.constantFrom(
  's3:GetObject',
  's3:*',
  '*',
  's3:Get*',
  'iam:PassRole',
  'lambda:InvokeFunction',
);
const resourceArb = fc.constantFrom(
  '*',
  'arn:aws:s3:::b',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::*',
  'arn:aws:sns:eu-west-1:1:t',
);
const principalArb = fc.oneof(
  fc.constant('*'),
  fc.record({ AWS: stringOrList(fc.constantFrom('*', '111122223333', 'arn:aws:iam::111122223333:root')) }),
  fc.record({ Service: stringOrList(fc.constantFrom('s3.amazonaws.com', 'sns.amazonaws.com')) }),
);
const conditionArb = fc.dictionary(
  fc.constantFrom(
    'StringEquals',
    'StringLike',
    'Bool',
    'BoolIfExists',
    'IpAddress',
    'ForAnyValue:StringEquals',
  ),
  fc.dictionary(
    fc.constantFrom('aws:SourceAccount', 'aws:SecureTransport', 'aws:SourceIp', 'aws:PrincipalOrgID'),
    fc.oneof(
      fc.string(),
      fc.boolean(),
      fc.integer(),
      fc.array(fc.oneof(fc.string(), fc.boolean()), { minLength: 1 }),
    ),
    { minKeys: 1, maxKeys: 2 },
  ),
  { maxKeys: 2 },
);
const statementArb = fc.record(
  {
    Sid: fc.string(),
    Effect: fc.constantFrom('Allow', 'Deny'),
    Principal: principalArb,
    Action: stringOrList(actionArb),
    Resource: stringOrList(resourceArb),
    Condition: conditionArb,
  },
  { requiredKeys: ['Effect', 'Action'] },
);
const policyArb = fc.record({
  Version: fc.constant('2012-10-17'),
  Statement: fc.oneof(statementArb, fc.array(statementArb, { minLength: 1, maxLength: 4 })),
});

// Generous timeouts: these run thousands of cases and CI machines are shared.
describe('parsePolicyDocument properties', { timeout: 30_000 }, () => {
  it('throws nothing but PolicyParseError on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(['ok', 'parse-error']).toContain(parseOutcome(value));
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but PolicyParseError on arbitrary strings, JSON text and percent-encoded text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.jsonValue().map((v) => encodeURIComponent(JSON.stringify(v))),
          fc.string().map((s) => `%${s}`),
        ),
        (text) => {
          expect(['ok', 'parse-error']).toContain(parseOutcome(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a valid policy identically as an object, JSON text and URL-encoded JSON text', () => {
    fc.assert(
      fc.property(policyArb, (raw) => {
        const fromObject = parsePolicyDocument(raw);
        expect(parsePolicyDocument(JSON.stringify(raw))).toEqual(fromObject);
        expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(raw)))).toEqual(fromObject);
        const count = Array.isArray(raw.Statement) ? raw.Statement.length : 1;
        expect(fromObject.statements.map((s) => s.index)).toEqual([...Array(count).keys()]);
      }),
      { numRuns: 200 },
    );
  });

  it('either parses or raises PolicyParseError when a valid policy text is mutated, and analysis never throws', () => {
    fc.assert(
      fc.property(policyArb, fc.nat(), fc.nat(), fc.string({ maxLength: 3 }), (raw, at, drop, insert) => {
        const text = JSON.stringify(raw);
        const cut = at % (text.length + 1);
        const mutated = text.slice(0, cut) + insert + text.slice(cut + (drop % 4));
        let policy: ReturnType<typeof parsePolicyDocument> | undefined;
        try {
          policy = parsePolicyDocument(mutated);
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyParseError);
        }
        if (policy !== undefined) {
          grantsPublicAccess(policy, { actions: ['s3:GetObject'] });
          grantsFullAdmin(policy, { includeNegated: true });
          deniesInsecureTransport(policy, { bucketArn: 'arn:aws:s3:::b' });
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Reference implementation: a pattern as a regular expression.
function globRegex(pattern: string, options: { caseInsensitive: boolean; segmentStars: boolean }): RegExp {
  const chars = [...pattern];
  const body = chars
    .map((ch, i) => {
      if (ch === '?') return '.';
      if (ch !== '*') return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const next = chars[i + 1];
      return !options.segmentStars || next === undefined || next === ':' ? '.*' : '[^:]*';
    })
    .join('');
  return new RegExp(`^${body}$`, options.caseInsensitive ? 'is' : 's');
}

const ACTION = { caseInsensitive: true, segmentStars: false };
const RESOURCE = { caseInsensitive: false, segmentStars: true };
// Targets (`arn:aws:s3:::bucket/*`) are Vigil's own patterns, whose stars span colons.
const TARGET = { caseInsensitive: false, segmentStars: false };

// Small alphabets keep exhaustive enumeration feasible while still exercising `:` and case.
const patternArb = fc.string({ unit: fc.constantFrom('a', 'A', ':', '*', '?'), maxLength: 4 });
const wordArb = fc.string({ unit: fc.constantFrom('a', 'A', ':', 'c'), maxLength: 7 });
const WORDS: readonly string[] = (() => {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= 6; n += 1) {
    layer = layer.flatMap((w) => ['a', 'A', ':', 'c'].map((c) => w + c));
    out.push(...layer);
  }
  return out;
})();

function wordsOf(
  pattern: string,
  options: { caseInsensitive: boolean; segmentStars: boolean },
): readonly string[] {
  const regex = globRegex(pattern, options);
  return WORDS.filter((w) => regex.test(w));
}

describe('matcher properties (against a regex reference and exhaustive enumeration of short words)', {
  timeout: 30_000,
}, () => {
  it('matchesAction agrees with a case-insensitive regex', () => {
    fc.assert(
      fc.property(patternArb, wordArb, (pattern, word) => {
        expect(matchesAction(pattern, word)).toBe(globRegex(pattern, ACTION).test(word));
      }),
      { numRuns: 1000 },
    );
  });

  it('matchesResource agrees with a case-sensitive regex whose mid-segment stars stop at colons', () => {
    fc.assert(
      fc.property(patternArb, wordArb, (pattern, word) => {
        expect(matchesResource(pattern, word)).toBe(globRegex(pattern, RESOURCE).test(word));
      }),
      { numRuns: 1000 },
    );
  });

  it('actionsCover holds exactly when no word of the target escapes the patterns', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 2 }), patternArb, (patterns, target) => {
        const escapee = wordsOf(target, ACTION).find((w) => !patterns.some((p) => matchesAction(p, w)));
        expect(actionsCover(patterns, target)).toBe(escapee === undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('actionsIntersect holds exactly when some word of the target is matched by a pattern', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 2 }), patternArb, (patterns, target) => {
        const witness = wordsOf(target, ACTION).find((w) => patterns.some((p) => matchesAction(p, w)));
        expect(actionsIntersect(patterns, target)).toBe(witness !== undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('resourcesCover holds exactly when no word of the target escapes the patterns', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 2 }), patternArb, (patterns, target) => {
        const escapee = wordsOf(target, TARGET).find((w) => !patterns.some((p) => matchesResource(p, w)));
        expect(resourcesCover(patterns, target)).toBe(escapee === undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('resourcesIntersect holds exactly when some word of the target is matched by a pattern', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 2 }), patternArb, (patterns, target) => {
        const witness = wordsOf(target, TARGET).find((w) => patterns.some((p) => matchesResource(p, w)));
        expect(resourcesIntersect(patterns, target)).toBe(witness !== undefined);
      }),
      { numRuns: 300 },
    );
  });
});
