import { type RuleReach, reachLabel, reachOf } from '#shared/describe/reach';
import { VigilError } from '#shared/errors';
import { isRemediable } from '#shared/remediations/remediable-rules';
import { RULES } from '#shared/rules/registry';
import type { ParameterSpec, ParameterValue, Rule, Severity, Soc2Criterion } from '#shared/rules/rule';
import { type Command, EXIT, parseCommandArgs, parseFormat } from '../command';
import { type CliIo, colorsFor, writeError } from '../io';
import { type Cell, renderTable } from '../table';

const FORMATS = ['table', 'json'] as const;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil rules [--format table|json]

Lists the rule catalog: id, title, SOC 2 criteria, severity, resource types, parameters with their
defaults, whether the rule mirrors an AWS Config managed rule, whether Vigil can remediate it, and
which paths bring it resources: AWS Config items (config), CloudTrail write calls Vigil follows by
describing the resource (cloudtrail), and the scheduled sweep without a Config recorder (sweep).

Options:
  -f, --format table|json  output format (default: table)
  -h, --help               show this help
`;

/** One rule as `vigil rules --format json` lists it. */
export interface RuleCatalogEntry {
  readonly id: string;
  readonly title: string;
  readonly soc2: readonly Soc2Criterion[];
  readonly severity: Severity;
  readonly resourceTypes: readonly string[];
  readonly reads: readonly string[];
  readonly parameters: Readonly<
    Record<string, { type: string; default: ParameterValue; description: string }>
  >;
  readonly managedRule: boolean;
  /** How the rule departs on purpose from the managed rule it mirrors, when it does. */
  readonly deviation?: string;
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
}

/** The catalog entry of one rule. */
export function toCatalogEntry(rule: Rule, hasRemediation: (ruleId: string) => boolean): RuleCatalogEntry {
  const specs: Readonly<Record<string, ParameterSpec>> = rule.parameters;
  return {
    id: rule.id,
    title: rule.title,
    soc2: rule.soc2,
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
  const catalog = dependencies.catalog ?? RULES;
  const hasRemediation = dependencies.hasRemediation ?? isRemediable;
  try {
    const { values } = parseCommandArgs('rules', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const format = parseFormat('rules', values.format, FORMATS);
    const entries = catalog.map((rule) => toCatalogEntry(rule, hasRemediation));
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ rules: entries }, null, 2)}\n`);
      return EXIT.OK;
    }
    const colors = colorsFor(io);
    const header: Cell[] = [
      'RULE',
      'SEVERITY',
      'SOC 2',
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
      { text: entry.soc2.join(' ') },
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
