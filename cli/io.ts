import pc from 'picocolors';

/** Where a command writes: injected so tests capture output and exit codes without a process. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Environment variables the CLI honours (NO_COLOR, FORCE_COLOR, TERM). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal: colour and column fitting of what goes to stdout only apply then. */
  readonly isTTY: boolean;
  /**
   * Whether stderr is a terminal: progress lines rewritten in place (`\r`, erase-line escape codes) only
   * go to stderr then, whatever stdout is (`vigil verify … > report.json` still shows progress, and
   * `vigil export 2>log` writes plain lines).
   */
  readonly stderrIsTTY: boolean;
  /** Terminal width when stdout is a terminal. */
  readonly columns?: number;
  /** The evaluation clock; a fixed date in tests. */
  now(): Date;
}

/** The real process's streams, environment and clock. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
    now: () => new Date(),
  };
}

/** The colour functions of picocolors. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colour only for a terminal, never when NO_COLOR is set to a non-empty value (no-color.org) or TERM
 * is `dumb`; FORCE_COLOR (non-empty, not `0`) forces it on, e.g. for a pager.
 */
export function colorsFor(io: CliIo): Colors {
  const { NO_COLOR, FORCE_COLOR, TERM } = io.env;
  let enabled = io.isTTY && TERM !== 'dumb';
  if (FORCE_COLOR !== undefined && FORCE_COLOR !== '' && FORCE_COLOR !== '0') enabled = true;
  if (NO_COLOR !== undefined && NO_COLOR !== '') enabled = false;
  return pc.createColors(enabled);
}

/** Writes the one-line error every command uses for bad input: `vigil: <problem>`. */
export function writeError(io: CliIo, message: string): void {
  io.stderr.write(`vigil: ${oneLine(message)}\n`);
}

/** Collapses whitespace runs (newlines included) so an error never spans lines. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Where text goes: a stream such as `io.stdout`. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Gathers small writes into pieces of about `size` characters before passing them on, so a long report
 * is written piece by piece, neither as one giant string nor as a million tiny writes.
 */
export class ChunkedWriter {
  readonly #sink: TextSink;
  readonly #size: number;
  #parts: string[] = [];
  #length = 0;

  constructor(sink: TextSink, size = 64 * 1024) {
    this.#sink = sink;
    this.#size = size;
  }

  /** Gathers `text`; false when it passed a piece on and the sink asked to wait ({@link drained}). */
  write(text: string): boolean {
    this.#parts.push(text);
    this.#length += text.length;
    return this.#length >= this.#size ? this.flush() : true;
  }

  /** Writes whatever is gathered; false when the sink asked to wait before more is written. */
  flush(): boolean {
    if (this.#parts.length === 0) return true;
    const accepted = this.#sink.write(this.#parts.join(''));
    this.#parts = [];
    this.#length = 0;
    return accepted !== false;
  }
}

/** The parts of a Node writable stream that {@link drained} uses. */
interface DrainEmitter {
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

function isDrainEmitter(sink: TextSink): sink is TextSink & DrainEmitter {
  const candidate = sink as Partial<DrainEmitter>;
  return typeof candidate.once === 'function' && typeof candidate.off === 'function';
}

/**
 * Resolves once a sink that refused more text (`write` returned false) emits 'drain' (or closes), so a
 * slow reader of a pipe holds the writer back instead of the text piling up in memory; at once for sinks
 * that are not streams.
 */
export function drained(sink: TextSink): Promise<void> {
  if (!isDrainEmitter(sink)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      sink.off('drain', done);
      sink.off('close', done);
      resolve();
    };
    sink.once('drain', done);
    sink.once('close', done);
  });
}
