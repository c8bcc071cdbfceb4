#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };
import type { Command } from './command';
import { acceptancesCommand, acceptCommand, revokeCommand } from './commands/accept';
import { exportCommand } from './commands/export';
import { redriveCommand } from './commands/redrive';
import { remediationCommand } from './commands/remediation';
import { rulesCommand } from './commands/rules';
import { scanCommand } from './commands/scan';
import { sweepCommand } from './commands/sweep';
import { verifyCommand } from './commands/verify';
import { type ProgramInfo, runCli } from './dispatch';
import { type CliIo, processIo } from './io';

/** The subcommands of `vigil`: add a command by writing `cli/commands/<name>.ts` and listing it here. */
export const COMMANDS: readonly Command[] = [
  scanCommand,
  rulesCommand,
  exportCommand,
  verifyCommand,
  redriveCommand,
  sweepCommand,
  remediationCommand,
  acceptCommand,
  revokeCommand,
  acceptancesCommand,
];

/** Name, version and one-line description of the program. */
export const PROGRAM: ProgramInfo = {
  name: 'vigil',
  version: packageJson.version,
  description: 'SOC 2 continuous compliance checks over AWS Config data',
};

/** Runs `vigil` with these arguments (without node and script) and returns the exit code. */
export function main(
  argv: readonly string[] = process.argv.slice(2),
  io: CliIo = processIo(),
): Promise<number> {
  return runCli(PROGRAM, COMMANDS, argv, io);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run when executed directly (`tsx cli/vigil.ts`, `node dist/vigil.mjs`); bin/vigil.mjs calls main() itself.
if (isEntryPoint()) process.exitCode = await main();
