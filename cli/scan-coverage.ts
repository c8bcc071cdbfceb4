import type { EvaluationOutcome } from '#shared/rules/engine';
import type { Colors } from './io';
import type { FrameworkResult, OutcomeCounts } from './scan-frameworks';
import { OUTCOME_ORDER, outcomeStyle } from './scan-report';
import { type Cell, renderTable } from './table';
import { type Part, truncateEnd, wrapParts } from './terminal-text';

const OUTCOME_WORDS: Readonly<Record<EvaluationOutcome, readonly [string, string]>> = {
  NON_COMPLIANT: ['non-compliant', 'non-compliant'],
  ERROR: ['error', 'errors'],
  COMPLIANT: ['compliant', 'compliant'],
  NOT_APPLICABLE: ['not applicable', 'not applicable'],
};

/** `46 non-compliant, 66 compliant, 12 not applicable`: the outcomes that occur, each coloured. */
export function countsPart(counts: Readonly<OutcomeCounts>, colors: Colors): Part {
  const outcomes = OUTCOME_ORDER.filter((outcome) => counts[outcome] > 0);
  const words = (outcome: EvaluationOutcome) =>
    `${counts[outcome]} ${OUTCOME_WORDS[outcome][counts[outcome] === 1 ? 0 : 1]}`;
  const text = outcomes.map(words).join(', ');
  return {
    text: text === '' ? 'nothing judged' : text,
    styled:
      text === ''
        ? colors.dim('nothing judged')
        : outcomes.map((outcome) => outcomeStyle(colors, outcome)(words(outcome))).join(', '),
  };
}

/** The line that opens a framework's coverage: how many of its controls the scan's rules serve. */
export function coverageHeading(result: FrameworkResult): string {
  const { automated, manual, total } = result;
  return `Coverage of ${result.title} ${result.version} (${result.versionedId}): ${automated} of ${total} controls have automated rules in this scan, ${manual} ${manual === 1 ? 'is' : 'are'} left to manual evidence`;
}

/**
 * A framework's coverage for a piped or `--format table` report: the heading, then one row per control
 * (evidence, evaluations per outcome of the scan's rules serving it, those rules, title); a control left to
 * manual evidence shows `-` for its counts.
 */
export function coverageTableLines(result: FrameworkResult, colors: Colors, width?: number): string[] {
  const header: Cell[] = ['CONTROL', 'EVIDENCE', ...OUTCOME_ORDER, 'RULES', 'TITLE'].map((text) => ({
    text,
    style: colors.dim,
  }));
  const rows: Cell[][] = result.controls.map((control) => [
    { text: control.id, style: colors.bold },
    { text: control.evidence, ...(control.evidence === 'manual' ? { style: colors.dim } : {}) },
    ...OUTCOME_ORDER.map((outcome) => ({
      text: control.counts === undefined ? '-' : String(control.counts[outcome]),
    })),
    { text: control.rules.join(' ') || '-' },
    { text: control.title },
  ]);
  const heading = coverageHeading(result);
  return [
    colors.bold(width === undefined ? heading : truncateEnd(heading, width)),
    ...renderTable([header, ...rows], { indent: 2, ...(width === undefined ? {} : { width }) }),
  ];
}

/**
 * A framework's coverage on a terminal, in lines of at most `width` columns: the heading, the controls with
 * automated rules and their verdicts, and the ids of the controls left to manual evidence.
 */
export function coverageTerminalLines(result: FrameworkResult, width: number, colors: Colors): string[] {
  const automated = result.controls.filter((control) => control.evidence === 'automated');
  const manual = result.controls.filter((control) => control.evidence === 'manual');
  const words = (text: string, style?: (text: string) => string): Part[] =>
    text.split(' ').map((word) => ({ text: word, joiner: ' ', ...(style === undefined ? {} : { style }) }));
  const lines = wrapParts(words(coverageHeading(result), colors.bold), width, '', '  ');
  if (automated.length > 0) {
    const parts: Part[] = automated.map((control, index) => {
      const counts = countsPart(
        control.counts ?? { NON_COMPLIANT: 0, ERROR: 0, COMPLIANT: 0, NOT_APPLICABLE: 0 },
        colors,
      );
      return {
        text: `${control.id} (${counts.text})`,
        styled: `${control.id} (${counts.styled ?? counts.text})`,
        joiner: index === 0 ? ' ' : ' · ',
      };
    });
    lines.push(...wrapParts([{ text: 'Automated:' }, ...parts], width, '  ', '    '));
  }
  if (manual.length > 0) {
    const parts: Part[] = manual.map((control) => ({ text: control.id, joiner: ' ' }));
    lines.push(
      ...wrapParts([{ text: 'Manual evidence:' }, ...parts], width, '  ', '    ').map((line) =>
        colors.dim(line),
      ),
    );
  }
  return lines;
}
