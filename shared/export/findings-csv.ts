import type { Finding } from '#shared/evidence/finding';
import { ruleTitleOf } from '#shared/rules/rule-titles';
import { csvRow } from './csv';

/** Columns of findings.csv, one row per finding. */
export const FINDINGS_CSV_HEADER = [
  'evidence_key',
  'evaluated_at',
  'capture_time',
  'account_id',
  'region',
  'resource_type',
  'resource_id',
  'resource_name',
  'arn',
  'rule_id',
  'rule_title',
  'severity',
  'soc2',
  'compliance',
  'annotation',
  'trigger',
  'event_id',
  'sequence',
  'hash',
  'previous_hash',
  'exemption_reason',
  'acceptance_id',
  'acceptance_owner',
  'acceptance_expires_at',
  'unregistered_exemption_tag',
] as const;

/** One findings.csv row: a finding and the batch object it was read from. */
export function findingCsvRow(finding: Finding, key: string): string {
  const { resource } = finding;
  return csvRow([
    key,
    finding.evaluatedAt,
    finding.configurationItem.captureTime,
    resource.accountId,
    resource.region,
    resource.resourceType,
    resource.resourceId,
    resource.resourceName,
    resource.arn,
    finding.ruleId,
    ruleTitleOf(finding.ruleId),
    finding.severity,
    finding.soc2.join(' '),
    finding.compliance,
    finding.annotation,
    finding.source.trigger,
    finding.source.eventId,
    finding.sequence,
    finding.hash,
    finding.previousHash,
    finding.exemption?.reason,
    finding.acceptance?.id,
    finding.acceptance?.owner,
    finding.acceptance?.expiresAt,
    finding.exemptionTag?.tag,
  ]);
}
