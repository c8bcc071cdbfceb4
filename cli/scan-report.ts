import type { Evaluation, EvaluationOutcome } from '#shared/rules/engine';
import { SEVERITIES, type Severity, type Soc2Criterion } from '#shared/rules/rule';
import { ChunkedWriter, type Colors, drained, type TextSink } from './io';
import {
  type ControlSection,
  emptyOutcomeCounts,
  type FrameworkResult,
  frameworkHeading,
  type OutcomeCounts,
  type ScanFrameworks,
} from './scan-frameworks';
import { type Cell, columnWidths, renderRow, renderTable } from './table';

/** Outcomes in the order a reader wants them: what needs action first. */
export const OUTCOME_ORDER: readonly EvaluationOutcome[] = [
  'NON_COMPLIANT',
  'ERROR',
  'COMPLIANT',
  'NOT_APPLICABLE',
];

/** Counts of a scan, as `vigil scan` prints them and `--format json` returns them. */
export interface ScanSummary {
  /** Configuration items read from the snapshot. */
  readonly itemsRead: number;
  /** Distinct resources (account, region, type, id) at least one rule judged. */
  readonly resourcesEvaluated: number;
  /** Distinct rules that produced at least one evaluation. */
  readonly rulesEvaluated: number;
  readonly evaluations: number;
  readonly byCompliance: Readonly<Record<EvaluationOutcome, number>>;
  /** NON_COMPLIANT evaluations per rule severity. */
  readonly nonCompliantBySeverity: Readonly<Record<Severity, number>>;
  /** COMPLIANT / (COMPLIANT + NON_COMPLIANT + ERROR), rounded to 4 decimals; `null` when nothing was judged. */
  readonly passRate: number | null;
}

/** One finding of `vigil scan --format json`: the brief's fixed keys first, then where the resource lives. */
export interface FindingJson {
  readonly ruleId: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly compliance: EvaluationOutcome;
  readonly annotation: string;
  readonly soc2: readonly Soc2Criterion[];
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly resourceName?: string;
  readonly captureTime: string;
  /** Per framework asked for (`--framework`, default `soc2`), the controls the rule serves. */
  readonly controls?: Readonly<Record<string, readonly string[]>>;
}

const rank = <T>(order: readonly T[], value: T): number => {
  const index = order.indexOf(value);
  return index === -1 ? order.length : index;
};

/** `localeCompare`'s order, without building a collator per call (sorting millions of findings). */
const { compare } = new Intl.Collator();

/** Stable reading order: outcome (NON_COMPLIANT first), severity, rule, resource. */
export function compareEvaluations(a: Evaluation, b: Evaluation): number {
  return (
    rank(OUTCOME_ORDER, a.compliance) - rank(OUTCOME_ORDER, b.compliance) ||
    rank(SEVERITIES, a.severity) - rank(SEVERITIES, b.severity) ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.resourceType, b.resourceType) ||
    compare(a.accountId, b.accountId) ||
    compare(a.region, b.region) ||
    compare(a.resourceId, b.resourceId)
  );
}

/** The key under which `resourcesEvaluated` counts a resource: account, region, type and id (one line). */
export function resourceKeyOf(evaluation: Evaluation): string {
  return JSON.stringify([
    evaluation.accountId,
    evaluation.region,
    evaluation.resourceType,
    evaluation.resourceId,
  ]);
}

/**
 * Counts evaluations one at a time for the summary, holding only counters: which resources were judged
 * is counted by the caller (a scan may judge more of them than fit in memory).
 */
export class ScanTally {
  readonly #byCompliance: Record<EvaluationOutcome, number> = {
    COMPLIANT: 0,
    NON_COMPLIANT: 0,
    NOT_APPLICABLE: 0,
    ERROR: 0,
  };
  readonly #nonCompliantBySeverity = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, 0]),
  ) as Record<Severity, number>;
  readonly #rules = new Map<string, OutcomeCounts>();
  #evaluations = 0;

  /** Counts one evaluation. */
  add(evaluation: Evaluation): void {
    this.#evaluations += 1;
    this.#byCompliance[evaluation.compliance] += 1;
    if (evaluation.compliance === 'NON_COMPLIANT') this.#nonCompliantBySeverity[evaluation.severity] += 1;
    let counts = this.#rules.get(evaluation.ruleId);
    if (counts === undefined) {
      counts = emptyOutcomeCounts();
      this.#rules.set(evaluation.ruleId, counts);
    }
    counts[evaluation.compliance] += 1;
  }

  /** Evaluations per rule and outcome (one entry per rule that produced any: bounded by the catalog). */
  get countsByRule(): ReadonlyMap<string, OutcomeCounts> {
    return this.#rules;
  }

  /** The summary of a scan of `itemsRead` items that judged `resourcesEvaluated` distinct resources. */
  summary(itemsRead: number, resourcesEvaluated: number): ScanSummary {
    const byCompliance = { ...this.#byCompliance };
    const judged = byCompliance.COMPLIANT + byCompliance.NON_COMPLIANT + byCompliance.ERROR;
    return {
      itemsRead,
      resourcesEvaluated,
      rulesEvaluated: this.#rules.size,
      evaluations: this.#evaluations,
      byCompliance,
      nonCompliantBySeverity: { ...this.#nonCompliantBySeverity },
      passRate: judged === 0 ? null : Math.round((byCompliance.COMPLIANT / judged) * 10_000) / 10_000,
    };
  }
}

/** Counts what a scan of `itemsRead` configuration items produced, from evaluations held in memory. */
export function summarize(itemsRead: number, evaluations: Iterable<Evaluation>): ScanSummary {
  const tally = new ScanTally();
  const resources = new Set<string>();
  for (const evaluation of evaluations) {
    tally.add(evaluation);
    resources.add(resourceKeyOf(evaluation));
  }
  return tally.summary(itemsRead, resources.size);
}

/** The JSON form of one evaluation; with `frameworks`, the controls of each framework asked for. */
export function toFindingJson(evaluation: Evaluation, frameworks?: ScanFrameworks): FindingJson {
  return {
    ruleId: evaluation.ruleId,
    resourceType: evaluation.resourceType,
    resourceId: evaluation.resourceId,
    compliance: evaluation.compliance,
    annotation: evaluation.annotation,
    soc2: evaluation.soc2,
    severity: evaluation.severity,
    accountId: evaluation.accountId,
    region: evaluation.region,
    ...(evaluation.resourceName === undefined ? {} : { resourceName: evaluation.resourceName }),
    captureTime: evaluation.captureTime,
    ...(frameworks === undefined ? {} : { controls: frameworks.controlsByFramework(evaluation) }),
  };
}

/** Indents every line but the first of a JSON text (JSON strings never hold a raw newline). */
function indentJson(json: string, indent: string): string {
  return json.replaceAll('\n', `\n${indent}`);
}

/** The frameworks a JSON or CSV report maps findings to, and (for JSON) their coverage by the scan. */
export interface ReportFrameworks {
  readonly frameworks: ScanFrameworks;
  readonly results: readonly FrameworkResult[];
}

/**
 * Writes `{"findings":[...],"summary":{...}}` as one JSON document (the text of
 * `JSON.stringify(…, null, 2)`), one finding at a time, in the order given (reading order:
 * {@link compareEvaluations}); with `frameworks`, each finding's `controls` and a `frameworks` coverage
 * section after the summary.
 */
export async function writeJson(
  sink: TextSink,
  findings: Iterable<Evaluation>,
  summary: ScanSummary,
  frameworks?: ReportFrameworks,
): Promise<void> {
  const out = new ChunkedWriter(sink);
  let first = true;
  for (const evaluation of findings) {
    const json = indentJson(
      JSON.stringify(toFindingJson(evaluation, frameworks?.frameworks), null, 2),
      '    ',
    );
    const written = out.write(`${first ? '{\n  "findings": [\n' : ',\n'}    ${json}`);
    first = false;
    if (!written) await drained(sink);
  }
  out.write(first ? '{\n  "findings": [],\n' : '\n  ],\n');
  if (!out.write(`  "summary": ${indentJson(JSON.stringify(summary, null, 2), '  ')}`)) await drained(sink);
  if (frameworks !== undefined) {
    const json = indentJson(JSON.stringify(frameworks.results, null, 2), '  ');
    if (!out.write(`,\n  "frameworks": ${json}`)) await drained(sink);
  }
  out.write('\n}\n');
  if (!out.flush()) await drained(sink);
}

export { csvField, SCAN_CSV_COLUMNS, writeCsv } from './scan-csv';

/** What the table renderer needs besides the evaluations. */
export interface TableRenderOptions {
  readonly colors: Colors;
  /** Terminal width, to cut annotations; absent for pipes and files (nothing is cut). */
  readonly width?: number;
  /** The file scanned, for the heading. */
  readonly source: string;
}

/** How a verdict is coloured wherever a report shows it. */
export function outcomeStyle(colors: Colors, outcome: EvaluationOutcome): (text: string) => string {
  switch (outcome) {
    case 'NON_COMPLIANT':
      return (text) => colors.bold(colors.red(text));
    case 'ERROR':
      return (text) => colors.bold(colors.magenta(text));
    case 'COMPLIANT':
      return colors.green;
    case 'NOT_APPLICABLE':
      return colors.dim;
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${String(unreachable)}`);
    }
  }
}

/** How a severity is coloured wherever a report shows it. */
export function severityStyle(colors: Colors, severity: Severity): (text: string) => string {
  switch (severity) {
    case 'critical':
      return (text) => colors.bold(colors.red(text));
    case 'high':
      return colors.red;
    case 'medium':
      return colors.yellow;
    case 'low':
      return colors.cyan;
    case 'informational':
      return colors.dim;
    default: {
      const unreachable: never = severity;
      throw new Error(`unknown severity ${String(unreachable)}`);
    }
  }
}

function resourceLabel(evaluation: Evaluation): string {
  return evaluation.resourceName && evaluation.resourceName !== evaluation.resourceId
    ? `${evaluation.resourceId} (${evaluation.resourceName})`
    : evaluation.resourceId;
}

/** A pass rate as a percentage with one decimal, or `n/a`. */
export function formatRate(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

/**
 * The pass rate of these counts as a percentage with one decimal, or `n/a`: computed from the counts, not
 * from the summary's `passRate` (already rounded to four decimals), so it is rounded once (237 of 414 is
 * 57.246%, shown 57.2%, where formatting 0.5725 would show 57.3%).
 */
export function formatPassRate(byCompliance: Readonly<Record<EvaluationOutcome, number>>): string {
  const judged = byCompliance.COMPLIANT + byCompliance.NON_COMPLIANT + byCompliance.ERROR;
  return formatRate(judged === 0 ? null : byCompliance.COMPLIANT / judged);
}

/** Cells of the other columns are cut to this many characters: a table is for reading, JSON and CSV keep all. */
const MAX_CELL_WIDTH = 256;

function cellsOf(evaluation: Evaluation, colors: Colors): Cell[] {
  return [
    { text: evaluation.compliance, style: outcomeStyle(colors, evaluation.compliance) },
    { text: evaluation.severity, style: severityStyle(colors, evaluation.severity) },
    { text: evaluation.ruleId },
    { text: evaluation.resourceType, style: colors.dim },
    { text: resourceLabel(evaluation) },
    { text: evaluation.region, style: colors.dim },
    { text: evaluation.annotation },
  ];
}

const TABLE_HEADER = [
  'COMPLIANCE',
  'SEVERITY',
  'RULE',
  'RESOURCE TYPE',
  'RESOURCE',
  'REGION',
  'ANNOTATION',
] as const;

/** One row of the table: an evaluation under one control (of a framework asked for) its rule serves. */
export interface ScanTableRow {
  readonly section: ControlSection;
  readonly evaluation: Evaluation;
}

/** What a section heading counts. */
interface SectionCounts {
  evaluations: number;
  nonCompliant: number;
  errors: number;
}

/**
 * What the table needs before its first row, gathered one row at a time: the column widths (every cell of
 * every section is measured together so columns line up across the whole report) and each section's counts.
 */
export class ScanTableLayout {
  readonly #colors: Colors;
  readonly #sections = new Map<number, SectionCounts>();
  #widths: number[];

  constructor(colors: Colors) {
    this.#colors = colors;
    this.#widths = columnWidths([TABLE_HEADER.map((text) => ({ text }))], TABLE_CELL_OPTIONS);
  }

  /** Counts one row. */
  add(row: ScanTableRow): void {
    const counts = this.#sections.get(row.section.index) ?? { evaluations: 0, nonCompliant: 0, errors: 0 };
    counts.evaluations += 1;
    if (row.evaluation.compliance === 'NON_COMPLIANT') counts.nonCompliant += 1;
    if (row.evaluation.compliance === 'ERROR') counts.errors += 1;
    this.#sections.set(row.section.index, counts);
    const widths = columnWidths([cellsOf(row.evaluation, this.#colors)], TABLE_CELL_OPTIONS);
    this.#widths = this.#widths.map((width, index) => Math.max(width, widths[index] ?? 0));
  }

  /** Column widths of every row counted so far. */
  get widths(): readonly number[] {
    return this.#widths;
  }

  /** The heading of a control's section. */
  heading(section: ControlSection): string {
    const colors = this.#colors;
    const { evaluations, nonCompliant, errors } = this.#sections.get(section.index) ?? {
      evaluations: 0,
      nonCompliant: 0,
      errors: 0,
    };
    const counts = [
      nonCompliant > 0 ? colors.red(`${nonCompliant} non-compliant`) : colors.green('0 non-compliant'),
      ...(errors > 0 ? [colors.magenta(`${errors} error${errors === 1 ? '' : 's'}`)] : []),
      `${evaluations} evaluation${evaluations === 1 ? '' : 's'}`,
    ].join(', ');
    return `${colors.bold(section.controlId)}  ${section.title}  ${colors.dim('·')} ${counts}`;
  }
}

/** How cells are measured: cells other than the annotation are cut to 256 characters. */
const TABLE_CELL_OPTIONS = { indent: 2, maxCellWidth: MAX_CELL_WIDTH } as const;

/**
 * Writes the human report: per framework asked for, one section per control (a rule mapped to several
 * appears under each), rows NON_COMPLIANT first; then each framework's coverage (its controls with the
 * scan's rules and their verdicts, or left to manual evidence); then the summary. `rows` come sorted
 * (section, then reading order) and already counted by `layout`; they are written one at a time, cells
 * other than the annotation cut to 256 characters.
 */
export async function writeScanTable(
  sink: TextSink,
  layout: ScanTableLayout,
  rows: Iterable<ScanTableRow>,
  summary: ScanSummary,
  options: TableRenderOptions & {
    /** Lines written after the sections, before the summary: each framework's coverage. */
    readonly coverage?: readonly string[];
  },
): Promise<void> {
  const { colors } = options;
  const out = new ChunkedWriter(sink);
  out.write(`${colors.bold(`Vigil scan of ${options.source}`)}\n\n`);
  const tableOptions = { ...TABLE_CELL_OPTIONS, ...(options.width ? { width: options.width } : {}) };
  const header: Cell[] = TABLE_HEADER.map((text) => ({ text, style: colors.dim }));
  const headerLine = renderRow(header, layout.widths, tableOptions);
  let section: ControlSection | undefined;
  for (const row of rows) {
    if (row.section.index !== section?.index) {
      if (section !== undefined) out.write('\n');
      if (row.section.framework !== section?.framework) {
        out.write(`${colors.bold(frameworkHeading(row.section.framework))}\n\n`);
      }
      section = row.section;
      out.write(`${layout.heading(section)}\n${headerLine}\n`);
    }
    if (!out.write(`${renderRow(cellsOf(row.evaluation, colors), layout.widths, tableOptions)}\n`)) {
      await drained(sink);
    }
  }
  if (section !== undefined) out.write('\n');
  else {
    out.write(`${colors.dim(`No rule applies to any of the ${summary.itemsRead} configuration items.`)}\n\n`);
  }
  if (options.coverage !== undefined && options.coverage.length > 0) {
    out.write(`${options.coverage.join('\n')}\n\n`);
  }
  out.write(`${renderSummary(summary, colors).join('\n')}\n`);
  if (!out.flush()) await drained(sink);
}

function renderSummary(summary: ScanSummary, colors: Colors): string[] {
  const { byCompliance } = summary;
  const severities = SEVERITIES.filter((severity) => summary.nonCompliantBySeverity[severity] > 0)
    .map((severity) =>
      severityStyle(colors, severity)(`${summary.nonCompliantBySeverity[severity]} ${severity}`),
    )
    .join(', ');
  const rows: Cell[][] = [
    [
      { text: 'Resources evaluated' },
      { text: String(summary.resourcesEvaluated) },
      { text: `of ${summary.itemsRead} configuration items read`, style: colors.dim },
    ],
    [{ text: 'Rules evaluated' }, { text: String(summary.rulesEvaluated) }, { text: '' }],
    [
      { text: 'Evaluations' },
      { text: String(summary.evaluations) },
      { text: 'each listed under every control of its rule', style: colors.dim },
    ],
    [
      { text: 'NON_COMPLIANT', style: outcomeStyle(colors, 'NON_COMPLIANT') },
      { text: String(byCompliance.NON_COMPLIANT) },
      { text: severities },
    ],
    [
      { text: 'ERROR', style: outcomeStyle(colors, 'ERROR') },
      { text: String(byCompliance.ERROR) },
      { text: '' },
    ],
    [
      { text: 'COMPLIANT', style: outcomeStyle(colors, 'COMPLIANT') },
      { text: String(byCompliance.COMPLIANT) },
      { text: '' },
    ],
    [
      { text: 'NOT_APPLICABLE', style: outcomeStyle(colors, 'NOT_APPLICABLE') },
      { text: String(byCompliance.NOT_APPLICABLE) },
      { text: '' },
    ],
    [
      { text: 'Pass rate' },
      { text: formatPassRate(summary.byCompliance) },
      { text: 'compliant / (compliant + non-compliant + error)', style: colors.dim },
    ],
  ];
  const lines = [colors.bold('Summary'), ...renderTable(rows, { indent: 2 })];
  if (byCompliance.ERROR > 0) {
    lines.push(
      '',
      colors.magenta(
        `${byCompliance.ERROR} evaluation${byCompliance.ERROR === 1 ? '' : 's'} failed: the scan is incomplete.`,
      ),
    );
  }
  lines.push(
    '',
    byCompliance.NON_COMPLIANT > 0
      ? colors.bold(colors.red(`✗ ${byCompliance.NON_COMPLIANT} non-compliant finding(s).`))
      : byCompliance.ERROR > 0
        ? colors.bold(colors.magenta('! No non-compliant finding, but some rules failed.'))
        : colors.bold(colors.green('✓ No non-compliant finding.')),
  );
  return lines;
}
