import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { CustomRuleSummary } from '#shared/rules/custom-summary';
import { InfraConfigError } from './errors';
import { PROJECT_ROOT } from './vigil-function';

/** A folder of custom rules, loaded and validated at synth time. */
export interface CustomRuleFolder {
  /** The folder, absolute: what the function bundles import. */
  readonly dir: string;
  readonly rules: readonly CustomRuleSummary[];
}

/**
 * Loads and validates the custom rules of `dir` (relative to the working directory of the synth) in a
 * child process, as `scripts/bundle-functions.ts` will when it bundles them into the functions.
 * @throws InfraConfigError with the broken rule's file and problem: the synth fails, not a function.
 */
export function customRuleFolderOf(dir: string): CustomRuleFolder {
  const absolute = resolve(dir);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', `${PROJECT_ROOT}scripts/custom-rules.ts`, absolute],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    const problem = result.error?.message ?? (result.stderr.trim() || `exit ${result.status}`);
    throw new InfraConfigError(`customRules: ${problem}`, { context: { dir: absolute } });
  }
  return { dir: absolute, rules: JSON.parse(result.stdout) as CustomRuleSummary[] };
}
