import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRemediable } from '#shared/remediations/remediable-rules';
import { RULES } from '#shared/rules/registry';
import { type ParameterSpec, type ParameterValue, type Rule, SOC2_CRITERIA } from '#shared/rules/rule';
import { SOC2_TITLES } from '#shared/rules/soc2-titles';

/** Where the generated catalog lives, relative to the repository root. */
export const RULES_DOC_PATH = 'docs/rules.md';

/** The command that regenerates `docs/rules.md`. */
export const RULES_DOC_COMMAND = 'npm run docs:rules';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Human names of the service folders under `shared/rules/`, in the order the catalog lists them. */
const SERVICE_LABELS: Readonly<Record<string, string>> = {
  s3: 'Amazon S3',
  dynamodb: 'Amazon DynamoDB',
  efs: 'Amazon EFS',
  sns: 'Amazon SNS',
  secretsmanager: 'AWS Secrets Manager',
  backup: 'AWS Backup',
  kms: 'AWS KMS',
  ec2: 'Amazon EC2 and EBS',
  vpc: 'Amazon VPC and security groups',
  elb: 'Elastic Load Balancing',
  apigateway: 'Amazon API Gateway',
  lambda: 'AWS Lambda',
  acm: 'AWS Certificate Manager',
  iam: 'AWS IAM and the root user',
  cloudtrail: 'AWS CloudTrail',
  cloudwatch: 'Amazon CloudWatch Logs',
  guardduty: 'Amazon GuardDuty',
  securityhub: 'AWS Security Hub',
  rds: 'Amazon RDS',
  eks: 'Amazon EKS',
  ecr: 'Amazon ECR',
};

/** What the catalog needs to know besides the rules: where each rule lives and which ones Vigil can fix. */
export interface RulesDocSources {
  readonly rules: readonly Rule[];
  /** The `shared/rules/<service>/` folder of a rule id. */
  readonly serviceOf: (ruleId: string) => string;
  /** Whether `shared/remediations/<rule-id>.ts` exists. */
  readonly hasRemediation: (ruleId: string) => boolean;
}

/** The service folder of every rule file under `shared/rules/`, keyed by rule id. */
export function ruleServiceFolders(root: string = ROOT): Map<string, string> {
  const rulesDir = join(root, 'shared/rules');
  const folders = new Map<string, string>();
  for (const entry of readdirSync(rulesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(rulesDir, entry.name))) {
      if (file.endsWith('.ts') && file !== 'index.ts') folders.set(file.slice(0, -'.ts'.length), entry.name);
    }
  }
  return folders;
}

/** Whether `shared/remediations/<rule-id>.ts`, the remediation the remediation function loads, exists. */
export function remediationFileExists(ruleId: string, root: string = ROOT): boolean {
  return existsSync(join(root, 'shared/remediations', `${ruleId}.ts`));
}

/**
 * The sources of the committed catalog: the rule registry, this checkout's rule folders, and the
 * remediation registry's list of remediable rules (which needs no remediation code loaded).
 */
export function defaultRulesDocSources(root: string = ROOT): RulesDocSources {
  const folders = ruleServiceFolders(root);
  return {
    rules: RULES,
    serviceOf: (ruleId) => folders.get(ruleId) ?? 'other',
    hasRemediation: isRemediable,
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatDefault(value: ParameterValue): string {
  if (Array.isArray(value)) return value.length === 0 ? '_(empty list)_' : `\`${value.join(',')}\``;
  if (value === '') return '_(empty)_';
  return `\`${String(value)}\``;
}

function managedRuleLink(rule: Rule): string {
  return rule.managedRule
    ? `AWS Config managed rule [\`${rule.id}\`](https://docs.aws.amazon.com/config/latest/developerguide/${rule.id}.html)`
    : 'Vigil-specific (no AWS Config managed rule)';
}

function ruleSection(rule: Rule, remediation: boolean): string[] {
  const specs: Readonly<Record<string, ParameterSpec>> = rule.parameters;
  const lines = [
    `#### \`${rule.id}\``,
    '',
    `${rule.title}.`,
    '',
    '| | |',
    '| --- | --- |',
    `| SOC 2 criteria | ${rule.soc2.join(', ')} |`,
    `| Severity | ${rule.severity} |`,
    `| Resource types | ${rule.resourceTypes.map((type) => `\`${type}\``).join(', ')} |`,
  ];
  if (rule.reads && rule.reads.length > 0) {
    lines.push(`| Also reads | ${rule.reads.map((type) => `\`${type}\``).join(', ')} |`);
  }
  lines.push(
    `| Kind | ${managedRuleLink(rule)} |`,
    `| Auto-remediation | ${remediation ? `yes (\`shared/remediations/${rule.id}.ts\`)` : 'no'} |`,
    '',
  );
  const parameters = Object.entries(specs);
  if (parameters.length === 0) {
    lines.push('Parameters: none.', '');
  } else {
    lines.push('| Parameter | Type | Default | Meaning |', '| --- | --- | --- | --- |');
    for (const [name, spec] of parameters) {
      lines.push(
        `| \`${name}\` | ${spec.type} | ${formatDefault(spec.default)} | ${cell(spec.description)} |`,
      );
    }
    lines.push('');
  }
  lines.push(`**Why:** ${rule.rationale}`, '');
  if (rule.deviation) lines.push(`**Deviation from the managed rule:** ${rule.deviation}`, '');
  lines.push(`**Remediation:** ${rule.remediationAdvice}`, '');
  return lines;
}

/** `docs/rules.md`: the rule catalog rendered from the rules' metadata (deterministic, ends with a newline). */
export function renderRulesDoc(sources: RulesDocSources): string {
  const { rules, serviceOf, hasRemediation } = sources;
  const managed = rules.filter((rule) => rule.managedRule).length;
  const remediable = rules.filter((rule) => hasRemediation(rule.id)).length;
  const lines: string[] = [
    '# Vigil rule catalog',
    '',
    `<!-- Generated from the rule metadata in shared/rules by \`${RULES_DOC_COMMAND}\`; do not edit by hand. -->`,
    '',
    `${rules.length} rules: ${managed} mirror an AWS Config managed rule (same id, documented semantics and`,
    `default parameters unless a deviation is stated), ${rules.length - managed} are Vigil-specific; ${remediable} can be remediated automatically.`,
    'Severity says how urgent a NON_COMPLIANT finding is. Where a rule departs from its managed rule, its',
    '"Deviation from the managed rule" line quotes what the AWS Config rule page says and what Vigil does instead;',
    'a managed-rule twin without that line behaves as the page documents.',
    '',
    'No verdict comes from data that was not collected: an item whose configuration was not recorded, a key',
    "AWS Config always records that is missing (a bucket policy, a group's rules, `publiclyAccessible`), a",
    'Vigil sub-read that failed, or a resource type the inventory could not read (flow logs on the describe',
    'path) makes the rule NOT_APPLICABLE with the reason, never COMPLIANT or NON_COMPLIANT. Where AWS Config',
    'leaves a key out to mean "not set" (no default encryption, no KMS key, no lifecycle policy), its absence is',
    'judged, and the rule says so in a comment.',
    '',
    '## Rules by SOC 2 criterion',
    '',
    '| Criterion | Rules |',
    '| --- | --- |',
  ];
  for (const criterion of SOC2_CRITERIA) {
    const ids = rules.filter((rule) => rule.soc2.includes(criterion)).map((rule) => rule.id);
    if (ids.length === 0) continue;
    lines.push(
      `| **${criterion}** ${SOC2_TITLES[criterion]} | ${ids.map((id) => `[\`${id}\`](#${id})`).join(', ')} |`,
    );
  }
  lines.push('', '## Rules by service', '');
  const services = new Map<string, Rule[]>();
  for (const rule of rules) {
    const service = serviceOf(rule.id);
    services.set(service, [...(services.get(service) ?? []), rule]);
  }
  for (const [service, serviceRules] of services) {
    lines.push(`### ${SERVICE_LABELS[service] ?? service}`, '');
    lines.push('| Rule | Severity | SOC 2 | Managed | Auto-remediation |', '| --- | --- | --- | --- | --- |');
    for (const rule of serviceRules) {
      lines.push(
        `| [\`${rule.id}\`](#${rule.id}) | ${rule.severity} | ${rule.soc2.join(', ')} | ${rule.managedRule ? 'yes' : 'no'} | ${hasRemediation(rule.id) ? 'yes' : 'no'} |`,
      );
    }
    lines.push('');
    for (const rule of serviceRules) lines.push(...ruleSection(rule, hasRemediation(rule.id)));
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
