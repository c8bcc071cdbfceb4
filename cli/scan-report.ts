import type { Evaluation, EvaluationOutcome } from '#shared/rules/engine';
import { SEVERITIES, type Severity, SOC2_CRITERIA, type Soc2Criterion } from '#shared/rules/rule';
import { SOC2_TITLES } from '#shared/rules/soc2-titles';
import { ChunkedWriter, type Colors, type TextSink } from './io';
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

/** Counts what a scan of `itemsRead` configuration items produced. */
export function summarize(itemsRead: number, evaluations: readonly Evaluation[]): ScanSummary {
  const byCompliance: Record<EvaluationOutcome, number> = {
    COMPLIANT: 0,
    NON_COMPLIANT: 0,
    NOT_APPLICABLE: 0,
    ERROR: 0,
  };
  const nonCompliantBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  const resources = new Set<string>();
  const rules = new Set<string>();
  for (const evaluation of evaluations) {
    byCompliance[evaluation.compliance] += 1;
    if (evaluation.compliance === 'NON_COMPLIANT') nonCompliantBySeverity[evaluation.severity] += 1;
    resources.add(
      `${evaluation.accountId}\u0000${evaluation.region}\u0000${evaluation.resourceType}\u0000${evaluation.resourceId}`,
    );
    rules.add(evaluation.ruleId);
  }
  const judged = byCompliance.COMPLIANT + byCompliance.NON_COMPLIANT + byCompliance.ERROR;
  return {
    itemsRead,
    resourcesEvaluated: resources.size,
    rulesEvaluated: rules.size,
    evaluations: evaluations.length,
    byCompliance,
    nonCompliantBySeverity,
    passRate: judged === 0 ? null : Math.round((byCompliance.COMPLIANT / judged) * 10_000) / 10_000,
  };
}

/** The JSON form of one evaluation. */
export function toFindingJson(evaluation: Evaluation): FindingJson {
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
  };
}

/** Indents every line but the first of a JSON text (JSON strings never hold a raw newline). */
function indentJson(json: string, indent: string): string {
  return json.replaceAll('\n', `\n${indent}`);
}

/**
 * Writes `{"findings":[...],"summary":{...}}`, findings in reading order, as one JSON document (the text of
 * `JSON.stringify(…, null, 2)`), one finding at a time.
 */
export function writeJson(sink: TextSink, evaluations: readonly Evaluation[], summary: ScanSummary): void {
  const out = new ChunkedWriter(sink);
  const sorted = [...evaluations].sort(compareEvaluations);
  if (sorted.length === 0) out.write('{\n  "findings": [],\n');
  else {
    out.write('{\n  "findings": [\n');
    sorted.forEach((evaluation, index) => {
      const json = indentJson(JSON.stringify(toFindingJson(evaluation), null, 2), '    ');
      out.write(`    ${json}${index < sorted.length - 1 ? ',' : ''}\n`);
    });
    out.write('  ],\n');
  }
  out.write(`  "summary": ${indentJson(JSON.stringify(summary, null, 2), '  ')}\n}\n`);
  out.flush();
}

/** Quotes one CSV field per RFC 4180: fields holding a comma, quote, CR or LF are quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Columns of `vigil scan --format csv`, in snake_case as the export's findings.csv names the same fields. */
export const SCAN_CSV_COLUMNS = [
  'rule_id',
  'resource_type',
  'resource_id',
  'resource_name',
  'account_id',
  'region',
  'compliance',
  'severity',
  'soc2',
  'annotation',
  'capture_time',
] as const;

/** Writes RFC 4180 CSV (CRLF line ends, header row), a row at a time; `soc2` criteria are joined with spaces. */
export function writeCsv(sink: TextSink, evaluations: readonly Evaluation[]): void {
  const out = new ChunkedWriter(sink);
  out.write(`${SCAN_CSV_COLUMNS.join(',')}\r\n`);
  for (const evaluation of [...evaluations].sort(compareEvaluations)) {
    const values: Record<(typeof SCAN_CSV_COLUMNS)[number], string> = {
      rule_id: evaluation.ruleId,
      resource_type: evaluation.resourceType,
      resource_id: evaluation.resourceId,
      resource_name: evaluation.resourceName ?? '',
      account_id: evaluation.accountId,
      region: evaluation.region,
      compliance: evaluation.compliance,
      severity: evaluation.severity,
      soc2: evaluation.soc2.join(' '),
      annotation: evaluation.annotation,
      capture_time: evaluation.captureTime,
    };
    out.write(`${SCAN_CSV_COLUMNS.map((column) => csvField(values[column])).join(',')}\r\n`);
  }
  out.flush();
}

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

/**
 * Writes the human report: one section per SOC 2 criterion (a rule mapped to several appears under each),
 * rows NON_COMPLIANT first, then the summary. Rows are written one at a time; cells other than the
 * annotation are cut to 256 characters.
 */
export function writeScanTable(
  sink: TextSink,
  evaluations: readonly Evaluation[],
  summary: ScanSummary,
  options: TableRenderOptions,
): void {
  const { colors } = options;
  const out = new ChunkedWriter(sink);
  out.write(`${colors.bold(`Vigil scan of ${options.source}`)}\n\n`);
  const groups = new Map<Soc2Criterion, Evaluation[]>();
  for (const evaluation of evaluations) {
    for (const criterion of evaluation.soc2) {
      const group = groups.get(criterion);
      if (group) group.push(evaluation);
      else groups.set(criterion, [evaluation]);
    }
  }
  const header: Cell[] = [
    'COMPLIANCE',
    'SEVERITY',
    'RULE',
    'RESOURCE TYPE',
    'RESOURCE',
    'REGION',
    'ANNOTATION',
  ].map((text) => ({ text, style: colors.dim }));
  const sections: { heading: string; group: Evaluation[] }[] = [];
  for (const criterion of SOC2_CRITERIA) {
    const group = groups.get(criterion);
    if (!group) continue;
    group.sort(compareEvaluations);
    const failing = group.filter((evaluation) => evaluation.compliance === 'NON_COMPLIANT').length;
    const errors = group.filter((evaluation) => evaluation.compliance === 'ERROR').length;
    const counts = [
      failing > 0 ? colors.red(`${failing} non-compliant`) : colors.green('0 non-compliant'),
      ...(errors > 0 ? [colors.magenta(`${errors} error${errors === 1 ? '' : 's'}`)] : []),
      `${group.length} evaluation${group.length === 1 ? '' : 's'}`,
    ].join(', ');
    sections.push({
      heading: `${colors.bold(criterion)}  ${SOC2_TITLES[criterion]}  ${colors.dim('·')} ${counts}`,
      group,
    });
  }
  // Every cell of every group is measured together so columns line up across the whole report.
  const tableOptions = {
    indent: 2,
    maxCellWidth: MAX_CELL_WIDTH,
    ...(options.width ? { width: options.width } : {}),
  };
  function* allRows(): Generator<Cell[]> {
    yield header;
    for (const section of sections) for (const evaluation of section.group) yield cellsOf(evaluation, colors);
  }
  const widths = columnWidths(allRows(), tableOptions);
  const headerLine = renderRow(header, widths, tableOptions);
  for (const section of sections) {
    out.write(`${section.heading}\n${headerLine}\n`);
    for (const evaluation of section.group) {
      out.write(`${renderRow(cellsOf(evaluation, colors), widths, tableOptions)}\n`);
    }
    out.write('\n');
  }
  if (sections.length === 0) {
    out.write(`${colors.dim(`No rule applies to any of the ${summary.itemsRead} configuration items.`)}\n\n`);
  }
  out.write(`${renderSummary(summary, colors).join('\n')}\n`);
  out.flush();
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
      { text: 'each listed under every SOC 2 criterion of its rule', style: colors.dim },
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
      { text: formatRate(summary.passRate) },
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
