import { type RuleReach, reachLabel, reachOf } from '#shared/describe/reach';
import { VigilError } from '#shared/errors';
import { type CoverageCounts, type FrameworkCoverage, frameworkCoverage } from '#shared/frameworks/coverage';
import { FRAMEWORK_IDS, type FrameworkId, type FrameworkPack } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS, parseFrameworkIds } from '#shared/frameworks/registry';
import { isRemediable } from '#shared/remediations/remediable-rules';
import { isCustomRule } from '#shared/rules/custom-catalog';
import { useCustomRules, withCustomControls } from '#shared/rules/custom-rules';
import { ruleCatalog } from '#shared/rules/registry';
import type { ParameterSpec, ParameterValue, Rule, Severity } from '#shared/rules/rule';
import { type Command, EXIT, parseCommandArgs, parseFormat } from '../command';
import { type CliIo, colorsFor, writeError } from '../io';
import { type Cell, renderTable } from '../table';

const FORMATS = ['table', 'json'] as const;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  framework: { type: 'string', multiple: true },
  rules: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil rules [--format table|json] [--framework ID[,ID]] [--rules DIR]

Lists the rule catalog: id, title, SOC 2 criteria, severity, resource types, parameters with their
defaults, whether the rule mirrors an AWS Config managed rule, whether Vigil can remediate it, and
which paths bring it resources: AWS Config items (config), CloudTrail write calls Vigil follows by
describing the resource (cloudtrail), and the scheduled sweep without a Config recorder (sweep).

With --framework, shows each rule's controls in those frameworks instead of the SOC 2 criteria, and per
framework its coverage: which controls have at least one automated rule and which are left to manual
evidence. IDs: soc2, cis, iso27001, pci, or the versioned ids soc2-2017, cis-aws-5.0.0, iso27001-2022,
pci-dss-4.0; repeat the flag or separate ids with commas.

Options:
  -f, --format table|json  output format (default: table)
      --framework ID[,ID]  frameworks to show controls and coverage of
      --rules DIR          also list the custom rules of DIR (docs/custom-rules.md); a broken one
                           fails the listing with the file and the problem
  -h, --help               show this help
`;

/** One rule as `vigil rules --format json` lists it. */
export interface RuleCatalogEntry {
  readonly id: string;
  readonly title: string;
  /** The SOC 2 criteria the rule serves, from the SOC 2 pack. */
  readonly soc2: readonly string[];
  /** With `--framework`, the controls the rule serves in each framework asked for. */
  readonly controls?: Readonly<Partial<Record<FrameworkId, readonly string[]>>>;
  readonly severity: Severity;
  readonly resourceTypes: readonly string[];
  readonly reads: readonly string[];
  readonly parameters: Readonly<
    Record<string, { type: string; default: ParameterValue; description: string }>
  >;
  readonly managedRule: boolean;
  /** How the rule departs on purpose from the managed rule it mirrors, when it does. */
  readonly deviation?: string;
  /** Present and true for a custom rule loaded with `--rules DIR` (docs/custom-rules.md). */
  readonly custom?: true;
  /** Whether an automatic remediation exists for the rule. */
  readonly remediation: boolean;
  /** Which paths bring the rule resources to judge. */
  readonly paths: RuleReach;
}

/** Options of a listing beyond its arguments, for tests and other callers. */
export interface RulesDependencies {
  readonly catalog?: readonly Rule[];
  /** Whether a rule has an automatic remediation (default: the remediation registry's list). */
  readonly hasRemediation?: (ruleId: string) => boolean;
  /** The framework packs to read controls from (default: the packs Vigil ships). */
  readonly packs?: Readonly<Record<FrameworkId, FrameworkPack>>;
}

/** One framework's coverage as `vigil rules --framework ID --format json` lists it. */
export interface CoverageEntry extends CoverageCounts {
  readonly controls: readonly {
    readonly id: string;
    readonly title: string;
    readonly evidence: 'automated' | 'manual';
    readonly rules: readonly string[];
  }[];
}

/** The packs with the controls of the catalog's custom rules added, so they show and count in coverage. */
function packsWithCustomRules(
  packs: Readonly<Record<FrameworkId, FrameworkPack>>,
  catalog: readonly Rule[],
): Readonly<Record<FrameworkId, FrameworkPack>> {
  const custom = catalog.filter((rule) => isCustomRule(rule.id)).map((rule) => rule.id);
  if (custom.length === 0) return packs;
  return Object.fromEntries(
    FRAMEWORK_IDS.map((frameworkId) => [frameworkId, withCustomControls(packs[frameworkId], custom)]),
  ) as Record<FrameworkId, FrameworkPack>;
}

function mappedControls(pack: FrameworkPack, ruleId: string): readonly string[] {
  return Object.hasOwn(pack.mapping, ruleId) ? (pack.mapping[ruleId] ?? []) : [];
}

function toCoverageEntry(coverage: FrameworkCoverage): CoverageEntry {
  const { framework } = coverage;
  return {
    framework: framework.id,
    versionedId: framework.versionedId,
    title: framework.title,
    version: framework.version,
    automated: coverage.automated,
    manual: coverage.manual,
    total: coverage.total,
    controls: coverage.controls.map((entry) => ({
      id: entry.control.id,
      title: entry.control.title,
      evidence: entry.evidence,
      rules: entry.rules,
    })),
  };
}

/** The catalog entry of one rule. */
export function toCatalogEntry(
  rule: Rule,
  hasRemediation: (ruleId: string) => boolean,
  packs: Readonly<Record<FrameworkId, FrameworkPack>> = FRAMEWORK_PACKS,
  frameworks: readonly FrameworkId[] = [],
): RuleCatalogEntry {
  const specs: Readonly<Record<string, ParameterSpec>> = rule.parameters;
  return {
    id: rule.id,
    title: rule.title,
    soc2: mappedControls(packs.soc2, rule.id),
    ...(frameworks.length === 0
      ? {}
      : {
          controls: Object.fromEntries(
            frameworks.map((frameworkId) => [frameworkId, mappedControls(packs[frameworkId], rule.id)]),
          ),
        }),
    severity: rule.severity,
    resourceTypes: rule.resourceTypes,
    reads: rule.reads ?? [],
    parameters: Object.fromEntries(
      Object.entries(specs).map(([name, spec]) => [
        name,
        { type: spec.type, default: spec.default, description: spec.description },
      ]),
    ),
    managedRule: rule.managedRule,
    ...(rule.deviation === undefined ? {} : { deviation: rule.deviation }),
    ...(isCustomRule(rule.id) ? { custom: true as const } : {}),
    remediation: hasRemediation(rule.id),
    paths: reachOf(rule),
  };
}

function formatDefault(value: ParameterValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** `vigil rules`: prints the catalog; exit 0, or 2 on a bad flag. */
export async function runRules(
  argv: readonly string[],
  io: CliIo,
  dependencies: RulesDependencies = {},
): Promise<number> {
  let catalog = dependencies.catalog ?? ruleCatalog();
  const hasRemediation = dependencies.hasRemediation ?? isRemediable;
  let packs = dependencies.packs ?? FRAMEWORK_PACKS;
  try {
    const { values } = parseCommandArgs('rules', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const format = parseFormat('rules', values.format, FORMATS);
    if (values.rules !== undefined) catalog = [...catalog, ...(await useCustomRules(values.rules))];
    packs = packsWithCustomRules(packs, catalog);
    const frameworks = values.framework === undefined ? [] : parseFrameworkIds(values.framework);
    const entries = catalog.map((rule) => toCatalogEntry(rule, hasRemediation, packs, frameworks));
    const ruleIds = catalog.map((rule) => rule.id);
    const coverage = frameworks.map((frameworkId) => frameworkCoverage(packs[frameworkId], ruleIds));
    if (format === 'json') {
      const document =
        frameworks.length === 0
          ? { rules: entries }
          : { rules: entries, coverage: coverage.map(toCoverageEntry) };
      io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      return EXIT.OK;
    }
    const colors = colorsFor(io);
    const header: Cell[] = [
      'RULE',
      'SEVERITY',
      ...(frameworks.length === 0 ? ['SOC 2'] : frameworks.map((frameworkId) => frameworkId.toUpperCase())),
      'RESOURCE TYPES',
      'PARAMETERS',
      'MANAGED',
      'FIX',
      'PATHS',
      'TITLE',
    ].map((text) => ({ text, style: colors.dim }));
    const rows: Cell[][] = entries.map((entry) => [
      { text: entry.id, style: colors.bold },
      { text: entry.severity },
      ...(frameworks.length === 0
        ? [{ text: entry.soc2.join(' ') || '-' }]
        : frameworks.map((frameworkId) => ({ text: entry.controls?.[frameworkId]?.join(' ') || '-' }))),
      { text: entry.resourceTypes.join(' ') },
      {
        text:
          Object.entries(entry.parameters)
            .map(([name, spec]) => `${name}=${formatDefault(spec.default)}`)
            .join(' ') || '-',
      },
      { text: entry.managedRule ? 'yes' : 'no' },
      { text: entry.remediation ? 'yes' : 'no' },
      { text: reachLabel(entry.paths) },
      { text: entry.title },
    ]);
    const lines = renderTable([header, ...rows], io.isTTY && io.columns ? { width: io.columns } : {});
    io.stdout.write(`${lines.join('\n')}\n\n${entries.length} rules.\n`);
    for (const { framework, automated, manual, total, controls } of coverage) {
      const left = controls.filter((entry) => entry.evidence === 'manual').map((entry) => entry.control.id);
      io.stdout.write(
        `\n${framework.title} ${framework.version} (${framework.versionedId}): ${automated} of ${total} controls have automated rules, ${manual} are left to manual evidence.\n` +
          (left.length === 0 ? '' : `Manual evidence: ${left.join(' ')}\n`),
      );
    }
    return EXIT.OK;
  } catch (error) {
    if (error instanceof VigilError) {
      writeError(io, error.message);
      return EXIT.USAGE;
    }
    throw error;
  }
}

/** The `rules` entry of the command table. */
export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list the rule catalog with criteria, severities and parameters',
  help: HELP,
  run: runRules,
};
