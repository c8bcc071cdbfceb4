import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formatDemoReport } from '../../../scripts/demo/report';
import { type DemoReport, runDemo } from '../../../scripts/demo/run';

/** `npm start` runs this same function after starting its own moto server (scripts/demo.ts). */
describe('the local demo (npm start) on the shared moto server', () => {
  const endpoint = inject('motoEndpoint');
  let report: DemoReport;
  let text = '';

  beforeAll(async () => {
    report = await runDemo({ endpoint });
    text = formatDemoReport(report);
  }, 120_000);

  function verdict(resourceType: string, ruleId: string): string | undefined {
    return report.findings.find(
      (entry) => entry.finding.resource.resourceType === resourceType && entry.finding.ruleId === ruleId,
    )?.finding.compliance;
  }

  it('processes every event without a retry', () => {
    expect(report.failedMessages).toBe(0);
    expect(report.events).toBe(9);
  });

  it.each([
    ['AWS::S3::Bucket', 's3-bucket-versioning-enabled'],
    ['AWS::S3::Bucket', 's3-bucket-level-public-access-prohibited'],
    ['AWS::EC2::SecurityGroup', 'restricted-ssh'],
    ['AWS::Logs::LogGroup', 'cw-loggroup-retention-period-check'],
    ['AWS::Logs::LogGroup', 'cloudwatch-log-group-encrypted'],
    ['AWS::KMS::Key', 'cmk-backing-key-rotation-enabled'],
    ['AWS::EC2::Instance', 'ec2-imdsv2-check'],
  ])('finds the misconfigured %s failing %s', (resourceType, ruleId) => {
    expect(verdict(resourceType, ruleId)).toBe('NON_COMPLIANT');
  });

  it('judges the account item too (account-level rules on the IAM CreateUser call)', () => {
    expect(verdict('AWS::::Account', 'iam-root-access-key-check')).toBe('COMPLIANT');
    expect(verdict('AWS::::Account', 'securityhub-enabled')).toBeDefined();
  });

  it('stores the findings in batch objects locked in COMPLIANCE mode with a verified checksum, and refuses a delete', () => {
    expect(report.findings.length).toBeGreaterThanOrEqual(20);
    // Far fewer objects than findings: one per SQS batch and account-region, not one per evaluation.
    expect(report.objects.length).toBeGreaterThan(0);
    expect(report.objects.length).toBeLessThan(report.findings.length);
    expect(report.objects.every((object) => object.lockMode === 'COMPLIANCE')).toBe(true);
    expect(report.objects.every((object) => object.checksumVerified)).toBe(true);
    const keys = new Set(report.objects.map((object) => object.key));
    expect(report.findings.every((entry) => keys.has(entry.key))).toBe(true);
    expect(keys.has(report.deleteTried)).toBe(true);
    expect(report.deleteRefusedWith).toBe('AccessDenied');
  });

  it('alerts once per failing verdict, then once per resolution after the fix', () => {
    const failing = report.findings.filter((entry) => entry.finding.compliance === 'NON_COMPLIANT');
    expect(report.alerts).toHaveLength(failing.length);
    expect(report.alerts.every((alert) => alert.transition === 'NEW_FAILURE')).toBe(true);
    expect(report.fix.alerts.map((alert) => [alert.transition, alert.ruleId])).toContainEqual([
      'RESOLVED',
      'restricted-ssh',
    ]);
    const chain = report.fix.chain.map((entry) => entry.finding);
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect(chain.at(-1)?.compliance).toBe('COMPLIANT');
    expect(chain[0]?.previousHash).toBeNull();
    chain.slice(1).forEach((finding, index) => {
      expect(finding.previousHash).toBe(chain[index]?.hash);
    });
    expect(report.fix.chainsChecked).toBeGreaterThanOrEqual(report.findings.length);
    expect(report.fix.chainProblems).toEqual([]);
  });

  it('prints a readable report: setup, verdicts per resource, evidence, alerts, the fix', () => {
    expect(text).toMatch(/^Vigil demo on local AWS \(moto at http:\/\/127\.0\.0\.1:\d+\)/);
    expect(text).toContain(`evidence bucket  ${report.stack.bucket}  (Object Lock COMPLIANCE, 400 days`);
    expect(text).toMatch(/^4\. Found: \d+ verdicts, \d+ failing$/m);
    expect(text).toMatch(/^ {4}FAIL {2}restricted-ssh +Port 22 open to the internet/m);
    expect(text).toMatch(/^5\. Stored: \d+ findings in \d+ batch objects/m);
    expect(text).toMatch(/lock mode COMPLIANCE on (\d+) of \1 objects/);
    expect(text).toMatch(/SHA-256 checksum verified on (\d+) of \1$/m);
    expect(text).toContain(`e.g. ${report.deleteTried}`);
    expect(text).toMatch(/lock COMPLIANCE until \d{4}-\d{2}-\d{2}, ChecksumSHA256 \S+ \(verified\)/);
    expect(text).toMatch(
      /^ {7}line 1 {2}finding {2}\S+ (NON_COMPLIANT|COMPLIANT|NOT_APPLICABLE) #\d+ hash /m,
    );
    expect(text).toContain('deleting that locked object version: refused (AccessDenied)');
    expect(text).toMatch(/^6\. Alerted: \d+ SNS messages/m);
    expect(text).toMatch(/^ {2}RESOLVED +\[Vigil\] RESOLVED high: restricted-ssh on /m);
    expect(text).toMatch(/#\d+ COMPLIANT +hash [0-9a-f]{12}… previousHash [0-9a-f]{12}…/);
    expect(text).toMatch(/chains checked: \d+ resource–rule chains, every link intact/);
    expect(text.trimEnd().split('\n').at(-1)).toContain('docs/evidence.md');
  });
});
