// Writes examples/sample-account-snapshot.json from scripts/sample-snapshot/ (`npx tsx scripts/make-sample-snapshot.ts`);
// `--check` exits 1 instead when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { sampleSnapshotText } from './sample-snapshot/index';

const target = new URL('../examples/sample-account-snapshot.json', import.meta.url).pathname;
const text = sampleSnapshotText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is simply out of date.
  }
  if (current !== text) {
    console.error(`${target} is out of date: run npx tsx scripts/make-sample-snapshot.ts`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  const count = (JSON.parse(text) as { configurationItems: unknown[] }).configurationItems.length;
  console.log(`wrote ${target} (${count} configuration items)`);
}
