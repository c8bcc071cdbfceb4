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
  /** `${aws:username}`-style variables: matched as any string (`wildcard`) or as their literal text (`literal`). */
  readonly variables: 'wildcard' | 'literal';
}

/** A compiled IAM wildcard pattern. */
export interface Glob {
  readonly source: string;
  readonly tokens: readonly Token[];
  readonly caseInsensitive: boolean;
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
  return { source: pattern, tokens, caseInsensitive: options.caseInsensitive };
}

/** Whether the compiled pattern matches the whole of `value`. */
export function globMatches(glob: Glob, value: string): boolean {
  const input = glob.caseInsensitive ? value.toLowerCase() : value;
  let states = closure(glob, [0]);
  for (const ch of input) {
    states = step(glob, states, ch);
    if (states.length === 0) return false;
  }
  return states.includes(glob.tokens.length);
}

/** Whether some string is matched both by `target` and by at least one of `patterns`. */
export function globsIntersect(patterns: readonly Glob[], target: Glob): boolean {
  return explore(patterns, target, (targetAccepts, anyAccepts) => targetAccepts && anyAccepts);
}

/** Whether every string `target` matches is matched by at least one of `patterns`. */
export function globsCover(patterns: readonly Glob[], target: Glob): boolean {
  return !explore(patterns, target, (targetAccepts, anyAccepts) => targetAccepts && !anyAccepts);
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

/**
 * Breadth-first walk over the joint subset automaton of `target` and `patterns`; returns true as soon as a
 * reachable state satisfies `found(targetAccepts, anyPatternAccepts)`.
 */
function explore(
  patterns: readonly Glob[],
  target: Glob,
  found: (targetAccepts: boolean, anyAccepts: boolean) => boolean,
): boolean {
  const all = [target, ...patterns];
  if (patterns.some((p) => p.caseInsensitive !== target.caseInsensitive)) {
    throw new PolicyComplexityError('cannot compare case-sensitive and case-insensitive patterns');
  }
  const alphabet = new Set<string>([':', OTHER]);
  for (const glob of all) {
    for (const token of glob.tokens) if (token.kind === 'char') alphabet.add(token.ch);
  }
  const start = all.map((g) => closure(g, [0]));
  const seen = new Set<string>([JSON.stringify(start)]);
  const queue: number[][][] = [start];
  while (queue.length > 0) {
    const state = queue.shift();
    if (state === undefined) break;
    const [targetStates = [], ...patternStates] = state;
    const targetAccepts = targetStates.includes(target.tokens.length);
    const anyAccepts = patternStates.some((s, i) => s.includes(patterns[i]?.tokens.length ?? -1));
    if (found(targetAccepts, anyAccepts)) return true;
    for (const symbol of alphabet) {
      const next = all.map((g, i) => step(g, state[i] ?? [], symbol));
      if ((next[0] ?? []).length === 0) continue;
      const key = JSON.stringify(next);
      if (seen.has(key)) continue;
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
