// Writes docs/rules.md from the rule metadata (`npm run docs:rules`); `--check` exits 1 instead when
// the committed file is out of date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  defaultRulesDocSources,
  RULES_DOC_COMMAND,
  RULES_DOC_PATH,
  renderRulesDoc,
} from './rules-doc/render';

const target = join(new URL('../', import.meta.url).pathname, RULES_DOC_PATH);
const text = renderRulesDoc(defaultRulesDocSources());

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is simply out of date.
  }
  if (current !== text) {
    console.error(`${RULES_DOC_PATH} is out of date: run ${RULES_DOC_COMMAND}`);
    process.exit(1);
  }
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${RULES_DOC_PATH}`);
}
