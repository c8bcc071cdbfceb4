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
import { RuleEngine } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import type { Rule } from '#shared/rules/rule';
import { CliUsageError, type Command, EXIT, parseCommandArgs, parseFormat } from '../command';
import { type CliIo, colorsFor, writeError } from '../io';
import { ScanTableLayout, writeCsv, writeJson, writeScanTable } from '../scan-report';
import { ScanResults } from '../scan-results';
import { scanItemStream } from '../snapshot-scan';
import { ScratchDir } from '../spill-sort';

const FORMATS = ['table', 'json', 'csv'] as const;

const OPTIONS = {
  snapshot: { type: 'string', short: 's' },
  rule: { type: 'string', short: 'r', multiple: true },
  format: { type: 'string', short: 'f' },
  param: { type: 'string', short: 'p', multiple: true },
  now: { type: 'string' },
  'max-input-bytes': { type: 'string' },
  'max-string-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil scan --snapshot FILE [options]

Evaluates every rule of the catalog (or the ones named) against the configuration items of an
AWS Config snapshot and reports each verdict grouped by SOC 2 criterion.

FILE is a snapshot as AWS Config delivers it to S3 (plain or gzipped JSON with "configurationItems"),
a GetResourceConfigHistory / BatchGetResourceConfig response, or a bare JSON array of items. It must be
a regular file (not a FIFO or device); gzip is recognised by its first bytes, a UTF-8 byte order mark is
allowed. The file is read as a stream and evaluated as it is read, in bounded memory whatever its size:
only the items that rules judging one resource by others read are kept, and a large scan sorts its
report in scratch files under TMPDIR (about the size of the report; removed when the scan ends).

Options:
  -s, --snapshot FILE             the snapshot to scan (required)
  -r, --rule ID                   run only this rule; repeat, or separate ids with commas
  -f, --format table|json|csv     output format (default: table)
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
     the problem), no configuration items, unknown rule, bad --param or flag

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
  /** Reads the heap's use and limit (default: node:v8); the scan stops reading past half the limit. */
  readonly heapUsage?: () => HeapUsage;
  /** Where the scan's scratch directory goes (default: the system's temporary directory, TMPDIR). */
  readonly scratchParent?: string;
  /** Memory the scan's buffers fill before they spill to scratch files (default: 32 MiB). */
  readonly spillBufferBytes?: number;
}

/**
 * Memory the kept items, the report's rows and the resource keys fill before they are sorted into scratch
 * files; with V8's lazy collection, the scan's peak RSS is a few times this plus Node itself.
 */
const DEFAULT_SPILL_BUFFER_BYTES = 32 * 1024 * 1024;

/** Share of the heap the scan may fill before it stops: the report needs the rest. */
const HEAP_SHARE_FOR_ITEMS = 0.5;
/** The heap is looked at once per this many items. */
const HEAP_CHECK_EVERY = 1024;

function v8HeapUsage(): HeapUsage {
  const statistics = getHeapStatistics();
  return { used: statistics.used_heap_size, limit: statistics.heap_size_limit };
}

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
  const catalog = dependencies.catalog ?? RULES;
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
    if (values.snapshot === undefined || values.snapshot === '') {
      throw new CliUsageError('scan: --snapshot FILE is required (see vigil scan --help)');
    }
    const format = parseFormat('scan', values.format, FORMATS);
    const rules = selectRules(catalog, values.rule);
    const overrides = parseParamFlags(catalog, values.param);
    const now = parseNow(values.now, io);
    const limits = {
      maxInputBytes: parseSizeFlag('max-input-bytes', values['max-input-bytes'], DEFAULT_MAX_INPUT_BYTES),
      maxStringBytes: parseSizeFlag('max-string-bytes', values['max-string-bytes'], DEFAULT_MAX_STRING_BYTES),
    };
    const engine = new RuleEngine(rules, overrides);
    const colors = colorsFor(io);
    const bufferBytes = dependencies.spillBufferBytes ?? DEFAULT_SPILL_BUFFER_BYTES;
    const table = format === 'table' ? new ScanTableLayout(colors) : undefined;
    const results = new ScanResults({
      scratch,
      maxBufferBytes: (bufferBytes * 5) / 8,
      ...(table === undefined ? {} : { table }),
    });
    const itemsRead = await scanItemStream(
      snapshotItems(values.snapshot, limits),
      engine,
      {
        now,
        scratch,
        maxBufferBytes: (bufferBytes * 3) / 8,
        onItem: heapGuard(values.snapshot, dependencies.heapUsage ?? v8HeapUsage),
      },
      (evaluations, order) => results.add(evaluations, order),
    );
    const summary = results.summary(itemsRead);
    if (table === undefined) {
      if (format === 'json') await writeJson(io.stdout, results.evaluations(), summary);
      else await writeCsv(io.stdout, results.evaluations());
    } else {
      await writeScanTable(io.stdout, table, results.tableRows(), summary, {
        colors,
        source: values.snapshot,
        ...(io.isTTY && io.columns ? { width: io.columns } : {}),
      });
    }
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
  summary: 'evaluate the rules against an AWS Config snapshot file',
  help: HELP,
  run: runScan,
};
