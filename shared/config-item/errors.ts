import { VigilError } from '#shared/errors';

/** A configuration item (or a file of them) could not be read or did not match any known shape. */
export class ConfigurationItemError extends VigilError {
  override readonly name: string = 'ConfigurationItemError';
}

/** One configuration item failed validation; `path` points at the offending field. */
export class InvalidConfigurationItemError extends ConfigurationItemError {
  override readonly name: string = 'InvalidConfigurationItemError';
}

/** A snapshot file is unreadable, not JSON, or holds no configuration items. */
export class SnapshotError extends ConfigurationItemError {
  override readonly name: string = 'SnapshotError';
}

/** What went wrong in a streamed JSON document. */
export type JsonStreamProblem =
  | 'syntax'
  | 'truncated'
  | 'empty'
  | 'utf8'
  | 'depth'
  | 'string-size'
  | 'value-size';

/**
 * A streamed JSON document is malformed, not UTF-8, or past a limit, at byte `offset` of the stream. The
 * message reads "<lead> at byte <offset><tail>" ("not JSON at byte 12: expected ':', found 'x'").
 */
export class JsonStreamError extends ConfigurationItemError {
  override readonly name: string = 'JsonStreamError';
  readonly problem: JsonStreamProblem;
  readonly offset: number;
  readonly #lead: string;
  readonly #tail: string;

  constructor(problem: JsonStreamProblem, offset: number, lead: string, tail = '') {
    super(problem === 'empty' ? lead : `${lead} at byte ${offset}${tail}`, { context: { problem, offset } });
    this.problem = problem;
    this.offset = offset;
    this.#lead = lead;
    this.#tail = tail;
  }

  /** The message with the position phrased by the caller, e.g. "byte 12 of the decompressed data". */
  describe(position: string): string {
    return this.problem === 'empty' ? this.#lead : `${this.#lead} at ${position}${this.#tail}`;
  }
}

/** A snapshot went past one of the reader's limits; `limit` names which, so a CLI can name its flag. */
export class SnapshotLimitError extends SnapshotError {
  override readonly name: string = 'SnapshotLimitError';
  readonly limit: 'maxInputBytes' | 'maxStringBytes';

  constructor(
    message: string,
    limit: 'maxInputBytes' | 'maxStringBytes',
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(message, options);
    this.limit = limit;
  }
}
