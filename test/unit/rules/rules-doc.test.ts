import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameworkCoverage } from '#shared/frameworks/coverage';
import type { FrameworkPack } from '#shared/frameworks/framework';
import { controls, FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { soc2Criteria } from '#shared/frameworks/soc2';
import { RULES } from '#shared/rules/registry';
import type { Rule } from '#shared/rules/rule';
import {
  defaultRulesDocSources,
  RULES_DOC_COMMAND,
  RULES_DOC_PATH,
  type RulesDocSources,
  remediationFileExists,
  renderRulesDoc,
} from '../../../scripts/rules-doc/render';

const DOC = new URL(`../../../${RULES_DOC_PATH}`, import.meta.url).pathname;

function sectionOf(doc: string, id: string): string {
  const start = doc.indexOf(`#### \`${id}\``);
  expect(start, `section of ${id}`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n#### ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

let sources: RulesDocSources;
let rendered = '';

beforeAll(() => {
  sources = defaultRulesDocSources();
  rendered = renderRulesDoc(sources);
});

describe('docs/rules.md', () => {
  it('is what the rule metadata renders today', () => {
    let committed = '';
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      // A missing file is stale too; the message below says how to create it.
    }
    expect(
      committed === rendered,
      `${RULES_DOC_PATH} is stale: run \`${RULES_DOC_COMMAND}\` and commit the result`,
    ).toBe(true);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    'documents %s with the controls of every framework, types, severity, parameters and advice',
    (id, rule) => {
      const section = sectionOf(rendered, id);
      expect(section).toContain(rule.title);
      expect(section).toContain(`| SOC 2 criteria | ${soc2Criteria(id).join(', ')} |`);
      for (const frameworkId of ['cis', 'iso27001', 'pci'] as const) {
        const { framework } = FRAMEWORK_PACKS[frameworkId];
        const mapped = controls(frameworkId, id);
        expect(section).toContain(
          `| ${framework.title} ${framework.version} | ${mapped.length === 0 ? '–' : mapped.join(', ')} |`,
        );
      }
      expect(section).toContain(`| Severity | ${rule.severity} |`);
      for (const type of rule.resourceTypes) expect(section).toContain(`\`${type}\``);
      for (const name of Object.keys(rule.parameters)) expect(section).toContain(`| \`${name}\` |`);
      expect(section).toContain(rule.remediationAdvice);
      expect(section).toContain(rule.managedRule ? 'AWS Config managed rule' : 'Vigil-specific');
    },
  );

  it.each(['soc2', 'cis', 'iso27001', 'pci'] as const)(
    'has a coverage section for %s listing every control as automated or manual',
    (frameworkId) => {
      const pack = FRAMEWORK_PACKS[frameworkId];
      const coverage = frameworkCoverage(
        pack,
        RULES.map((rule) => rule.id),
      );
      const { framework } = pack;
      expect(rendered).toContain(
        `### ${framework.title} ${framework.version} (\`${framework.id}\`, \`${framework.versionedId}\`)`,
      );
      expect(rendered).toContain(
        `${coverage.automated} of ${coverage.total} controls have at least one automated rule; ${coverage.manual} are left to manual evidence.`,
      );
      for (const entry of coverage.controls) {
        expect(rendered).toContain(
          `| **${entry.control.id}** ${entry.control.title.replace(/\|/g, '\\|')} | ${entry.evidence} |`,
        );
      }
    },
  );

  it('says which AWS conformance pack each framework is checked against, and how many differences it explains', () => {
    for (const frameworkId of ['cis', 'iso27001', 'pci'] as const) {
      for (const check of FRAMEWORK_PACKS[frameworkId].awsTemplates ?? []) {
        const count = Object.keys(check.differencesFromAws ?? {}).length;
        expect(rendered).toContain(
          `Checked against AWS's conformance pack \`${check.template}\` (${check.version}), ${count} differences written down with their reasons: ${check.note}`,
        );
      }
    }
    expect(rendered).toContain(
      "Checked against AWS's conformance pack `Operational-Best-Practices-for-PCI-DSS.yaml` (3.2.1), 5 differences written down with their reasons: Another version:",
    );
    const soc2 = rendered.split('### SOC 2 Trust Services Criteria')[1]?.split('\n### ')[0] ?? '';
    expect(soc2).toContain('| **CC6.1**');
    expect(soc2).not.toContain('Checked against');
  });

  it('states every deviation, and none for cw-loggroup-retention-period-check, which behaves as AWS documents', () => {
    const doc = rendered;
    for (const rule of RULES.filter((candidate) => candidate.deviation)) {
      expect(sectionOf(doc, rule.id)).toContain(`**Deviation from the managed rule:** ${rule.deviation}`);
    }
    // AWS's page: "If the retention setting is "Never expire" for a log group, the rule is marked as COMPLIANT."
    expect(sectionOf(doc, 'cw-loggroup-retention-period-check')).not.toContain('Deviation');
    expect(sectionOf(doc, 'restricted-ssh')).not.toContain('Deviation');
    expect(sectionOf(doc, 's3-bucket-server-side-encryption-enabled')).toContain(
      "**Deviation from the managed rule:** AWS's page says",
    );
  });

  it.each(RULES.map((rule) => [rule.id] as const))(
    'says whether %s can be remediated automatically',
    (id) => {
      const expected = sources.hasRemediation(id) ? '| Auto-remediation | yes' : '| Auto-remediation | no |';
      expect(sectionOf(rendered, id)).toContain(expected);
    },
  );

  it('takes remediations from the remediation registry, each backed by its shared/remediations/<rule-id>.ts', () => {
    const remediable = RULES.filter((rule) => sources.hasRemediation(rule.id)).map((rule) => rule.id);
    expect(remediable).toContain('s3-bucket-versioning-enabled');
    expect(sources.hasRemediation('restricted-common-ports')).toBe(false);
    for (const id of remediable) expect(remediationFileExists(id), id).toBe(true);
    const doc = renderRulesDoc({ ...sources, hasRemediation: (id) => id === 'restricted-common-ports' });
    expect(sectionOf(doc, 'restricted-common-ports')).toContain(
      '| Auto-remediation | yes (`shared/remediations/restricted-common-ports.ts`) |',
    );
    expect(sectionOf(doc, 's3-bucket-versioning-enabled')).toContain('| Auto-remediation | no |');
  });

  it('renders list and empty defaults, and escapes pipes in descriptions', () => {
    const rule: Rule = {
      id: 'example-rule',
      title: 'Examples are documented',
      resourceTypes: ['AWS::S3::Bucket'],
      severity: 'low',
      managedRule: false,
      parameters: {
        ports: { type: 'string-list', default: ['443', '8443'], description: 'Allowed | listed ports.' },
        name: { type: 'string', default: '', description: 'Optional name.' },
      },
      rationale: 'Because examples help.',
      remediationAdvice: 'Write an example.',
      evaluate: () => ({ compliance: 'NOT_APPLICABLE', annotation: 'example' }),
    };
    const pack: FrameworkPack = {
      framework: {
        id: 'cis',
        versionedId: 'example-1.0',
        title: 'Example Benchmark',
        version: '1.0',
        sources: ['https://example.org/benchmark'],
        controls: [
          { id: 'E.1', title: 'Examples exist' },
          { id: 'E.2', title: 'Examples are | reviewed' },
        ],
      },
      mappingSources: ['https://example.org/mapping'],
      mapping: { 'example-rule': ['E.1'] },
    };
    const doc = renderRulesDoc({
      rules: [rule],
      serviceOf: () => 's3',
      hasRemediation: () => false,
      packs: [pack],
    });
    expect(doc).toContain('| `ports` | string-list | `443,8443` | Allowed \\| listed ports. |');
    expect(doc).toContain('| `name` | string | _(empty)_ | Optional name. |');
    expect(doc).toContain('### Example Benchmark 1.0 (`cis`, `example-1.0`)');
    expect(doc).toContain('1 of 2 controls have at least one automated rule; 1 are left to manual evidence.');
    expect(doc).toContain('| **E.1** Examples exist | automated | [`example-rule`](#example-rule) |');
    expect(doc).toContain('| **E.2** Examples are \\| reviewed | manual | – |');
    expect(sectionOf(doc, 'example-rule')).toContain('| Example Benchmark 1.0 | E.1 |');
    expect(doc).toContain('### Amazon S3');
    expect(doc).toContain('Vigil-specific (no AWS Config managed rule)');
  });
});
