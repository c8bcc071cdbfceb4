import type { CliIo } from '#cli/io';

/** A CliIo that records what a command writes, for asserting output and exit codes without a process. */
export interface CapturedIo extends CliIo {
  /** Everything written to stdout so far. */
  readonly out: () => string;
  /** Everything written to stderr so far. */
  readonly err: () => string;
}

/**
 * A captured, non-TTY, colourless io with a fixed clock unless told otherwise; `isTTY` makes both streams
 * terminals unless `stderrIsTTY` says otherwise.
 */
export function captureIo(
  options: {
    isTTY?: boolean;
    stderrIsTTY?: boolean;
    columns?: number;
    env?: Record<string, string | undefined>;
    now?: Date;
  } = {},
): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (text: string) => {
        out += text;
        return true;
      },
    },
    stderr: {
      write: (text: string) => {
        err += text;
        return true;
      },
    },
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? options.isTTY ?? false,
    ...(options.columns === undefined ? {} : { columns: options.columns }),
    now: () => options.now ?? new Date('2026-11-23T12:00:00Z'),
    out: () => out,
    err: () => err,
  };
}
