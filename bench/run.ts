import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { bundlesSection } from './bundles';
import { costSection } from './cost';
import { exportMemorySection } from './export-memory';
import { handlerLatencySection } from './handler-latency';
import { ruleEngineSection } from './rule-engine';
import { s3EventSection } from './s3-event';
import { scanMemorySection } from './scan-memory';
import type { BenchRow, BenchSection } from './section';
import { settleSection } from './settle';
import { sweepSection } from './sweep';

/** Every section `npm run bench` runs, in order; add yours here. */
const SECTIONS: readonly BenchSection[] = [
  ruleEngineSection,
  bundlesSection,
  handlerLatencySection,
  sweepSection,
  s3EventSection,
  settleSection,
  exportMemorySection,
  scanMemorySection,
  costSection,
];

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run bench -- [--only NAME ...] [--quick] [--strict] [--list]

  --only NAME  run only these sections (repeat, or separate with commas)
  --quick      smaller inputs and fewer runs (smoke run; figures are not comparable)
  --strict     exit 1 when a figure misses its target
  --list       list the sections`);
  process.exit(0);
}

if (values.list) {
  for (const section of SECTIONS) console.log(`${section.name.padEnd(12)} ${section.description}`);
  process.exit(0);
}

const wanted = (values.only ?? []).flatMap((value) => value.split(',')).map((name) => name.trim());
const unknown = wanted.filter((name) => !SECTIONS.some((section) => section.name === name));
if (unknown.length > 0) {
  console.error(
    `bench: unknown section ${unknown.join(', ')} (known: ${SECTIONS.map((s) => s.name).join(', ')})`,
  );
  process.exit(2);
}
const selected = wanted.length === 0 ? SECTIONS : SECTIONS.filter((section) => wanted.includes(section.name));

function printTable(rows: readonly BenchRow[]): void {
  const header = { figure: 'figure', measured: 'measured', target: 'target', status: '' };
  const lines = [
    header,
    ...rows.map((row) => ({
      figure: row.figure,
      measured: row.measured,
      target: row.target ?? '',
      status: row.ok === undefined ? '' : row.ok ? 'ok' : 'MISSED',
    })),
  ];
  const width = (key: keyof typeof header) => Math.max(...lines.map((line) => line[key].length));
  const [figureWidth, measuredWidth, targetWidth] = [width('figure'), width('measured'), width('target')];
  for (const line of lines) {
    console.log(
      `  ${line.figure.padEnd(figureWidth)}  ${line.measured.padStart(measuredWidth)}  ${line.target.padEnd(targetWidth)}  ${line.status}`.trimEnd(),
    );
  }
}

console.log(
  `vigil bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`,
);
let missed = 0;
for (const section of selected) {
  console.log(`\n[${section.name}] ${section.description}`);
  const result = await section.run({
    quick: values.quick,
    log: (message) => process.stderr.write(`  … ${message}\n`),
  });
  printTable(result.rows);
  for (const note of result.notes ?? []) console.log(`  note: ${note}`);
  missed += result.rows.filter((row) => row.ok === false).length;
}
if (values.strict && missed > 0) process.exitCode = 1;
