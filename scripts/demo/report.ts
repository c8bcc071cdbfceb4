import type { Finding } from '#shared/evidence/finding';
import type { DemoAlert, DemoReport, StoredFinding } from './run';

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

  const locked = findings.filter((entry) => entry.lockMode === 'COMPLIANCE');
  const retainDays = findings.map((entry) => entry.retainUntil?.getTime() ?? 0).sort((a, b) => a - b);
  const example = failing[0] ?? findings[0];
  lines.push(
    '',
    `5. Stored: ${findings.length} findings in s3://${report.stack.bucket}/findings/`,
    `  lock mode COMPLIANCE on ${locked.length} of ${findings.length} objects, retained until ` +
      `${day(new Date(retainDays[0] ?? 0))}…${day(new Date(retainDays.at(-1) ?? 0))}`,
    `  SHA-256 checksum verified on ${findings.filter((entry) => entry.checksumVerified).length} of ${findings.length}`,
    `  deleting a locked finding version: refused (${report.deleteRefusedWith})`,
    ...(example === undefined
      ? []
      : [
          `  e.g. ${example.key}`,
          `       sequence ${example.finding.sequence}, hash ${short(example.finding.hash)}, ` +
            `previousHash ${short(example.finding.previousHash)}`,
        ]),
    '',
    `6. Alerted: ${report.alerts.length} SNS messages (one per new failure; repeats are not re-sent)`,
    ...alertLines(report.alerts),
    '',
    `7. Fixed: ${report.fix.description}`,
    ...alertLines(report.fix.alerts),
    '  restricted-ssh chain of the group:',
    ...report.fix.chain.map(
      (entry) =>
        `    #${entry.finding.sequence} ${entry.finding.compliance.padEnd(13)} hash ${short(entry.finding.hash)} ` +
        `previousHash ${short(entry.finding.previousHash)}`,
    ),
    '',
    'The finding format, the hash chain and how an auditor verifies them: docs/evidence.md',
  );
  return `${lines.join('\n')}\n`;
}
