import { tmpdir } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatBytes, parseByteSize } from '#shared/byte-size';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { SnapshotLimitError } from '#shared/config-item/errors';
import {
  DEFAULT_MAX_INPUT_BYTES,
  DEFAULT_MAX_STRING_BYTES,
  ITEM_SIZE_FACTOR,
  readSnapshotItems,
  type SnapshotReadOptions,
} from '#shared/config-item/snapshot';
import { VigilError } from '#shared/errors';
import type { FrameworkId } from '#shared/frameworks/framework';
import { parseFrameworkIds, UnknownFrameworkError } from '#shared/frameworks/registry';
import type { Soc2Criterion } from '#shared/frameworks/soc2';
import { useCustomRules } from '#shared/rules/custom-rules';
import { type Evaluation, RuleEngine } from '#shared/rules/engine';
import { ruleCatalog } from '#shared/rules/registry';
import type { Rule } from '#shared/rules/rule';
import { CliUsageError, type Command, EXIT, parseCommandArgs, parseFormat } from '../command';
import { type CliIo, colorsFor, writeError } from '../io';
import {
  collectLiveSnapshot,
  failureEvaluations,
  type LiveScanOptions,
  liveTypes,
  type RegionClients,
} from '../live-scan';
import { coverageTableLines } from '../scan-coverage';
import { ScanFrameworks } from '../scan-frameworks';
import { ScanTableLayout, writeCsv, writeJson, writeScanTable } from '../scan-report';
import { ScanResults } from '../scan-results';
import { DEFAULT_TERMINAL_WIDTH, writeTerminalReport } from '../scan-terminal';
import { scanItemStream } from '../snapshot-scan';
import { ScratchDir } from '../spill-sort';

const FORMATS = ['table', 'json', 'csv'] as const;

const OPTIONS = {
  snapshot: { type: 'string', short: 's' },
  rule: { type: 'string', short: 'r', multiple: true },
  rules: { type: 'string' },
  format: { type: 'string', short: 'f' },
  param: { type: 'string', short: 'p', multiple: true },
  now: { type: 'string' },
  'max-input-bytes': { type: 'string' },
  'max-string-bytes': { type: 'string' },
  all: { type: 'boolean' },
  live: { type: 'boolean' },
  profile: { type: 'string' },
  region: { type: 'string' },
  regions: { type: 'string' },
  types: { type: 'string' },
  endpoint: { type: 'string' },
  'save-snapshot': { type: 'string' },
  framework: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil scan --snapshot FILE [options]
       vigil scan --live [--profile NAME] [--region R | --regions R1,R2|all] [--types T1,T2] [options]

Evaluates every rule of the catalog (or the ones named) against the configuration items of an
AWS Config snapshot and reports each verdict grouped by the controls of each framework asked for
(--framework; SOC 2 criteria by default), then each framework's coverage: the controls the scan's rules
serve, with their verdicts, and the controls left to manual evidence.

On a terminal (and no --format), it shows what needs attention: under each control the NON_COMPLIANT and
ERROR rows by severity, at most 10 each, fitted to the terminal's width, with passes and not-applicable
results counted, then the coverage and the totals per verdict. Piped or redirected, and with any
--format, every evaluation is written in full. JSON gives each finding its controls per framework
("controls") and the coverage under "frameworks"; CSV adds a column per framework other than SOC 2.

FILE is a snapshot as AWS Config delivers it to S3 (plain or gzipped JSON with "configurationItems"),
a GetResourceConfigHistory / BatchGetResourceConfig response, or a bare JSON array of items. It must be
a regular file (not a FIFO or device); gzip is recognised by its first bytes, a UTF-8 byte order mark is
allowed. The file is read as a stream and evaluated as it is read, in bounded memory whatever its size:
only the items that rules judging one resource by others read are kept, and a large scan sorts its
report in scratch files under TMPDIR (about the size of the report; removed when the scan ends).

With --live, the account the AWS credentials belong to (the default credential chain, or --profile) is
read through the service APIs, read-only, with the same describers Vigil's sweep uses, and judged as a
snapshot would be: same rules, formats and exit codes. Progress goes to stderr per region and type. A read
the credentials may not make becomes an ERROR row naming the missing IAM action; the policy a live scan
needs is docs/live-scan-policy.json.

Options:
  -s, --snapshot FILE             the snapshot to scan (this, or --live)
      --live                      scan the account of the current AWS credentials instead of a file
      --profile NAME              with --live: a profile of the shared AWS config/credentials files
      --region REGION             with --live: the region to scan (default: AWS_REGION, else us-east-1)
      --regions R1,R2|all         with --live: several regions, or every region enabled in the account
      --types T1,T2               with --live: only these resource types (default: all the rules need)
      --endpoint URL              with --live: send every AWS call to this endpoint (e.g. a moto server)
      --save-snapshot FILE        with --live: keep what was read as a Config snapshot file, to re-judge
                                  offline with --snapshot FILE
  -r, --rule ID                   run only this rule; repeat, or separate ids with commas
      --rules DIR                 also run the custom rules of DIR (docs/custom-rules.md); a broken
                                  one fails the scan (exit 2) with the file and the problem
      --framework ID[,ID]         group by and report coverage of these frameworks: soc2, cis, iso27001,
                                  pci, or the versioned ids soc2-2017, cis-aws-5.0.0, iso27001-2022,
                                  pci-dss-4.0; repeat, or separate ids with commas (default: soc2)
  -f, --format table|json|csv     output format (default: table; on a terminal, what needs attention)
      --all                       on a terminal, list every evaluation, passes included, with no cap per
                                  criterion (pipes, files and --format always get every evaluation)
  -p, --param RULE_ID.NAME=VALUE  override a rule parameter, e.g.
                                  --param cw-loggroup-retention-period-check.MinRetentionTime=400
      --now ISO-8601              evaluation time for rules that judge ages (default: now)
      --max-input-bytes SIZE      refuse a file holding more JSON than this, after gunzip (default: 4GiB)
      --max-string-bytes SIZE     refuse a string longer than this (default: 1MiB); one item may be 64×
                                  SIZE is bytes or with K, M, G (binary: 512M = 512 MiB)
  -h, --help                      show this help

Exit codes:
  0  nothing is NON_COMPLIANT and no rule failed
  1  at least one resource is NON_COMPLIANT, or a rule failed (ERROR): the scan is not trustworthy
  2  bad input: unreadable, irregular, invalid or oversized file (one line on stderr names the file and
     the problem), no configuration items, unknown rule or framework, bad --param or flag

Colour is used on a terminal only; NO_COLOR=1 turns it off, FORCE_COLOR=1 forces it on.
`;

/** How full the JS heap is, in bytes. */
export interface HeapUsage {
  readonly used: number;
  readonly limit: number;
}

/** Options of a scan beyond its arguments, for tests and other callers. */
export interface ScanDependencies {
  /** The catalog to choose rules from (default: every rule Vigil ships). */
  readonly catalog?: readonly Rule[];
  /** The service clients of a live scan, per region (default: the SDK's, from the flags). */
  readonly liveClients?: RegionClients;
  /** Reads the heap's use and limit (default: node:v8); the scan stops reading past half the limit. */
  readonly heapUsage?: () => HeapUsage;
  /** Where the scan's scratch directory goes (default: the system's temporary directory, TMPDIR). */
  readonly scratchParent?: string;
  /** Memory the scan's buffers fill before they spill to scratch files (default: 16 MiB). */
  readonly spillBufferBytes?: number;
  /** The SOC 2 criteria of a rule (default: the SOC 2 pack's mapping). */
  readonly criteriaOf?: (ruleId: string) => readonly Soc2Criterion[];
}

/**
 * Memory the kept items, the report's rows and the resource keys fill before they are sorted into scratch
 * files; with V8's lazy collection, the scan's peak RSS is a few times this plus Node itself.
 */
const DEFAULT_SPILL_BUFFER_BYTES = 16 * 1024 * 1024;

/** Share of the heap the scan may fill before it stops: the report needs the rest. */
const HEAP_SHARE_FOR_ITEMS = 0.5;
/** The heap is looked at once per this many items. */
const HEAP_CHECK_EVERY = 1024;

function v8HeapUsage(): HeapUsage {
  const statistics = getHeapStatistics();
  return { used: statistics.used_heap_size, limit: statistics.heap_size_limit };
}

/** Flags that only mean something with --live. */
const LIVE_ONLY_FLAGS = ['profile', 'region', 'regions', 'types', 'endpoint', 'save-snapshot'] as const;

/** A comma-separated flag as a list; undefined when absent. */
function listFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The live scan's settings from its flags. */
function liveOptions(values: {
  readonly profile?: string;
  readonly region?: string;
  readonly regions?: string;
  readonly endpoint?: string;
}): LiveScanOptions {
  if (values.region !== undefined && values.regions !== undefined) {
    throw new CliUsageError('scan: give --region or --regions, not both');
  }
  if (values.endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(values.endpoint)) {
    throw new CliUsageError(`scan: --endpoint '${values.endpoint}' is not an http(s) URL`);
  }
  const regions = values.regions === 'all' ? 'all' : listFlag(values.regions);
  if (regions !== undefined && regions !== 'all' && regions.length === 0) {
    throw new CliUsageError('scan: --regions names no region');
  }
  return {
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(regions === undefined ? {} : { regions }),
    ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
    concurrency: LIVE_DESCRIBE_CONCURRENCY,
  };
}

/** Describe calls in flight per region and type: enough to hide latency, well under API rate limits. */
const LIVE_DESCRIBE_CONCURRENCY = 8;

/** Which flag raises the limit a snapshot passed. */
function limitFlag(error: SnapshotLimitError): string {
  if (error.limit === 'maxInputBytes') return '--max-input-bytes';
  return error.context.problem === 'value-size'
    ? `an item may be ${ITEM_SIZE_FACTOR} × --max-string-bytes`
    : '--max-string-bytes';
}

function parseSizeFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    throw new CliUsageError(`scan: --${name} '${value}' is not a size (e.g. 4GiB, 512M, 1048576)`);
  }
  return bytes;
}

/** The items of the snapshot; an error for passing a limit names the flag that raises it. */
async function* snapshotItems(path: string, limits: SnapshotReadOptions): AsyncGenerator<ConfigurationItem> {
  try {
    yield* readSnapshotItems(path, limits);
  } catch (error) {
    if (error instanceof SnapshotLimitError) {
      throw new SnapshotLimitError(`${error.message} (${limitFlag(error)})`, error.limit, {
        cause: error,
        context: error.context,
      });
    }
    throw error;
  }
}

/** Stops the scan with a usage error, rather than running out of memory, when the heap is half full. */
function heapGuard(
  path: string,
  heapUsage: () => HeapUsage,
): (item: ConfigurationItem, index: number) => void {
  return (_item, index) => {
    const read = index + 1;
    if (read % HEAP_CHECK_EVERY !== 0) return;
    const heap = heapUsage();
    if (heap.used > heap.limit * HEAP_SHARE_FOR_ITEMS) {
      throw new CliUsageError(
        `scan: ${path}: ${read} items fill half of the ${formatBytes(heap.limit)} heap; scan a smaller snapshot or raise the heap (NODE_OPTIONS=--max-old-space-size=MiB)`,
      );
    }
  };
}

/** The frameworks named by `--framework` (SOC 2 when none is); an unknown id is a usage error naming the valid ones. */
export function selectFrameworks(values: readonly string[] | undefined): FrameworkId[] {
  if (values === undefined) return ['soc2'];
  try {
    return parseFrameworkIds(values);
  } catch (error) {
    if (error instanceof UnknownFrameworkError) {
      throw new CliUsageError(`scan: --framework: ${error.message}`, { cause: error });
    }
    throw error;
  }
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

/**
 * `vigil scan`: exit 0 when nothing is NON_COMPLIANT, 1 when something is or a rule failed (ERROR), 2 on
 * bad input with a one-line error on stderr.
 */
export async function runScan(
  argv: readonly string[],
  io: CliIo,
  dependencies: ScanDependencies = {},
): Promise<number> {
  let catalog = dependencies.catalog ?? ruleCatalog();
  const scratch = new ScratchDir(dependencies.scratchParent ?? tmpdir());
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
    const live = values.live === true;
    if (live && values.snapshot !== undefined) {
      throw new CliUsageError('scan: give --snapshot FILE or --live, not both');
    }
    if (!live) {
      const liveOnly = LIVE_ONLY_FLAGS.find((flag) => values[flag] !== undefined);
      if (liveOnly !== undefined) throw new CliUsageError(`scan: --${liveOnly} only goes with --live`);
      if (values.snapshot === undefined || values.snapshot === '') {
        throw new CliUsageError('scan: --snapshot FILE or --live is required (see vigil scan --help)');
      }
    }
    const format = parseFormat('scan', values.format, FORMATS);
    if (values.rules !== undefined) catalog = [...catalog, ...(await useCustomRules(values.rules))];
    const rules = selectRules(catalog, values.rule);
    const frameworks = new ScanFrameworks(selectFrameworks(values.framework), {
      ...(dependencies.criteriaOf === undefined ? {} : { criteriaOf: dependencies.criteriaOf }),
    });
    const overrides = parseParamFlags(catalog, values.param);
    const now = parseNow(values.now, io);
    const limits = {
      maxInputBytes: parseSizeFlag('max-input-bytes', values['max-input-bytes'], DEFAULT_MAX_INPUT_BYTES),
      maxStringBytes: parseSizeFlag('max-string-bytes', values['max-string-bytes'], DEFAULT_MAX_STRING_BYTES),
    };
    const engine = new RuleEngine(rules, overrides, dependencies.criteriaOf);
    let snapshotPath = values.snapshot ?? '';
    let source = snapshotPath;
    let readFailures: Evaluation[] = [];
    let collected: number | undefined;
    if (live) {
      const types = liveTypes(rules, listFlag(values.types));
      snapshotPath = values['save-snapshot'] ?? scratch.file('live-snapshot');
      const collection = await collectLiveSnapshot(
        liveOptions(values),
        types,
        snapshotPath,
        io,
        dependencies.liveClients,
      );
      readFailures = failureEvaluations(collection.failures, rules, collection.accountId, now.toISOString());
      collected = collection.items;
      source = `account ${collection.accountId}, ${collection.regions.join(', ')} (live)`;
    }
    const colors = colorsFor(io);
    // A person at a terminal gets what needs attention; pipes, files and an explicit --format get it all.
    const terminal = format === 'table' && values.format === undefined && io.isTTY;
    const bufferBytes = dependencies.spillBufferBytes ?? DEFAULT_SPILL_BUFFER_BYTES;
    const table = format === 'table' && !terminal ? new ScanTableLayout(colors) : undefined;
    const results = new ScanResults({
      scratch,
      maxBufferBytes: (bufferBytes * 5) / 8,
      frameworks,
      ...(table === undefined ? {} : { table }),
    });
    const itemsRead =
      collected === 0
        ? 0
        : await scanItemStream(
            snapshotItems(snapshotPath, limits),
            engine,
            {
              now,
              scratch,
              maxBufferBytes: (bufferBytes * 3) / 8,
              onItem: heapGuard(snapshotPath, dependencies.heapUsage ?? v8HeapUsage),
            },
            (evaluations, order) => results.add(evaluations, order),
          );
    // Reads a live scan could not make come after every evaluation of what it read.
    for (const failure of readFailures) results.addAfterItems([failure]);
    const summary = results.summary(itemsRead);
    const coverage = frameworks.results(
      rules.map((rule) => rule.id),
      results.countsByRule,
    );
    if (terminal) {
      writeTerminalReport(io.stdout, results.evaluations(), summary, {
        colors,
        source,
        width: io.columns ?? DEFAULT_TERMINAL_WIDTH,
        all: values.all === true,
        frameworks,
        coverage,
      });
    } else if (table !== undefined) {
      await writeScanTable(io.stdout, table, results.tableRows(), summary, {
        colors,
        source,
        ...(io.isTTY && io.columns ? { width: io.columns } : {}),
        coverage: coverage.flatMap((result, index) => [
          ...(index === 0 ? [] : ['']),
          ...coverageTableLines(result, colors, io.isTTY && io.columns ? io.columns : undefined),
        ]),
      });
    } else if (format === 'json') {
      await writeJson(io.stdout, results.evaluations(), summary, { frameworks, results: coverage });
    } else await writeCsv(io.stdout, results.evaluations(), frameworks);
    if (summary.byCompliance.ERROR > 0 && format !== 'table') {
      writeError(
        io,
        `${summary.byCompliance.ERROR} evaluation(s) failed, the scan is incomplete; first: ${results.firstError ?? ''}`,
      );
    }
    return summary.byCompliance.NON_COMPLIANT > 0 || summary.byCompliance.ERROR > 0 ? EXIT.FINDINGS : EXIT.OK;
  } catch (error) {
    if (error instanceof VigilError) {
      writeError(io, error.message);
      return EXIT.USAGE;
    }
    throw error;
  } finally {
    scratch.remove();
  }
}

/** The `scan` entry of the command table. */
export const scanCommand: Command = {
  name: 'scan',
  summary: 'evaluate the rules against an AWS Config snapshot file, or an account live (--live)',
  help: HELP,
  run: runScan,
};
