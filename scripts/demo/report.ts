import type { EvidenceRecord, Finding } from '#shared/evidence/finding';
import type { DemoAlert, DemoReport, StoredBatch, StoredFinding } from './run';

const MARK: Readonly<Record<Finding['compliance'], string>> = {
  NON_COMPLIANT: 'FAIL',
  COMPLIANT: 'pass',
  NOT_APPLICABLE: 'n/a ',
  ERROR: 'ERR ',
};

const ORDER: readonly Finding['compliance'][] = ['NON_COMPLIANT', 'ERROR', 'COMPLIANT', 'NOT_APPLICABLE'];

function day(date: Date | undefined): string {
  return date === undefined ? '?' : date.toISOString().slice(0, 10);
}

function short(hash: string | null): string {
  return hash === null ? 'null' : `${hash.slice(0, 12)}…`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** One line of a batch object, in a few words. */
function recordLine(record: EvidenceRecord): string {
  if (record.kind === 'attestation') {
    return `attestation  ${record.resource.resourceId}: ${record.rules.length} rule(s) unchanged`;
  }
  return (
    `finding  ${record.ruleId} ${record.compliance} #${record.sequence} hash ${short(record.hash)} ` +
    `previousHash ${short(record.previousHash)}`
  );
}

/** A batch object: where it is, how it is locked and checksummed, and its first lines. */
function objectLines(object: StoredBatch): string[] {
  const shown = object.records.slice(0, 4);
  return [
    `  e.g. ${object.key}`,
    `       ${object.records.length} lines (canonical JSON, one record each), ${size(object.size)}, ` +
      `lock ${object.lockMode ?? 'none'} until ${day(object.retainUntil)}, ` +
      `ChecksumSHA256 ${object.checksumSha256 ?? 'none'} (${object.checksumVerified ? 'verified' : 'MISMATCH'})`,
    ...shown.map((record, index) => `       line ${index + 1}  ${truncate(recordLine(record), 100)}`),
    ...(object.records.length > shown.length
      ? [`       … ${object.records.length - shown.length} more`]
      : []),
  ];
}

function alertLines(alerts: readonly DemoAlert[]): string[] {
  return alerts.map((alert) => `  ${alert.transition.padEnd(11)} ${alert.subject}`);
}

/** The findings of one resource, failures first. */
function verdictLines(findings: readonly StoredFinding[]): string[] {
  const width = Math.max(...findings.map((entry) => entry.finding.ruleId.length));
  return [...findings]
    .sort(
      (a, b) =>
        ORDER.indexOf(a.finding.compliance) - ORDER.indexOf(b.finding.compliance) ||
        a.finding.ruleId.localeCompare(b.finding.ruleId),
    )
    .map(
      (entry) =>
        `    ${MARK[entry.finding.compliance]}  ${entry.finding.ruleId.padEnd(width)}  ${truncate(entry.finding.annotation, 90)}`,
    );
}

/** The demo's report as plain text: setup, verdicts per resource, evidence, alerts, and the fix. */
export function formatDemoReport(report: DemoReport): string {
  const lines: string[] = [];
  const findings = report.findings;
  const failing = findings.filter((entry) => entry.finding.compliance === 'NON_COMPLIANT');
  lines.push(
    `Vigil demo on local AWS (moto at ${report.endpoint}), account ${report.account}, ${report.region}`,
    '',
    '1. Deployed',
    `  evidence bucket  ${report.stack.bucket}  (Object Lock COMPLIANCE, ${report.stack.retentionDays} days, versioned, KMS)`,
    `  state table      ${report.stack.table}`,
    `  alert topic      ${report.stack.topicArn}  (an SQS queue subscribed, to read alerts back)`,
    '',
    '2. Created through the AWS APIs',
    ...report.resources.map(
      (resource) =>
        `  ${resource.resourceType.padEnd(24)} ${resource.resourceId}: ${resource.misconfiguration}`,
    ),
    '',
    `3. Fed ${report.events - 1} CloudTrail events (EventBridge, SQS batches) through the evaluator handler` +
      (report.failedMessages === 0 ? '' : ` (${report.failedMessages} messages failed and would be retried)`),
    '',
    `4. Found: ${findings.length} verdicts, ${failing.length} failing`,
  );
  const groups = new Map<string, StoredFinding[]>();
  for (const entry of findings) {
    const id = `${entry.finding.resource.resourceType}  ${entry.finding.resource.resourceId}`;
    groups.set(id, [...(groups.get(id) ?? []), entry]);
  }
  for (const [resource, entries] of groups) lines.push(`  ${resource}`, ...verdictLines(entries));

  const objects = report.objects;
  const locked = objects.filter((object) => object.lockMode === 'COMPLIANCE');
  const retainDays = objects.map((object) => object.retainUntil?.getTime() ?? 0).sort((a, b) => a - b);
  const stored = objects.reduce(
    (sum, object) => sum + object.records.filter((record) => record.kind === 'finding').length,
    0,
  );
  const example = objects.find((object) => object.key === report.deleteTried) ?? objects[0];
  const problems = report.fix.chainProblems;
  lines.push(
    '',
    `5. Stored: ${stored} findings in ${objects.length} batch objects (one per SQS batch) in ` +
      `s3://${report.stack.bucket}/findings/`,
    `  lock mode COMPLIANCE on ${locked.length} of ${objects.length} objects, retained until ` +
      `${day(new Date(retainDays[0] ?? 0))}…${day(new Date(retainDays.at(-1) ?? 0))}`,
    `  SHA-256 checksum verified on ${objects.filter((object) => object.checksumVerified).length} of ${objects.length}`,
    ...(example === undefined ? [] : objectLines(example)),
    `  deleting that locked object version: refused (${report.deleteRefusedWith})`,
    '',
    `6. Alerted: ${report.alerts.length} SNS messages (one per new failure; repeats are not re-sent)`,
    ...alertLines(report.alerts),
    '',
    `7. Fixed: ${report.fix.description}`,
    ...alertLines(report.fix.alerts),
    '  restricted-ssh chain of the group (each finding quotes the hash of the one before):',
    ...report.fix.chain.map(
      (entry) =>
        `    #${entry.finding.sequence} ${entry.finding.compliance.padEnd(13)} hash ${short(entry.finding.hash)} ` +
        `previousHash ${short(entry.finding.previousHash)}  (${entry.key.split('/').at(-1)} line ${entry.line})`,
    ),
    `  chains checked: ${report.fix.chainsChecked} resource–rule chains, ` +
      (problems.length === 0 ? 'every link intact' : `${problems.length} problem(s)`),
    ...problems.map((problem) => `    ${problem.chainId}: ${problem.detail} (${problem.where})`),
    '',
    'The evidence format, the hash chains and how an auditor verifies them: docs/evidence.md',
  );
  return `${lines.join('\n')}\n`;
}
