import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { Evaluation, EvaluationOutcome } from '#shared/rules/engine';
import { SEVERITIES, type Severity, SOC2_CRITERIA, type Soc2Criterion } from '#shared/rules/rule';
import { SOC2_TITLES } from '#shared/rules/soc2-titles';
import type { Colors } from './io';
import { type Cell, renderTable } from './table';

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

/** Stable reading order: outcome (NON_COMPLIANT first), severity, rule, resource. */
export function compareEvaluations(a: Evaluation, b: Evaluation): number {
  return (
    rank(OUTCOME_ORDER, a.compliance) - rank(OUTCOME_ORDER, b.compliance) ||
    rank(SEVERITIES, a.severity) - rank(SEVERITIES, b.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resourceType.localeCompare(b.resourceType) ||
    a.accountId.localeCompare(b.accountId) ||
    a.region.localeCompare(b.region) ||
    a.resourceId.localeCompare(b.resourceId)
  );
}

/** Counts what a scan produced. */
export function summarize(
  items: readonly ConfigurationItem[],
  evaluations: readonly Evaluation[],
): ScanSummary {
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
    itemsRead: items.length,
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

/** `{"findings":[...],"summary":{...}}`, findings in reading order, one JSON document. */
export function renderJson(evaluations: readonly Evaluation[], summary: ScanSummary): string {
  const findings = [...evaluations].sort(compareEvaluations).map(toFindingJson);
  return `${JSON.stringify({ findings, summary }, null, 2)}\n`;
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

/** RFC 4180 CSV (CRLF line ends, header row); `soc2` criteria are joined with spaces in one field. */
export function renderCsv(evaluations: readonly Evaluation[]): string {
  const lines = [SCAN_CSV_COLUMNS.join(',')];
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
    lines.push(SCAN_CSV_COLUMNS.map((column) => csvField(values[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** What the table renderer needs besides the evaluations. */
export interface TableRenderOptions {
  readonly colors: Colors;
  /** Terminal width, to cut annotations; absent for pipes and files (nothing is cut). */
  readonly width?: number;
  /** The file scanned, for the heading. */
  readonly source: string;
}

function outcomeStyle(colors: Colors, outcome: EvaluationOutcome): (text: string) => string {
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

function severityStyle(colors: Colors, severity: Severity): (text: string) => string {
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

function formatRate(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

/**
 * The human report: one section per SOC 2 criterion (a rule mapped to several appears under each), rows
 * NON_COMPLIANT first, then the summary. Returns the text to print.
 */
export function renderScanTable(
  evaluations: readonly Evaluation[],
  summary: ScanSummary,
  options: TableRenderOptions,
): string {
  const { colors } = options;
  const out: string[] = [];
  out.push(colors.bold(`Vigil scan of ${options.source}`), '');
  const groups = new Map<Soc2Criterion, Evaluation[]>();
  for (const evaluation of evaluations) {
    for (const criterion of evaluation.soc2) {
      const group = groups.get(criterion);
      if (group) group.push(evaluation);
      else groups.set(criterion, [evaluation]);
    }
  }
  // Every cell of every group is measured together so columns line up across the whole report.
  const header: Cell[] = [
    'COMPLIANCE',
    'SEVERITY',
    'RULE',
    'RESOURCE TYPE',
    'RESOURCE',
    'REGION',
    'ANNOTATION',
  ].map((text) => ({ text, style: colors.dim }));
  const sections: { heading: string; rows: Cell[][] }[] = [];
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
      rows: group.map((evaluation) => [
        { text: evaluation.compliance, style: outcomeStyle(colors, evaluation.compliance) },
        { text: evaluation.severity, style: severityStyle(colors, evaluation.severity) },
        { text: evaluation.ruleId },
        { text: evaluation.resourceType, style: colors.dim },
        { text: resourceLabel(evaluation) },
        { text: evaluation.region, style: colors.dim },
        { text: evaluation.annotation },
      ]),
    });
  }
  const allRows = [header, ...sections.flatMap((section) => section.rows)];
  const rendered = renderTable(allRows, { indent: 2, ...(options.width ? { width: options.width } : {}) });
  let cursor = 1;
  const headerLine = rendered[0] ?? '';
  for (const section of sections) {
    out.push(section.heading, headerLine);
    out.push(...rendered.slice(cursor, cursor + section.rows.length));
    cursor += section.rows.length;
    out.push('');
  }
  if (sections.length === 0) {
    out.push(colors.dim(`No rule applies to any of the ${summary.itemsRead} configuration items.`), '');
  }
  out.push(...renderSummary(summary, colors));
  return `${out.join('\n')}\n`;
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
