import { type ParseArgsConfig, parseArgs } from 'node:util';
import { VigilError } from '#shared/errors';
import { type CliIo, writeError } from './io';

/** Exit codes every `vigil` command shares. */
export const EXIT = {
  /** The command did its job and found nothing wrong. */
  OK: 0,
  /** The command ran and found something wrong: a NON_COMPLIANT resource or a rule that failed. */
  FINDINGS: 1,
  /** Bad input: unknown command or flag, bad value, unreadable or invalid file. */
  USAGE: 2,
  /** A bug in vigil itself. */
  INTERNAL: 3,
  /** `vigil verify` found nothing wrong, but only with a signing key taken from the evidence: nobody pinned it. */
  UNPINNED: 4,
} as const;

/** A subcommand of `vigil`: one file under `cli/commands/`, listed in the table of `cli/vigil.ts`. */
export interface Command {
  readonly name: string;
  /** One line for `vigil --help`. */
  readonly summary: string;
  /** The full text of `vigil <name> --help`. */
  readonly help: string;
  /** Runs the command on its own arguments (after the command name) and returns the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** The user asked for something the command cannot do (bad flag, bad value); exit code 2. */
export class CliUsageError extends VigilError {
  override readonly name: string = 'CliUsageError';
}

/**
 * Reports an error a command expects as one line on stderr and returns its exit code: a usage error exits 2;
 * a Vigil error, or an AWS SDK error when `sdkErrors` is set, is written with its cause and exits `exit`.
 * Anything else is a bug and is rethrown (the dispatcher exits 3).
 */
export function exitForKnownError(
  io: CliIo,
  error: unknown,
  exit: number,
  options: { readonly sdkErrors?: boolean } = {},
): number {
  if (error instanceof CliUsageError) {
    writeError(io, error.message);
    return EXIT.USAGE;
  }
  if (
    error instanceof VigilError ||
    (options.sdkErrors === true && error instanceof Error && '$metadata' in error)
  ) {
    const cause = error.cause instanceof Error ? `: ${error.cause.name}: ${error.cause.message}` : '';
    writeError(io, `${error.message}${cause}`);
    return exit;
  }
  throw error;
}

function isParseArgsError(error: unknown): error is TypeError & { code: string } {
  return (
    error instanceof TypeError &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('ERR_PARSE_ARGS_')
  );
}

/**
 * `node:util` parseArgs in strict mode, with its errors turned into a short CliUsageError naming the
 * command ("scan: unknown option '--colour'").
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: readonly string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    // Node's messages add advice after the first sentence; the first sentence names the problem.
    const first = error.message.split(/\.\s/)[0] ?? error.message;
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    throw new CliUsageError(`${command}: ${message} (see vigil ${command} --help)`, { cause: error });
  }
}

/** Reads a `--format` value against the formats a command supports. */
export function parseFormat<F extends string>(
  command: string,
  value: string | undefined,
  formats: readonly F[],
): F {
  const format = value ?? formats[0];
  const known = formats.find((candidate) => candidate === format);
  if (known === undefined) {
    throw new CliUsageError(`${command}: unknown format '${String(format)}' (use ${formats.join(', ')})`);
  }
  return known;
}
