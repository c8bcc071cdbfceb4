import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { readSnapshotFile } from '#shared/config-item/snapshot';
import { VigilError } from '#shared/errors';
import { type Evaluation, RuleEngine } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import type { Rule } from '#shared/rules/rule';
import { CliUsageError, type Command, EXIT, parseCommandArgs, parseFormat } from '../command';
import { type CliIo, colorsFor, writeError } from '../io';
import { renderCsv, renderJson, renderScanTable, summarize } from '../scan-report';

const FORMATS = ['table', 'json', 'csv'] as const;

const OPTIONS = {
  snapshot: { type: 'string', short: 's' },
  rule: { type: 'string', short: 'r', multiple: true },
  format: { type: 'string', short: 'f' },
  param: { type: 'string', short: 'p', multiple: true },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil scan --snapshot FILE [options]

Evaluates every rule of the catalog (or the ones named) against the configuration items of an
AWS Config snapshot and reports each verdict grouped by SOC 2 criterion.

FILE is a snapshot as AWS Config delivers it to S3 (plain or gzipped JSON with "configurationItems"),
a GetResourceConfigHistory / BatchGetResourceConfig response, or a bare JSON array of items.

Options:
  -s, --snapshot FILE             the snapshot to scan (required)
  -r, --rule ID                   run only this rule; repeat, or separate ids with commas
  -f, --format table|json|csv     output format (default: table)
  -p, --param RULE_ID.NAME=VALUE  override a rule parameter, e.g.
                                  --param cw-loggroup-retention-period-check.MinRetentionTime=400
      --now ISO-8601              evaluation time for rules that judge ages (default: now)
  -h, --help                      show this help

Exit codes:
  0  nothing is NON_COMPLIANT and no rule failed
  1  at least one resource is NON_COMPLIANT, or a rule failed (ERROR): the scan is not trustworthy
  2  bad input: unreadable or invalid file, no configuration items, unknown rule, bad --param or flag

Colour is used on a terminal only; NO_COLOR=1 turns it off, FORCE_COLOR=1 forces it on.
`;

/** Options of a scan beyond its arguments, for tests and other callers. */
export interface ScanDependencies {
  /** The catalog to choose rules from (default: every rule Vigil ships). */
  readonly catalog?: readonly Rule[];
}

/** Picks the rules named by `--rule` (ids, repeated or comma-separated), or the whole catalog. */
export function selectRules(catalog: readonly Rule[], requested: readonly string[] | undefined): Rule[] {
  const ids = (requested ?? []).flatMap((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  );
  if (ids.length === 0) return [...catalog];
  const byId = new Map(catalog.map((rule) => [rule.id, rule]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new CliUsageError(
      `scan: unknown rule ${unknown.map((id) => `'${id}'`).join(', ')} (list them with vigil rules)`,
    );
  }
  return catalog.filter((rule) => ids.includes(rule.id));
}

/**
 * Reads `--param RULE_ID.NAME=VALUE` flags into the engine's per-rule overrides (values stay strings;
 * the engine coerces them as AWS Config does).
 */
export function parseParamFlags(
  catalog: readonly Rule[],
  flags: readonly string[] | undefined,
): Record<string, Record<string, string>> {
  const overrides: Record<string, Record<string, string>> = {};
  for (const flag of flags ?? []) {
    const equals = flag.indexOf('=');
    const key = equals === -1 ? flag : flag.slice(0, equals);
    const dot = key.lastIndexOf('.');
    if (equals === -1 || dot <= 0 || dot === key.length - 1) {
      throw new CliUsageError(`scan: --param '${flag}' is not RULE_ID.NAME=VALUE`);
    }
    const ruleId = key.slice(0, dot);
    const name = key.slice(dot + 1);
    if (!catalog.some((rule) => rule.id === ruleId)) {
      throw new CliUsageError(
        `scan: --param '${flag}': unknown rule '${ruleId}' (list them with vigil rules)`,
      );
    }
    overrides[ruleId] = { ...overrides[ruleId], [name]: flag.slice(equals + 1) };
  }
  return overrides;
}

function parseNow(value: string | undefined, io: CliIo): Date {
  if (value === undefined) return io.now();
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliUsageError(`scan: --now '${value}' is not an ISO-8601 date`);
  }
  return date;
}

/** What a scan produced, before it is printed. */
export interface ScanRun {
  readonly items: readonly ConfigurationItem[];
  readonly evaluations: readonly Evaluation[];
}

/**
 * `vigil scan`: exit 0 when nothing is NON_COMPLIANT, 1 when something is or a rule failed (ERROR), 2 on
 * bad input with a one-line error on stderr.
 */
export async function runScan(
  argv: readonly string[],
  io: CliIo,
  dependencies: ScanDependencies = {},
): Promise<number> {
  const catalog = dependencies.catalog ?? RULES;
  try {
    const { values, positionals } = parseCommandArgs('scan', argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    if (positionals.length > 0) {
      throw new CliUsageError(
        `scan: unexpected argument '${positionals[0]}' (the file goes after --snapshot)`,
      );
    }
    if (values.snapshot === undefined || values.snapshot === '') {
      throw new CliUsageError('scan: --snapshot FILE is required (see vigil scan --help)');
    }
    const format = parseFormat('scan', values.format, FORMATS);
    const rules = selectRules(catalog, values.rule);
    const overrides = parseParamFlags(catalog, values.param);
    const now = parseNow(values.now, io);
    const engine = new RuleEngine(rules, overrides);
    const items = await readSnapshotFile(values.snapshot);
    const evaluations = engine.scan(items, { now });
    const summary = summarize(items, evaluations);
    switch (format) {
      case 'json':
        io.stdout.write(renderJson(evaluations, summary));
        break;
      case 'csv':
        io.stdout.write(renderCsv(evaluations));
        break;
      case 'table':
        io.stdout.write(
          renderScanTable(evaluations, summary, {
            colors: colorsFor(io),
            source: values.snapshot,
            ...(io.isTTY && io.columns ? { width: io.columns } : {}),
          }),
        );
        break;
      default: {
        const unreachable: never = format;
        throw new Error(`unknown format ${String(unreachable)}`);
      }
    }
    if (summary.byCompliance.ERROR > 0 && format !== 'table') {
      const failed = evaluations.find((evaluation) => evaluation.compliance === 'ERROR');
      writeError(
        io,
        `${summary.byCompliance.ERROR} evaluation(s) failed, the scan is incomplete; first: ${failed?.annotation ?? ''}`,
      );
    }
    return summary.byCompliance.NON_COMPLIANT > 0 || summary.byCompliance.ERROR > 0 ? EXIT.FINDINGS : EXIT.OK;
  } catch (error) {
    if (error instanceof VigilError) {
      writeError(io, error.message);
      return EXIT.USAGE;
    }
    throw error;
  }
}

/** The `scan` entry of the command table. */
export const scanCommand: Command = {
  name: 'scan',
  summary: 'evaluate the rules against an AWS Config snapshot file',
  help: HELP,
  run: runScan,
};
