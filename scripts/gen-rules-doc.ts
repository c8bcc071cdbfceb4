// Writes docs/rules.md from the rule metadata (`npm run docs:rules`); `--check` exits 1 instead when
// the committed file is out of date. `--rules DIR` documents the custom rules of DIR too (their own
// section and their controls in the coverage tables), `--out FILE` writes elsewhere than docs/rules.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CustomRuleError, useCustomRules } from '#shared/rules/custom-rules';
import type { Rule } from '#shared/rules/rule';
import {
  defaultRulesDocSources,
  RULES_DOC_COMMAND,
  RULES_DOC_PATH,
  type RulesDocSources,
  renderRulesDoc,
  withCustomRules,
} from './rules-doc/render';

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, rules: { type: 'string' }, out: { type: 'string' } },
});
const target =
  values.out === undefined
    ? join(new URL('../', import.meta.url).pathname, RULES_DOC_PATH)
    : resolve(values.out);

let sources: RulesDocSources = defaultRulesDocSources();
if (values.rules !== undefined) {
  let custom: readonly Rule[];
  try {
    custom = await useCustomRules(values.rules);
  } catch (error) {
    if (!(error instanceof CustomRuleError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  sources = withCustomRules(sources, custom);
}
const text = renderRulesDoc(sources);

if (values.check) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is simply out of date.
  }
  if (current !== text) {
    console.error(`${values.out ?? RULES_DOC_PATH} is out of date: run ${RULES_DOC_COMMAND}`);
    process.exit(1);
  }
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${values.out ?? RULES_DOC_PATH}`);
}
