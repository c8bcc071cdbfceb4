import type { Evaluation, EvaluationOutcome } from '#shared/rules/engine';
import type { Severity, Soc2Criterion } from '#shared/rules/rule';
import { type OutcomeCounts, ScanFrameworks } from './scan-frameworks';
import {
  compareEvaluations,
  resourceKeyOf,
  type ScanSummary,
  type ScanTableLayout,
  type ScanTableRow,
  ScanTally,
} from './scan-report';
import type { ItemOrder } from './snapshot-scan';
import { type ScratchDir, SpillSorter } from './spill-sort';

/**
 * One row of a scan report waiting to be written: an evaluation, under one control of its rule for the
 * table (the section's place in the report; `undefined` for JSON and CSV, where each evaluation is one row).
 */
interface ReportRow {
  readonly section: number | undefined;
  /** Position in the file of the item judged: orders two evaluations of one rule on one resource. */
  readonly item: number;
  readonly evaluation: Evaluation;
}

/**
 * A report row as a line of a scratch file: without the ARN, which no report prints, and with the resource
 * name as `1` when it is the resource id (S3 buckets, log groups), so a long id is written once.
 */
type RowLine = [
  item: number,
  section: number | null,
  ruleId: string,
  resourceType: string,
  resourceId: string,
  resourceName: string | 1 | null,
  accountId: string,
  region: string,
  captureTime: string,
  compliance: EvaluationOutcome,
  annotation: string,
  soc2: readonly Soc2Criterion[],
  severity: Severity,
];

function serializeRow({ item, section, evaluation: e }: ReportRow): string {
  const line: RowLine = [
    item,
    section ?? null,
    e.ruleId,
    e.resourceType,
    e.resourceId,
    e.resourceName === e.resourceId ? 1 : (e.resourceName ?? null),
    e.accountId,
    e.region,
    e.captureTime,
    e.compliance,
    e.annotation,
    e.soc2,
    e.severity,
  ];
  return JSON.stringify(line);
}

function deserializeRow(text: string): ReportRow {
  const [
    item,
    section,
    ruleId,
    resourceType,
    resourceId,
    resourceName,
    accountId,
    region,
    captureTime,
    compliance,
    annotation,
    soc2,
    severity,
  ] = JSON.parse(text) as RowLine;
  const evaluation: { -readonly [K in keyof Evaluation]: Evaluation[K] } = {
    ruleId,
    resourceType,
    resourceId,
    accountId,
    region,
    captureTime,
    compliance,
    annotation,
    soc2,
    severity,
  };
  if (resourceName !== null) evaluation.resourceName = resourceName === 1 ? resourceId : resourceName;
  return { section: section ?? undefined, item, evaluation };
}

/** About what a buffered row holds: the row, its evaluation, and its strings (one byte a character, as V8 keeps ASCII). */
function rowSize({ evaluation: e }: ReportRow): number {
  const text =
    e.annotation.length + e.resourceId.length + (e.resourceName?.length ?? 0) + (e.arn?.length ?? 0);
  return 256 + text;
}

/**
 * Report order: the table's section (frameworks in the order asked, controls in each framework's order),
 * then reading order ({@link compareEvaluations}), then the item's place in the file.
 */
function compareRows(a: ReportRow, b: ReportRow): number {
  return (
    (a.section ?? -1) - (b.section ?? -1) || compareEvaluations(a.evaluation, b.evaluation) || a.item - b.item
  );
}

/** Sorts report rows into the order they are written, spilling to `scratch` past `maxBufferBytes`. */
function reportRowSorter(scratch: ScratchDir, maxBufferBytes: number): SpillSorter<ReportRow> {
  return new SpillSorter({
    compare: compareRows,
    serialize: serializeRow,
    deserialize: deserializeRow,
    sizeOf: rowSize,
    maxBufferBytes,
    scratch,
    name: 'rows',
  });
}

/**
 * Counts distinct strings (e.g. the resources a scan judged) however many there are: they are sorted,
 * spilling to `scratch` past `maxBufferBytes`, and counted in order. Strings must hold no line feed.
 */
class DistinctCounter {
  readonly #sorter: SpillSorter<string>;

  constructor(scratch: ScratchDir, maxBufferBytes: number) {
    this.#sorter = new SpillSorter<string>({
      compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      serialize: (key) => key,
      deserialize: (line) => line,
      sizeOf: (key) => key.length + 48,
      maxBufferBytes,
      scratch,
      name: 'keys',
    });
  }

  /** Counts one occurrence. */
  add(key: string): void {
    this.#sorter.add(key);
  }

  /** How many distinct strings were added; call once, after the last `add`. */
  count(): number {
    let distinct = 0;
    let previous: string | undefined;
    for (const key of this.#sorter.sorted()) {
      if (key !== previous) distinct += 1;
      previous = key;
    }
    return distinct;
  }
}

/** Options of {@link ScanResults}. */
export interface ScanResultsOptions {
  readonly scratch: ScratchDir;
  /** Memory the report's rows and the resource keys may fill before they spill. */
  readonly maxBufferBytes: number;
  /** For the table: its layout, which counts every row as it comes; absent for JSON and CSV. */
  readonly table?: ScanTableLayout;
  /** The frameworks whose controls the table's rows go under (default: SOC 2). */
  readonly frameworks?: ScanFrameworks;
}

/**
 * What a scan produced, gathered as items are evaluated, in bounded memory: the summary's counters, the
 * report's rows (sorted in scratch files past a budget), the resources judged (counted the same way) and
 * the first ERROR in the order of {@link RuleEngine.scan}.
 */
export class ScanResults {
  readonly #tally = new ScanTally();
  readonly #rows: SpillSorter<ReportRow>;
  readonly #resources: DistinctCounter;
  readonly #table: ScanTableLayout | undefined;
  readonly #frameworks: ScanFrameworks;
  #firstError: { readonly order: readonly number[]; readonly annotation: string } | undefined;
  /** The last place in the file an item was taken from, and how many took a place after it. */
  #lastItem = -1;
  #after = 0;

  constructor(options: ScanResultsOptions) {
    this.#rows = reportRowSorter(options.scratch, (options.maxBufferBytes * 4) / 5);
    this.#resources = new DistinctCounter(options.scratch, options.maxBufferBytes / 5);
    this.#table = options.table;
    this.#frameworks = options.frameworks ?? new ScanFrameworks();
  }

  /** Takes the evaluations of one item (all of one resource), at its place in the engine's order. */
  add(evaluations: readonly Evaluation[], order: ItemOrder): void {
    this.#lastItem = Math.max(this.#lastItem, order.item);
    this.#take(evaluations, order);
  }

  /**
   * Takes evaluations of one resource that come after those of every item (a live scan's failed reads),
   * in the order of the calls; call after the last `add`.
   */
  addAfterItems(evaluations: readonly Evaluation[]): void {
    this.#after += 1;
    this.#take(evaluations, { account: Number.MAX_SAFE_INTEGER, item: this.#lastItem + this.#after });
  }

  #take(evaluations: readonly Evaluation[], order: ItemOrder): void {
    const [first] = evaluations;
    if (first !== undefined) this.#resources.add(resourceKeyOf(first));
    evaluations.forEach((evaluation, index) => {
      this.#tally.add(evaluation);
      if (evaluation.compliance === 'ERROR') this.#noteError([order.account, order.item, index], evaluation);
      if (this.#table === undefined) {
        this.#rows.add({ section: undefined, item: order.item, evaluation });
        return;
      }
      for (const section of this.#frameworks.sectionsOf(evaluation)) {
        this.#table.add({ section, evaluation });
        this.#rows.add({ section: section.index, item: order.item, evaluation });
      }
    });
  }

  #noteError(order: readonly number[], evaluation: Evaluation): void {
    const current = this.#firstError?.order;
    if (current === undefined || isBefore(order, current)) {
      this.#firstError = { order, annotation: evaluation.annotation };
    }
  }

  /** The annotation of the first ERROR, as the whole-file scan met it. */
  get firstError(): string | undefined {
    return this.#firstError?.annotation;
  }

  /** Evaluations per rule and outcome, for each framework's coverage. */
  get countsByRule(): ReadonlyMap<string, OutcomeCounts> {
    return this.#tally.countsByRule;
  }

  /** The summary of the scan of `itemsRead` items; call once, after the last `add`. */
  summary(itemsRead: number): ScanSummary {
    return this.#tally.summary(itemsRead, this.#resources.count());
  }

  /** The evaluations in reading order, for JSON and CSV; call once, after the last `add`. */
  *evaluations(): Generator<Evaluation> {
    for (const row of this.#rows.sorted()) yield row.evaluation;
  }

  /** The table's rows, section by section; call once, after the last `add`. */
  *tableRows(): Generator<ScanTableRow> {
    for (const { section: index, evaluation } of this.#rows.sorted()) {
      const section = index === undefined ? undefined : this.#frameworks.section(index);
      if (section !== undefined) yield { section, evaluation };
    }
  }
}

/** Whether `a` comes before `b`, compared number by number. */
function isBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference < 0;
  }
  return false;
}
