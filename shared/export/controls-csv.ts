import { csvRow } from './csv';
import type { FrameworkSummary } from './framework-summary';

const CONTROLS_CSV_HEADER = [
  'framework',
  'framework_version',
  'control_id',
  'control_title',
  'evidence',
  'rules',
  'evaluations',
  'compliant',
  'non_compliant',
  'not_applicable',
  'errors',
  'pass_rate_percent',
  'failures',
  'remediated',
  'open_failures_at_end',
  'accepted',
  'signing_key_fingerprint',
] as const;

/**
 * controls.csv: per framework the export was asked for (`--framework`), one row per control in the
 * framework's order: whether the bundle's rules evidence it (`automated`, with their summed figures) or it is
 * left to manual evidence (`manual`, figures empty), the rules serving it space-separated, pass rate in
 * percent; every row names the manifest's signing key, as summary.csv does.
 */
export function renderControlsCsv(
  frameworks: readonly FrameworkSummary[],
  signingKeyFingerprint: string | undefined,
): string {
  const key = signingKeyFingerprint === undefined ? '' : `sha256:${signingKeyFingerprint}`;
  const rows = [csvRow(CONTROLS_CSV_HEADER)];
  for (const framework of frameworks) {
    for (const control of framework.controls) {
      const figures = control.figures;
      rows.push(
        csvRow([
          framework.framework,
          framework.versionedId,
          control.id,
          control.title,
          control.evidence,
          control.rules.join(' '),
          ...(figures === undefined
            ? ['', '', '', '', '', '', '', '', '', '']
            : [
                figures.evaluations,
                figures.compliant,
                figures.nonCompliant,
                figures.notApplicable,
                figures.errors,
                figures.passRate === null ? '' : (figures.passRate * 100).toFixed(2),
                figures.failures,
                figures.remediated,
                figures.openFailuresAtEnd,
                figures.accepted,
              ]),
          key,
        ]),
      );
    }
  }
  return rows.join('');
}
