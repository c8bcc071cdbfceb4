import type { Evaluation, EvaluationOutcome } from '#shared/rules/engine';
import { SEVERITIES, type Severity } from '#shared/rules/rule';
import { ChunkedWriter, type Colors, type TextSink } from './io';
import { countsPart, coverageTerminalLines } from './scan-coverage';
import {
  type ControlSection,
  type FrameworkResult,
  frameworkHeading,
  ScanFrameworks,
} from './scan-frameworks';
import {
  compareEvaluations,
  formatPassRate,
  OUTCOME_ORDER,
  outcomeStyle,
  type ScanSummary,
  severityStyle,
} from './scan-report';
import {
  displayWidth,
  type Part,
  padToWidth,
  printable,
  truncateEnd,
  truncateMiddle,
  wrapParts,
} from './terminal-text';

/** Rows listed under one SOC 2 criterion before the rest are only counted, unless `--all`. */
export const DEFAULT_ROWS_PER_CRITERION = 10;

/** Columns assumed when a terminal does not say how wide it is. */
export const DEFAULT_TERMINAL_WIDTH = 80;

/** What the terminal report needs besides the evaluations and their summary. */
export interface TerminalReportOptions {
  readonly colors: Colors;
  /**
   * Columns of the terminal: no line is longer, except a row whose verdict, severity and rule id alone are
   * wider (they are never cut).
   */
  readonly width: number;
  /** List every evaluation, passes and not-applicable included, with no cap per criterion (`--all`). */
  readonly all: boolean;
  /** The file scanned, for the heading. */
  readonly source: string;
  /** Rows listed per criterion unless `all` (default {@link DEFAULT_ROWS_PER_CRITERION}). */
  readonly rowsPerCriterion?: number;
  /**
   * The frameworks whose controls group the rows (`--framework`), each under a heading naming it; absent,
   * rows go under the SOC 2 criteria on the evaluations, with no framework heading.
   */
  readonly frameworks?: ScanFrameworks;
  /** Each framework's coverage by the scan, shown after the controls. */
  readonly coverage?: readonly FrameworkResult[];
}

const INDENT = '  ';
/** Indent of the resource lines under a rule when a row does not fit on one line. */
const DETAIL_INDENT = '    ';
const GAP = '  ';
/** Below these widths a resource or annotation column is not worth showing: the layout changes instead. */
const RESOURCE_MIN = 24;
const ANNOTATION_MIN = 24;
/** Share of the room a long resource id may take when the annotation wants more. */
const RESOURCE_SHARE = 0.45;
/** An id cut shorter than this no longer tells resources apart: the name is cut with it instead. */
const ID_MIN = 9;

/** Whether a person has to act: the resource failed, or the rule could not judge it. */
function needsAttention(outcome: EvaluationOutcome): boolean {
  return outcome === 'NON_COMPLIANT' || outcome === 'ERROR';
}

/**
 * Terminal order: NON_COMPLIANT and ERROR first, by severity (critical to informational), then passes and
 * not-applicable results in the reading order of the other formats.
 */
export function compareByAttention(a: Evaluation, b: Evaluation): number {
  const attentionA = needsAttention(a.compliance) ? 0 : 1;
  const attentionB = needsAttention(b.compliance) ? 0 : 1;
  return (
    attentionA - attentionB ||
    (attentionA === 0 ? SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) : 0) ||
    compareEvaluations(a, b)
  );
}

/** The evaluations of one control: every one counted, only the ones to list kept. */
interface CriterionGroup {
  readonly section: ControlSection;
  readonly counts: Record<EvaluationOutcome, number>;
  /** NON_COMPLIANT and ERROR evaluations per severity. */
  readonly attention: Record<Severity, number>;
  /** The rows to list, in {@link compareByAttention} order once gathered. */
  rows: Evaluation[];
}

function emptyGroup(section: ControlSection): CriterionGroup {
  return {
    section,
    counts: { NON_COMPLIANT: 0, ERROR: 0, COMPLIANT: 0, NOT_APPLICABLE: 0 },
    attention: { critical: 0, high: 0, medium: 0, low: 0, informational: 0 },
    rows: [],
  };
}

function attentionTotal(group: CriterionGroup): number {
  return group.counts.NON_COMPLIANT + group.counts.ERROR;
}

/**
 * Sorts evaluations into one group per control (an evaluation appears under each control of its rule), in
 * report order. Unless `all`, a group keeps only its first `limit` rows needing attention, trimmed as
 * it goes, so what is held is bounded however many evaluations stream past.
 */
function gatherGroups(
  evaluations: Iterable<Evaluation>,
  frameworks: ScanFrameworks,
  all: boolean,
  limit: number,
): CriterionGroup[] {
  const bySection = new Map<number, CriterionGroup>();
  const trimAt = Math.max(2 * limit, 64);
  for (const evaluation of evaluations) {
    const attention = needsAttention(evaluation.compliance);
    for (const section of frameworks.sectionsOf(evaluation)) {
      let group = bySection.get(section.index);
      if (!group) {
        group = emptyGroup(section);
        bySection.set(section.index, group);
      }
      group.counts[evaluation.compliance] += 1;
      if (attention) group.attention[evaluation.severity] += 1;
      if (all || attention) {
        group.rows.push(evaluation);
        if (!all && group.rows.length >= trimAt)
          group.rows = group.rows.sort(compareByAttention).slice(0, limit);
      }
    }
  }
  const groups = [...bySection.values()].sort((a, b) => a.section.index - b.section.index);
  for (const group of groups) {
    group.rows.sort(compareByAttention);
    if (!all && group.rows.length > limit) group.rows = group.rows.slice(0, limit);
  }
  return groups;
}

/** A resource as a person knows it: its id, and its name when that says something else. */
function resourceParts(evaluation: Evaluation): { id: string; name?: string } {
  const id = printable(evaluation.resourceId);
  return evaluation.resourceName && evaluation.resourceName !== evaluation.resourceId
    ? { id, name: printable(evaluation.resourceName) }
    : { id };
}

function resourceText(evaluation: Evaluation): string {
  const { id, name } = resourceParts(evaluation);
  return name === undefined ? id : `${id} (${name})`;
}

/** The resource in at most `max` columns: the id is cut in its middle first, keeping the name whole. */
function fitResource(evaluation: Evaluation, max: number): string {
  const { id, name } = resourceParts(evaluation);
  if (name !== undefined) {
    const suffix = ` (${name})`;
    const room = max - displayWidth(suffix);
    if (displayWidth(id) <= room) return `${id}${suffix}`;
    if (room >= ID_MIN) return `${truncateMiddle(id, room)}${suffix}`;
    return truncateMiddle(`${id}${suffix}`, max);
  }
  return truncateMiddle(id, max);
}

/** Widths of the columns of a row (0: the column is not shown). */
interface Widths {
  readonly verdict: number;
  readonly severity: number;
  readonly rule: number;
  readonly resource: number;
  readonly region: number;
  readonly annotation: number;
}

/** How rows are laid out: one line each, or a rule line with the resources under it. */
interface Layout extends Widths {
  readonly stacked: boolean;
}

function naturalWidths(rows: Iterable<Evaluation>): Widths {
  let verdict = 0;
  let severity = 0;
  let rule = 0;
  let resource = 0;
  let region = 0;
  let annotation = 0;
  for (const row of rows) {
    verdict = Math.max(verdict, row.compliance.length);
    severity = Math.max(severity, row.severity.length);
    rule = Math.max(rule, displayWidth(printable(row.ruleId)));
    resource = Math.max(resource, displayWidth(resourceText(row)));
    region = Math.max(region, displayWidth(printable(row.region)));
    annotation = Math.max(annotation, displayWidth(printable(row.annotation)));
  }
  return { verdict, severity, rule, resource, region, annotation };
}

type Details = Pick<Widths, 'resource' | 'region' | 'annotation'>;

/**
 * Widths of resource, region and annotation in `room` columns: the annotation shrinks first, then a long
 * resource; then the region is dropped, then (unless required) the annotation. `undefined` if none fits.
 */
function fitDetails(room: number, natural: Widths, annotationRequired: boolean): Details | undefined {
  const resourceMin = Math.min(natural.resource, RESOURCE_MIN);
  const annotationMin = Math.min(natural.annotation, ANNOTATION_MIN);
  const choices = [
    { region: true, annotation: true },
    { region: false, annotation: true },
    ...(annotationRequired ? [] : [{ region: false, annotation: false }]),
  ];
  for (const choice of choices) {
    const showAnnotation = choice.annotation && natural.annotation > 0;
    const region = choice.region ? natural.region : 0;
    const flexible = room - (region > 0 ? region + GAP.length : 0) - (showAnnotation ? GAP.length : 0);
    if (flexible < resourceMin + (showAnnotation ? annotationMin : 0)) continue;
    if (!showAnnotation) return { resource: Math.min(natural.resource, flexible), region, annotation: 0 };
    const resource = Math.min(
      natural.resource,
      flexible - annotationMin,
      Math.max(resourceMin, Math.ceil(flexible * RESOURCE_SHARE), flexible - natural.annotation),
    );
    return { resource, region, annotation: Math.min(natural.annotation, flexible - resource) };
  }
  return undefined;
}

/**
 * One line per row when verdict, severity, rule, resource and annotation fit in `width`; otherwise a line
 * per rule (verdict, severity, rule id, never cut) with its resources on indented lines under it.
 */
function chooseLayout(natural: Widths, width: number): Layout {
  const lead = INDENT.length + natural.verdict + GAP.length + natural.severity + GAP.length + natural.rule;
  const single = fitDetails(width - lead - GAP.length, natural, true);
  if (single) return { ...natural, ...single, stacked: false };
  const room = width - DETAIL_INDENT.length;
  const stacked = fitDetails(room, natural, false) ?? {
    resource: Math.max(1, room),
    region: 0,
    annotation: 0,
  };
  return { ...natural, ...stacked, stacked: true };
}

/** One cell: its plain text, the columns it is padded to, and a colouring applied after padding. */
interface Cell {
  readonly text: string;
  readonly width: number;
  readonly style?: (text: string) => string;
}

/** Cells joined by gaps, each padded to its width but the last; empty trailing cells are left out. */
function renderCells(indent: string, cells: readonly Cell[]): string {
  const shown = [...cells];
  while (shown.length > 0 && shown[shown.length - 1]?.text === '') shown.pop();
  const parts = shown.map((cell, index) => {
    const text = index === shown.length - 1 ? cell.text : padToWidth(cell.text, cell.width);
    return cell.style ? cell.style(text) : text;
  });
  return `${indent}${parts.join(GAP)}`;
}

function leadCells(row: Evaluation, layout: Layout, colors: Colors): Cell[] {
  return [
    { text: row.compliance, width: layout.verdict, style: outcomeStyle(colors, row.compliance) },
    { text: row.severity, width: layout.severity, style: severityStyle(colors, row.severity) },
    { text: printable(row.ruleId), width: layout.rule },
  ];
}

function detailCells(row: Evaluation, layout: Layout, colors: Colors): Cell[] {
  return [
    { text: fitResource(row, layout.resource), width: layout.resource },
    ...(layout.region > 0 ? [{ text: printable(row.region), width: layout.region, style: colors.dim }] : []),
    ...(layout.annotation > 0
      ? [{ text: truncateEnd(printable(row.annotation), layout.annotation), width: layout.annotation }]
      : []),
  ];
}

function sameRuleLine(a: Evaluation | undefined, b: Evaluation): boolean {
  return (
    a !== undefined && a.compliance === b.compliance && a.severity === b.severity && a.ruleId === b.ruleId
  );
}

function rowLines(rows: readonly Evaluation[], layout: Layout, colors: Colors): string[] {
  const lines: string[] = [];
  let previous: Evaluation | undefined;
  for (const row of rows) {
    if (!layout.stacked) {
      lines.push(
        renderCells(INDENT, [...leadCells(row, layout, colors), ...detailCells(row, layout, colors)]),
      );
    } else {
      if (!sameRuleLine(previous, row)) lines.push(renderCells(INDENT, leadCells(row, layout, colors)));
      lines.push(renderCells(DETAIL_INDENT, detailCells(row, layout, colors)));
    }
    previous = row;
  }
  return lines;
}

function headingLines(group: CriterionGroup, width: number, colors: Colors): string[] {
  const { controlId, title } = group.section;
  return wrapParts(
    [{ text: `${controlId}  ${title}`, style: colors.bold }, countsPart(group.counts, colors)],
    width,
    '',
    ' '.repeat(controlId.length + 2),
  );
}

/** `… and N more: 2 high, 35 medium` for the rows needing attention that a capped group does not list. */
function moreLines(group: CriterionGroup, width: number, colors: Colors): string[] {
  const hidden = { ...group.attention };
  for (const row of group.rows) if (needsAttention(row.compliance)) hidden[row.severity] -= 1;
  const total = SEVERITIES.reduce((sum, severity) => sum + hidden[severity], 0);
  if (total === 0) return [];
  const parts: Part[] = [
    { text: `… and ${total} more` },
    ...SEVERITIES.filter((severity) => hidden[severity] > 0).map((severity, index) => ({
      text: `${hidden[severity]} ${severity}`,
      joiner: index === 0 ? ': ' : ', ',
    })),
  ];
  return wrapParts(parts, width, INDENT, `${INDENT}  `).map((line) => colors.dim(line));
}

/** `1 rule`, `2 rules`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function summaryLines(
  summary: ScanSummary,
  width: number,
  colors: Colors,
  hint: string | undefined,
): string[] {
  const { byCompliance } = summary;
  const verdicts: Part[] = OUTCOME_ORDER.map((outcome, index) => ({
    text: `${byCompliance[outcome]} ${outcome}`,
    style: byCompliance[outcome] > 0 ? outcomeStyle(colors, outcome) : colors.dim,
    joiner: index === 0 ? ' ' : ' · ',
  }));
  const severities: Part[] = SEVERITIES.filter(
    (severity) => summary.nonCompliantBySeverity[severity] > 0,
  ).map((severity, index) => ({
    text: `${summary.nonCompliantBySeverity[severity]} ${severity}`,
    style: severityStyle(colors, severity),
    joiner: index === 0 ? ' ' : ', ',
  }));
  const scope: Part[] = [
    { text: `${count(summary.resourcesEvaluated, 'resource')} (${count(summary.itemsRead, 'item')} read)` },
    { text: count(summary.rulesEvaluated, 'rule') },
    { text: count(summary.evaluations, 'evaluation') },
    { text: `pass rate ${formatPassRate(summary.byCompliance)}` },
  ];
  const words = (text: string): Part[] => text.split(' ').map((word) => ({ text: word, joiner: ' ' }));
  const lines = [
    ...wrapParts([{ text: 'Summary:', style: colors.bold }, ...verdicts], width, '', INDENT),
    ...(severities.length === 0
      ? []
      : wrapParts([{ text: 'non-compliant by severity:' }, ...severities], width, INDENT, INDENT)),
    ...wrapParts(scope, width, INDENT, INDENT),
    ...(hint === undefined
      ? []
      : wrapParts(words(hint), width, INDENT, INDENT).map((line) => colors.dim(line))),
  ];
  if (byCompliance.ERROR > 0) {
    const failed = `${count(byCompliance.ERROR, 'evaluation')} failed: the scan is incomplete.`;
    lines.push('', ...wrapParts(words(failed), width, '', '').map((line) => colors.magenta(line)));
  }
  const verdict =
    byCompliance.NON_COMPLIANT > 0
      ? colors.bold(
          colors.red(truncateEnd(`✗ ${byCompliance.NON_COMPLIANT} non-compliant finding(s).`, width)),
        )
      : byCompliance.ERROR > 0
        ? colors.bold(
            colors.magenta(truncateEnd('! No non-compliant finding, but some rules failed.', width)),
          )
        : colors.bold(colors.green(truncateEnd('✓ No non-compliant finding.', width)));
  lines.push('', verdict);
  return lines;
}

/** What the report left out and how to see it, or `undefined` when it lists everything. */
function hintText(passesHidden: boolean, cap: number | undefined): string | undefined {
  const capped = cap === undefined ? undefined : `at most ${cap} rows per criterion`;
  if (passesHidden && capped) return `Passes counted, not listed; ${capped}; --all lists all.`;
  if (passesHidden) return 'Passes counted, not listed; --all lists them.';
  if (capped) return `${capped.charAt(0).toUpperCase()}${capped.slice(1)}; --all lists all.`;
  return undefined;
}

/**
 * The scan as a person at a terminal reads it, as lines of at most `width` columns: per framework asked
 * for (SOC 2 by default), under each control with something NON_COMPLIANT or ERROR, those rows by severity
 * (at most `rowsPerCriterion`, the rest counted); passes and not-applicable results only counted; then each
 * framework's coverage, then the totals per verdict. With `all`, every evaluation of every control is
 * listed. Cells that do not fit are cut (resource ids in the middle, annotations at the end), never a verdict
 * or a rule id; text from the snapshot is made {@link printable}. Holds at most `rowsPerCriterion`
 * evaluations per control unless `all`.
 */
export function renderTerminalReport(
  evaluations: Iterable<Evaluation>,
  summary: ScanSummary,
  options: TerminalReportOptions,
): string[] {
  const { colors, all } = options;
  const width = Math.max(1, Math.floor(options.width));
  const limit = Math.max(0, Math.floor(options.rowsPerCriterion ?? DEFAULT_ROWS_PER_CRITERION));
  const frameworks = options.frameworks ?? new ScanFrameworks();
  const groups = gatherGroups(evaluations, frameworks, all, limit);
  const listed = all ? groups : groups.filter((group) => attentionTotal(group) > 0);
  const source = truncateMiddle(printable(options.source), Math.max(1, width - 'Vigil scan of '.length));
  const lines = [colors.bold(truncateEnd(`Vigil scan of ${source}`, width))];
  const layout = chooseLayout(naturalWidths(listed.flatMap((group) => group.rows)), width);
  let capped = false;
  for (const framework of new Set(groups.map((group) => group.section.framework))) {
    const own = groups.filter((group) => group.section.framework === framework);
    if (options.frameworks !== undefined) {
      lines.push('', colors.bold(truncateEnd(frameworkHeading(framework), width)));
    }
    for (const group of own) {
      if (!all && attentionTotal(group) === 0) continue;
      const more = moreLines(group, width, colors);
      capped ||= more.length > 0;
      lines.push('', ...headingLines(group, width, colors), ...rowLines(group.rows, layout, colors), ...more);
    }
    const quiet = all ? [] : own.filter((group) => attentionTotal(group) === 0);
    if (quiet.length > 0) {
      const parts: Part[] = quiet.map((group, index) => ({
        text: `${group.section.controlId} (${countsPart(group.counts, colors).text})`,
        joiner: index === 0 ? ' ' : ' · ',
      }));
      lines.push(
        '',
        ...wrapParts([{ text: 'Nothing failed under', style: colors.bold }, ...parts], width, '', INDENT),
      );
    }
  }
  if (groups.length === 0) {
    lines.push(
      '',
      colors.dim(
        truncateEnd(`No rule applies to any of the ${summary.itemsRead} configuration items.`, width),
      ),
    );
  }
  for (const result of options.coverage ?? []) {
    lines.push('', ...coverageTerminalLines(result, width, colors));
  }
  const passesHidden = !all && summary.byCompliance.COMPLIANT + summary.byCompliance.NOT_APPLICABLE > 0;
  const hint = hintText(passesHidden, capped ? limit : undefined);
  lines.push('', ...summaryLines(summary, width, colors, hint));
  return lines;
}

/** Writes {@link renderTerminalReport}'s lines to a terminal. */
export function writeTerminalReport(
  sink: TextSink,
  evaluations: Iterable<Evaluation>,
  summary: ScanSummary,
  options: TerminalReportOptions,
): void {
  const out = new ChunkedWriter(sink);
  for (const line of renderTerminalReport(evaluations, summary, options)) out.write(`${line}\n`);
  out.flush();
}
