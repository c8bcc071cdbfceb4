import { type Command, EXIT } from './command';
import { type CliIo, writeError } from './io';

/** What the top-level help and `--version` print. */
export interface ProgramInfo {
  readonly name: string;
  readonly version: string;
  readonly description: string;
}

/** The top-level help: usage and one line per command of the table. */
export function programHelp(program: ProgramInfo, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `${program.name} ${program.version}: ${program.description}

Usage: ${program.name} <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help     show this help (or ${program.name} <command> --help)
  -V, --version  print the version

Exit codes: 0 ok, 1 findings (something is non-compliant or a rule failed), 2 bad input, 3 internal error.
`;
}

/**
 * Runs `vigil <command> ...` against a command table and returns the exit code; never throws. An
 * unexpected error is a bug: one line on stderr (the stack only with VIGIL_DEBUG=1), exit 3.
 */
export async function runCli(
  program: ProgramInfo,
  commands: readonly Command[],
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(programHelp(program, commands));
    return EXIT.USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = commands.find((candidate) => candidate.name === topic);
    if (topic !== undefined && !command) {
      writeError(io, `unknown command '${topic}' (see ${program.name} --help)`);
      return EXIT.USAGE;
    }
    io.stdout.write(command ? command.help : programHelp(program, commands));
    return EXIT.OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${program.version}\n`);
    return EXIT.OK;
  }
  const command = commands.find((candidate) => candidate.name === first);
  if (!command) {
    const what = first.startsWith('-') ? 'option' : 'command';
    writeError(io, `unknown ${what} '${first}' (see ${program.name} --help)`);
    return EXIT.USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    writeError(io, `internal error in '${command.name}': ${detail}`);
    if (io.env.VIGIL_DEBUG === '1' && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return EXIT.INTERNAL;
  }
}
