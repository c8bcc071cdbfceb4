import type { Evaluation } from '#shared/rules/engine';
import { ChunkedWriter, drained, type TextSink } from './io';
import type { ScanFrameworks } from './scan-frameworks';

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

/**
 * Writes RFC 4180 CSV (CRLF line ends, header row), a row at a time in the order given (reading order);
 * `soc2` criteria are joined with spaces. Each framework asked for other than SOC 2 (which has its `soc2`
 * column) adds a last column named by its short id, its controls joined with spaces.
 */
export async function writeCsv(
  sink: TextSink,
  findings: Iterable<Evaluation>,
  frameworks?: ScanFrameworks,
): Promise<void> {
  const out = new ChunkedWriter(sink);
  const extra = (frameworks?.ids ?? []).filter((id) => id !== 'soc2');
  out.write(`${[...SCAN_CSV_COLUMNS, ...extra].join(',')}\r\n`);
  for (const evaluation of findings) {
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
    const controls = extra.map((id) => frameworks?.controlsOf(id, evaluation.ruleId).join(' ') ?? '');
    const fields = [...SCAN_CSV_COLUMNS.map((column) => values[column]), ...controls];
    if (!out.write(`${fields.map(csvField).join(',')}\r\n`)) {
      await drained(sink);
    }
  }
  if (!out.flush()) await drained(sink);
}
