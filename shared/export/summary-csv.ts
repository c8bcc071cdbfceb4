import { csvRow } from './csv';
import type { ComplianceSummary, ControlFigures } from './summary';

function hours(seconds: number | null): string {
  return seconds === null ? '' : (seconds / 3600).toFixed(2);
}

function percent(value: number | null): string {
  return value === null ? '' : (value * 100).toFixed(2);
}

const SUMMARY_CSV_HEADER = [
  'criterion',
  'criterion_title',
  'rule_id',
  'rule_title',
  'severity',
  'resources_evaluated',
  'evaluations',
  'compliant',
  'non_compliant',
  'not_applicable',
  'errors',
  'pass_rate_percent',
  'failures',
  'remediated',
  'closed_not_applicable',
  'ttr_count',
  'ttr_median_hours',
  'ttr_max_hours',
  'open_failures_at_end',
  'account_id',
  'account_regions',
  'signing_key_fingerprint',
] as const;

function figureCells(figures: ControlFigures): (string | number)[] {
  return [
    figures.resourcesEvaluated,
    figures.evaluations,
    figures.compliant,
    figures.nonCompliant,
    figures.notApplicable,
    figures.errors,
    percent(figures.passRate),
    figures.failures,
    figures.remediated,
    figures.closedNotApplicable,
    figures.timeToRemediate.count,
    hours(figures.timeToRemediate.medianSeconds),
    hours(figures.timeToRemediate.maxSeconds),
    figures.openFailuresAtEnd,
  ];
}

/**
 * summary.csv: per criterion, one row with the criterion's totals (empty rule_id) followed by one row per
 * rule; then one row per account (empty criterion and rule, account_id and its space-separated regions set);
 * pass rates in percent, times to remediate in hours; every row names the manifest's signing key.
 */
export function renderSummaryCsv(summary: ComplianceSummary): string {
  const rows = [csvRow(SUMMARY_CSV_HEADER)];
  const key = summary.signing === undefined ? '' : `sha256:${summary.signing.publicKeyFingerprint}`;
  for (const criterion of summary.criteria) {
    rows.push(
      csvRow([criterion.criterion, criterion.title, '', '', '', ...figureCells(criterion), '', '', key]),
    );
    for (const rule of criterion.rules) {
      rows.push(
        csvRow([
          criterion.criterion,
          criterion.title,
          rule.ruleId,
          rule.title,
          rule.severity,
          ...figureCells(rule),
          '',
          '',
          key,
        ]),
      );
    }
  }
  for (const account of summary.accounts) {
    rows.push(
      csvRow([
        '',
        '',
        '',
        '',
        '',
        ...figureCells(account),
        account.accountId,
        account.regions.join(' '),
        key,
      ]),
    );
  }
  return rows.join('');
}
