import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { frameworkCoverage } from '#shared/frameworks/coverage';
import { FRAMEWORK_IDS, type FrameworkPack } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { isRemediable } from '#shared/remediations/remediable-rules';
import { isCustomRule } from '#shared/rules/custom-catalog';
import { withCustomControls } from '#shared/rules/custom-rules';
import { RULES } from '#shared/rules/registry';
import type { ParameterSpec, ParameterValue, Rule } from '#shared/rules/rule';

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
  custom: 'Custom rules',
};

/** What the catalog needs to know besides the rules: where each rule lives and which ones Vigil can fix. */
export interface RulesDocSources {
  readonly rules: readonly Rule[];
  /** The `shared/rules/<service>/` folder of a rule id. */
  readonly serviceOf: (ruleId: string) => string;
  /** Whether `shared/remediations/<rule-id>.ts` exists. */
  readonly hasRemediation: (ruleId: string) => boolean;
  /** The framework packs whose controls the catalog lists, the default framework (SOC 2) first. */
  readonly packs: readonly FrameworkPack[];
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
    packs: FRAMEWORK_IDS.map((id) => FRAMEWORK_PACKS[id]),
  };
}

/** The sources with custom rules added: their own "Custom rules" section and their controls in the packs. */
export function withCustomRules(base: RulesDocSources, custom: readonly Rule[]): RulesDocSources {
  const customIds = new Set(custom.map((rule) => rule.id));
  return {
    rules: [...base.rules, ...custom],
    serviceOf: (ruleId) => (customIds.has(ruleId) ? 'custom' : base.serviceOf(ruleId)),
    hasRemediation: base.hasRemediation,
    packs: base.packs.map((pack) => withCustomControls(pack, [...customIds])),
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
  if (isCustomRule(rule.id)) return 'custom rule (loaded with `--rules DIR`, docs/custom-rules.md)';
  return rule.managedRule
    ? `AWS Config managed rule [\`${rule.id}\`](https://docs.aws.amazon.com/config/latest/developerguide/${rule.id}.html)`
    : 'Vigil-specific (no AWS Config managed rule)';
}

/** The control ids a pack maps a rule to, comma-separated, or a dash when it maps none. */
function controlList(pack: FrameworkPack, ruleId: string): string {
  const ids = Object.hasOwn(pack.mapping, ruleId) ? (pack.mapping[ruleId] ?? []) : [];
  return ids.length === 0 ? '–' : ids.join(', ');
}

/** How the catalog names a framework: its title and version. */
function frameworkLabel(pack: FrameworkPack): string {
  const { framework } = pack;
  return framework.id === 'soc2' ? 'SOC 2 criteria' : `${framework.title} ${framework.version}`;
}

function coverageSection(pack: FrameworkPack, rules: readonly Rule[]): string[] {
  const coverage = frameworkCoverage(
    pack,
    rules.map((rule) => rule.id),
  );
  const { framework } = pack;
  const lines = [
    `### ${framework.title} ${framework.version} (\`${framework.id}\`, \`${framework.versionedId}\`)`,
    '',
    `${coverage.automated} of ${coverage.total} controls have at least one automated rule; ${coverage.manual} are left to manual evidence.`,
    `Controls from ${framework.sources.join(', ')}; mapping after ${pack.mappingSources.join(', ')}.`,
    ...(pack.awsTemplates ?? []).map(
      (check) =>
        `Checked against AWS's conformance pack \`${check.template}\` (${check.version}), ${Object.keys(check.differencesFromAws ?? {}).length} differences written down with their reasons: ${check.note}`,
    ),
    '',
    '| Control | Evidence | Rules |',
    '| --- | --- | --- |',
  ];
  for (const entry of coverage.controls) {
    lines.push(
      `| **${entry.control.id}** ${cell(entry.control.title)} | ${entry.evidence} | ${entry.rules.map((id) => `[\`${id}\`](#${id})`).join(', ') || '–'} |`,
    );
  }
  lines.push('');
  return lines;
}

function ruleSection(rule: Rule, remediation: boolean, packs: readonly FrameworkPack[]): string[] {
  const specs: Readonly<Record<string, ParameterSpec>> = rule.parameters;
  const lines = [
    `#### \`${rule.id}\``,
    '',
    `${rule.title}.`,
    '',
    '| | |',
    '| --- | --- |',
    ...packs.map((pack) => `| ${frameworkLabel(pack)} | ${controlList(pack, rule.id)} |`),
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
  const { rules, serviceOf, hasRemediation, packs } = sources;
  const soc2 = packs.find((pack) => pack.framework.id === 'soc2');
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
    'Which controls of which framework a rule serves is kept out of the rules, in one pack per framework',
    '(`shared/frameworks/<id>.ts`); `vigil rules --framework ID[,ID]` prints the same coverage.',
    '',
    'Your own rules live in your own folder (docs/custom-rules.md): `vigil scan --rules DIR` runs them, the',
    "construct's `customRules` prop deploys them, and `npm run docs:rules -- --rules DIR --out FILE` adds them",
    'to a catalog like this one.',
    '',
    '## Framework coverage',
    '',
    'Per framework, every control with the rules that check it (automated) or none (left to manual evidence).',
    '',
  ];
  for (const pack of packs) lines.push(...coverageSection(pack, rules));
  lines.push('## Rules by service', '');
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
        `| [\`${rule.id}\`](#${rule.id}) | ${rule.severity} | ${soc2 === undefined ? '–' : controlList(soc2, rule.id)} | ${rule.managedRule ? 'yes' : 'no'} | ${hasRemediation(rule.id) ? 'yes' : 'no'} |`,
      );
    }
    lines.push('');
    for (const rule of serviceRules) lines.push(...ruleSection(rule, hasRemediation(rule.id), packs));
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
