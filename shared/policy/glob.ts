/**
 * IAM wildcard patterns as small automata, so that the analyser can answer three exact questions about them:
 * does a pattern match a string, do two pattern sets share at least one string, and does a set of patterns
 * cover every string another pattern names. The last two are decided by exploring the product of the
 * patterns' automata over a finite alphabet (every literal character involved, `:`, and one symbol that
 * stands for "any other character"), which is exact for patterns built from literals, `?` and `*`.
 */
import { PolicyComplexityError } from './errors';

type Token =
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'one' }
  | { readonly kind: 'many'; readonly crossesColon: boolean };

/** How a pattern is read: case folding, colon-bounded stars (ARNs) and IAM policy variables. */
export interface GlobOptions {
  /** Compare case-insensitively (IAM actions); ARNs are case-sensitive. */
  readonly caseInsensitive: boolean;
  /** A `*` that is not the last character of a colon-separated segment does not match `:` (IAM resource ARNs). */
  readonly segmentStars: boolean;
  /** `${aws:username}`-style variables: matched as an arbitrary string (`wildcard`) or as their literal text (`literal`). */
  readonly variables: 'wildcard' | 'literal';
}

/** A compiled IAM wildcard pattern. */
export interface Glob {
  readonly source: string;
  readonly tokens: readonly Token[];
  readonly caseInsensitive: boolean;
  /** Set when the pattern has the common literal-prefix shape, which makes every question arithmetic. */
  readonly shape: SimpleShape | undefined;
}

// Stands for every character that no pattern in a comparison spells out; two UTF-16 units, so never a char token.
const OTHER = '\u0000\u0000';
const MAX_STATES = 50_000;
const ESCAPES: Readonly<Record<string, string>> = { '${*}': '*', '${?}': '?', '${$}': '$' };

/** Compiles an IAM wildcard pattern (`*` any run, `?` any one character, `${*}`/`${?}`/`${$}` escapes). */
export function compileGlob(pattern: string, options: GlobOptions): Glob {
  const source = options.caseInsensitive ? pattern.toLowerCase() : pattern;
  const chars = Array.from(source);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i] ?? '';
    if (ch === '$' && chars[i + 1] === '{') {
      const close = chars.indexOf('}', i + 2);
      if (close !== -1) {
        const text = chars.slice(i, close + 1).join('');
        const escaped = ESCAPES[text];
        if (escaped !== undefined) {
          tokens.push({ kind: 'char', ch: escaped });
        } else if (options.variables === 'wildcard') {
          tokens.push({ kind: 'many', crossesColon: true });
        } else {
          for (const c of chars.slice(i, close + 1)) tokens.push({ kind: 'char', ch: c });
        }
        i = close + 1;
        continue;
      }
    }
    if (ch === '*') {
      const next = chars[i + 1];
      const endsSegment = next === undefined || next === ':';
      tokens.push({ kind: 'many', crossesColon: !options.segmentStars || endsSegment });
    } else if (ch === '?') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'char', ch });
    }
    i += 1;
  }
  return { source: pattern, tokens, caseInsensitive: options.caseInsensitive, shape: simpleShape(tokens) };
}

/** Whether the compiled pattern matches the whole of `value`. */
export function globMatches(glob: Glob, value: string): boolean {
  const input = glob.caseInsensitive ? value.toLowerCase() : value;
  const shape = glob.shape;
  if (shape !== undefined) {
    if (!input.startsWith(shape.prefix)) return false;
    const rest = codePointsFrom(input, shape.prefix.length);
    return shape.star ? rest >= shape.ones : rest === shape.ones;
  }
  let states = closure(glob, [0]);
  for (const ch of input) {
    states = step(glob, states, ch);
    if (states.length === 0) return false;
  }
  return states.includes(glob.tokens.length);
}

/** Whether some string is matched both by `target` and by at least one of `patterns`. */
export function globsIntersect(patterns: readonly Glob[], target: Glob): boolean {
  const rest: Glob[] = [];
  for (const pattern of patterns) {
    const quick = simpleIntersect(pattern, target);
    if (quick === true) return true;
    if (quick === undefined) rest.push(pattern);
  }
  return rest.length > 0 && explore(rest, target, 'intersect');
}

/** Whether every string `target` matches is matched by at least one of `patterns`. */
export function globsCover(patterns: readonly Glob[], target: Glob): boolean {
  if (patterns.some((pattern) => simpleCovers(pattern, target))) return true;
  if (escapesPastPrefix(patterns, target)) return false;
  return !explore(patterns, target, 'escape');
}

/**
 * A glob of the shape nearly every policy uses: literal characters, then some `?`, then optionally one
 * final colon-crossing star (`arn:aws:s3:::bucket`, `arn:aws:s3:::bucket/*`, `arn:aws:s3:::bucket/?*`, `*`).
 * It matches exactly the strings that start with `prefix` and have `ones` more characters (or at least
 * that many with `star`), which makes intersection and coverage between two such globs arithmetic.
 */
interface SimpleShape {
  readonly prefix: string;
  readonly ones: number;
  readonly star: boolean;
}

function simpleShape(tokens: readonly Token[]): SimpleShape | undefined {
  let prefix = '';
  let ones = 0;
  const last = tokens.length - 1;
  for (let i = 0; i <= last; i += 1) {
    const token = tokens[i];
    if (token?.kind === 'char' && ones === 0) {
      prefix += token.ch;
    } else if (token?.kind === 'one') {
      ones += 1;
    } else if (token?.kind === 'many' && token.crossesColon && i === last) {
      return { prefix, ones, star: true };
    } else {
      return undefined;
    }
  }
  return { prefix, ones, star: false };
}

/** Exact answer to "do these two globs share a string" for simple shapes; `undefined` otherwise. */
function simpleIntersect(pattern: Glob, target: Glob): boolean | undefined {
  if (pattern.caseInsensitive !== target.caseInsensitive) return undefined;
  const a = pattern.shape;
  const b = target.shape;
  if (a === undefined || b === undefined) return undefined;
  if (!a.prefix.startsWith(b.prefix) && !b.prefix.startsWith(a.prefix)) return false;
  const [minA, minB] = [a.prefix.length + a.ones, b.prefix.length + b.ones];
  if (a.star && b.star) return true;
  if (a.star) return minB >= minA;
  if (b.star) return minA >= minB;
  return minA === minB;
}

/** Whether one simple-shaped pattern alone covers everything `target` matches (exact when true). */
function simpleCovers(pattern: Glob, target: Glob): boolean {
  if (pattern.caseInsensitive !== target.caseInsensitive) return false;
  const p = pattern.shape;
  const t = target.shape;
  if (p === undefined || t === undefined || !t.prefix.startsWith(p.prefix)) return false;
  const [minP, minT] = [p.prefix.length + p.ones, t.prefix.length + t.ones];
  return p.star ? minT >= minP : !t.star && minT === minP;
}

/** The number of code points (what `?` matches one of) in `text` from UTF-16 index `start`. */
function codePointsFrom(text: string, start: number): number {
  let count = 0;
  for (let i = start; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    // A surrogate pair is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i += 1;
    count += 1;
  }
  return count;
}

/**
 * Exact "no" for the commonest uncovered case (`s3:Get*` and `ec2:Describe*` against `*`): the target goes on
 * past its literal prefix T, and every pattern is simple-shaped and either spells a literal character at
 * T's end or cannot match anything that starts with T. T followed by a character none of them spells there
 * is then a string the target matches and no pattern does.
 */
function escapesPastPrefix(patterns: readonly Glob[], target: Glob): boolean {
  const t = target.shape;
  if (t === undefined || (t.ones === 0 && !t.star)) return false;
  return patterns.every((pattern) => {
    const p = pattern.shape;
    if (p === undefined || pattern.caseInsensitive !== target.caseInsensitive) return false;
    return p.prefix.length > t.prefix.length || !t.prefix.startsWith(p.prefix);
  });
}

function closure(glob: Glob, positions: readonly number[]): number[] {
  const out = new Set<number>();
  for (const start of positions) {
    let p = start;
    out.add(p);
    while (glob.tokens[p]?.kind === 'many') {
      p += 1;
      out.add(p);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function step(glob: Glob, positions: readonly number[], ch: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    const token = glob.tokens[p];
    if (token === undefined) continue;
    switch (token.kind) {
      case 'char':
        if (token.ch === ch) next.push(p + 1);
        break;
      case 'one':
        next.push(p + 1);
        break;
      case 'many':
        if (token.crossesColon || ch !== ':') next.push(p);
        break;
      default: {
        const unreachable: never = token;
        throw new PolicyComplexityError(`unknown glob token ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return next.length === 0 ? next : closure(glob, next);
}

/** From position `p` every continuation is accepted: only colon-crossing stars remain. */
function universalFrom(glob: Glob, p: number): boolean {
  if (p >= glob.tokens.length) return false;
  for (let i = p; i < glob.tokens.length; i += 1) {
    const token = glob.tokens[i];
    if (token?.kind !== 'many' || !token.crossesColon) return false;
  }
  return true;
}

/**
 * Breadth-first walk (shortest counterexamples first) over the joint subset automaton of `target` (glob 0) and `patterns` (globs 1..n).
 * A joint state is the sorted list of live (glob, position) pairs, so dead patterns cost nothing.
 * `intersect` looks for a string both accept; `escape` looks for a string the target accepts and no
 * pattern does. Every live position can still reach acceptance, which makes the prunings below exact.
 */
function explore(patterns: readonly Glob[], target: Glob, goal: 'intersect' | 'escape'): boolean {
  if (patterns.some((p) => p.caseInsensitive !== target.caseInsensitive)) {
    throw new PolicyComplexityError('cannot compare case-sensitive and case-insensitive patterns');
  }
  const globs = [target, ...patterns];
  const width = Math.max(...globs.map((g) => g.tokens.length)) + 1;
  const alphabet = new Set<string>([':', OTHER]);
  for (const glob of globs) {
    for (const token of glob.tokens) if (token.kind === 'char') alphabet.add(token.ch);
  }
  const expand = (pairs: Iterable<readonly [number, number[]]>): number[] => {
    const codes = new Set<number>();
    for (const [g, positions] of pairs) for (const p of positions) codes.add(g * width + p);
    return [...codes].sort((a, b) => a - b);
  };
  // Returns true when the goal is reached in `state`, false to keep exploring, undefined to prune it.
  const judge = (state: readonly number[]): boolean | undefined => {
    let targetAlive = false;
    let targetAccepts = false;
    let targetUniversal = false;
    let patternAlive = false;
    let patternAccepts = false;
    let patternUniversal = false;
    for (const code of state) {
      const g = Math.floor(code / width);
      const p = code % width;
      const glob = globs[g];
      if (glob === undefined) continue;
      const accepts = p === glob.tokens.length;
      const universal = universalFrom(glob, p);
      if (g === 0) {
        targetAlive = true;
        targetAccepts ||= accepts;
        targetUniversal ||= universal;
      } else {
        patternAlive = true;
        patternAccepts ||= accepts;
        patternUniversal ||= universal;
      }
    }
    if (!targetAlive) return undefined;
    if (goal === 'intersect') {
      if (!patternAlive) return undefined;
      return (targetAccepts && patternAccepts) || targetUniversal || patternUniversal;
    }
    if (targetAccepts && !patternAccepts) return true;
    if (!patternAlive) return true;
    return patternUniversal ? undefined : false;
  };
  const start = expand(globs.map((g, i) => [i, closure(g, [0])] as const));
  const first = judge(start);
  if (first !== false) return first === true;
  const seen = new Set<string>([start.join(',')]);
  const queue: number[][] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head] ?? [];
    const byGlob = new Map<number, number[]>();
    for (const code of state) {
      const g = Math.floor(code / width);
      const list = byGlob.get(g) ?? [];
      list.push(code % width);
      byGlob.set(g, list);
    }
    for (const symbol of alphabet) {
      const next = expand(
        [...byGlob].map(([g, positions]) => {
          const glob = globs[g];
          return [g, glob === undefined ? [] : step(glob, positions, symbol)] as const;
        }),
      );
      const key = next.join(',');
      if (seen.has(key)) continue;
      const verdict = judge(next);
      if (verdict === true) return true;
      if (verdict === undefined) continue;
      if (seen.size >= MAX_STATES) {
        throw new PolicyComplexityError('wildcard comparison exceeded its state budget', {
          context: { target: target.source, patterns: patterns.map((p) => p.source) },
        });
      }
      seen.add(key);
      queue.push(next);
    }
  }
  return false;
}
