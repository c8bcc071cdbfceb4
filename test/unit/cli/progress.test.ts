import { afterEach, describe, expect, it } from 'vitest';
import { progressReporter } from '#cli/commands/export';
import { processIo } from '#cli/io';
import { captureIo } from '#test/support/cli-io';

/** Carriage return and the erase-line escape sequence of a rewritten progress line. */
const REWRITE = '\r\u001b[2K';

describe('progress on stderr is decided by stderr, not stdout', () => {
  const stdoutTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  const stderrTTY = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  afterEach(() => {
    for (const [stream, descriptor] of [
      [process.stdout, stdoutTTY],
      [process.stderr, stderrTTY],
    ] as const) {
      if (descriptor === undefined) Reflect.deleteProperty(stream, 'isTTY');
      else Object.defineProperty(stream, 'isTTY', descriptor);
    }
  });

  it.each([
    [true, false],
    [false, true],
  ])('processIo reads each stream on its own (stdout TTY %s, stderr TTY %s)', (stdout, stderr) => {
    Object.defineProperty(process.stdout, 'isTTY', { value: stdout, configurable: true });
    Object.defineProperty(process.stderr, 'isTTY', { value: stderr, configurable: true });
    expect(processIo()).toMatchObject({ isTTY: stdout, stderrIsTTY: stderr });
  });

  it('rewrites one line on a terminal stderr while stdout goes to a file (vigil export … > out)', () => {
    const io = captureIo({ isTTY: false, stderrIsTTY: true });
    const report = progressReporter(io);
    report({ phase: 'findings', findings: 5, read: 2 });
    report({ phase: 'done', findings: 12, read: 4 });
    expect(io.err().startsWith(`${REWRITE}export: 5 findings`)).toBe(true);
    expect(io.err().endsWith(`${REWRITE}export: 12 findings (4 objects read) · done\n`)).toBe(true);
  });

  it('writes plain lines, never escape codes, when stderr goes to a file on a terminal stdout (2>log)', () => {
    const io = captureIo({ isTTY: true, stderrIsTTY: false });
    const report = progressReporter(io);
    report({ phase: 'findings', findings: 5, read: 2 });
    report({ phase: 'done', findings: 12, read: 4 });
    expect(io.err()).toBe('export: 12 findings (4 objects read) · done\n');
    expect(io.err()).not.toContain('\r');
    expect(io.err()).not.toContain('\u001b');
  });
});
