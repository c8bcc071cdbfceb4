import { describe, expect, it } from 'vitest';
import { CliUsageError, type Command } from '#cli/command';
import { runCli } from '#cli/dispatch';
import { COMMANDS, main, PROGRAM } from '#cli/vigil';
import { captureIo } from '#test/support/cli-io';
import packageJson from '../../../package.json' with { type: 'json' };

describe('vigil (top level)', () => {
  it('prints the package version', async () => {
    const io = captureIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toBe(`${packageJson.version}\n`);
  });

  it('lists every command of the table in --help', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    const lines = io.out().split('\n');
    for (const command of COMMANDS) {
      const line = lines.find((candidate) => candidate.startsWith(`  ${command.name} `));
      expect(line?.trimEnd().endsWith(command.summary), `help line of ${command.name}`).toBe(true);
    }
    expect(io.out()).toContain('Usage: vigil <command> [options]');
  });

  it.each([[['scan', '--help']], [['help', 'scan']]])('prints the help of a command for %j', async (argv) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(0);
    expect(io.out()).toContain('Usage: vigil scan --snapshot FILE');
  });

  it.each([
    [['deploy'], "vigil: unknown command 'deploy' (see vigil --help)\n"],
    [['--verbose'], "vigil: unknown option '--verbose' (see vigil --help)\n"],
    [['help', 'deploy'], "vigil: unknown command 'deploy' (see vigil --help)\n"],
  ])('exits 2 on %j with one line on stderr', async (argv, message) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toBe(message);
  });

  it('prints the help to stderr and exits 2 without a command', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    expect(io.err()).toContain('Commands:');
    expect(io.out()).toBe('');
  });

  it('dispatches to a command of the table with the remaining arguments', async () => {
    const seen: (readonly string[])[] = [];
    const echo: Command = {
      name: 'echo',
      summary: 'echo',
      help: 'Usage: vigil echo',
      run: async (argv) => {
        seen.push(argv);
        return 0;
      },
    };
    expect(await runCli(PROGRAM, [echo], ['echo', 'a', '--b'], captureIo())).toBe(0);
    expect(seen).toEqual([['a', '--b']]);
  });

  it('turns an unexpected error into one line and exit 3, with the stack only under VIGIL_DEBUG=1', async () => {
    const broken: Command = {
      name: 'broken',
      summary: 'broken',
      help: '',
      run: async () => {
        throw new RangeError('index out of range');
      },
    };
    const quiet = captureIo();
    expect(await runCli(PROGRAM, [broken], ['broken'], quiet)).toBe(3);
    expect(quiet.err()).toBe("vigil: internal error in 'broken': RangeError: index out of range\n");
    const debug = captureIo({ env: { VIGIL_DEBUG: '1' } });
    await runCli(PROGRAM, [broken], ['broken'], debug);
    expect(debug.err()).toMatch(/\n {4}at /);
  });

  it('keeps CliUsageError a VigilError so every command maps it to exit 2', () => {
    expect(new CliUsageError('x').name).toBe('CliUsageError');
  });
});
