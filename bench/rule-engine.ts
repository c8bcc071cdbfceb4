import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type ConfigurationItem,
  isDeleted,
  normalizeConfigurationItem,
} from '#shared/config-item/configuration-item';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, type Inventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { compliant, type Rule } from '#shared/rules/rule';
import {
  type BenchOptions,
  type BenchResult,
  type BenchSection,
  collectGarbage,
  formatCount,
  formatDuration,
  median,
} from './section';
import { generateEstate, templateCount } from './synthetic-estate';

const ROOT = new URL('../', import.meta.url).pathname;
const TARGET_EVALS_PER_SECOND = 200_000;
const NOW = new Date('2026-11-23T12:00:00Z');

function groupInventories(items: readonly ConfigurationItem[]): Map<string, Inventory> {
  const byAccount = new Map<string, ConfigurationItem[]>();
  for (const item of items) {
    const list = byAccount.get(item.accountId) ?? [];
    list.push(item);
    byAccount.set(item.accountId, list);
  }
  return new Map(
    [...byAccount].map(([account, list]) => [
      account,
      createInventory(list.filter((item) => !isDeleted(item))),
    ]),
  );
}

/** One pass of engine.evaluate over every item with prebuilt inventories; returns evaluations and ms. */
function evaluatePass(
  engine: RuleEngine,
  items: readonly ConfigurationItem[],
  inventories: Map<string, Inventory>,
): { evaluations: number; ms: number } {
  let evaluations = 0;
  const start = performance.now();
  for (const item of items) {
    const inventory = inventories.get(item.accountId);
    if (!inventory) continue;
    evaluations += engine.evaluate(item, { now: NOW, inventory }).length;
  }
  return { evaluations, ms: performance.now() - start };
}

/**
 * A timed pass over items read afresh from the estate's JSON text (parsed and normalized before the clock
 * starts), as a sweep or an event delivers them: anything the code under test memoizes per item or per
 * parsed object (a decoded policy, an inventory index) is built again instead of being reused from the
 * previous pass. Only items `judged` accepts are evaluated; the others are there for the inventories.
 */
function freshPass(
  engine: RuleEngine,
  estateText: string,
  judged: (item: ConfigurationItem) => boolean = () => true,
): { evaluations: number; ms: number } {
  const items = (JSON.parse(estateText) as unknown[]).map(normalizeConfigurationItem);
  const judgedItems = items.filter(judged);
  const inventories = groupInventories(items);
  collectGarbage();
  return evaluatePass(engine, judgedItems, inventories);
}

/** What one rule costs over its applicable items (one warm pass, then one timed pass). */
interface RuleCost {
  readonly id: string;
  readonly ms: number;
  readonly evaluations: number;
}

/** Times every rule of the catalog on its own, slowest first, to name what dominates the engine's time. */
function profileRules(
  raw: readonly Record<string, unknown>[],
  items: readonly ConfigurationItem[],
  inventories: Map<string, Inventory>,
): RuleCost[] {
  const costs: RuleCost[] = [];
  for (const rule of RULES) {
    const engine = new RuleEngine([rule]);
    const judged = (item: ConfigurationItem): boolean => rule.resourceTypes.includes(item.resourceType);
    const applicable = items.filter(judged);
    if (applicable.length === 0) continue;
    evaluatePass(engine, applicable, inventories);
    const needed = new Set<unknown>([...rule.resourceTypes, ...(rule.reads ?? [])]);
    const neededText = JSON.stringify(raw.filter((item) => needed.has(item.resourceType)));
    const { ms, evaluations } = freshPass(engine, neededText, judged);
    costs.push({ id: rule.id, ms, evaluations });
  }
  return costs.sort((a, b) => b.ms - a.ms);
}

/** The same fan-out as the catalog (one rule per judged resource type and id) with rules that do nothing. */
function noOpCatalog(): Rule[] {
  return RULES.map((rule) => ({ ...rule, evaluate: () => compliant('ok') }));
}

function timeCli(snapshot: string, runs: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/vigil.mjs'), 'scan', '--snapshot', snapshot, '--format', 'json'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      },
    );
    const ms = performance.now() - start;
    // Exit 1 is expected: the estate holds non-compliant resources.
    if (result.status !== 0 && result.status !== 1) {
      throw new Error(`vigil scan exited ${String(result.status)}: ${result.stderr}`);
    }
    times.push(ms);
  }
  return times;
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const itemCount = options.quick ? 20_000 : 100_000;
  const timedRuns = options.quick ? 3 : 7;
  options.log(`generating ${formatCount(itemCount)} configuration items from ${templateCount()} fixtures`);
  const raw = generateEstate({ items: itemCount, accounts: 50 });
  const parseStart = performance.now();
  const items = raw.map(normalizeConfigurationItem);
  const parseMs = performance.now() - parseStart;
  const inventories = groupInventories(items);
  const engine = new RuleEngine(RULES);
  const types = new Set(items.map((item) => item.resourceType));

  options.log('warming up');
  for (let pass = 0; pass < 2; pass += 1) evaluatePass(engine, items, inventories);
  options.log(`timing ${timedRuns} passes of engine.evaluate`);
  const estateText = JSON.stringify(raw);
  const passes = Array.from({ length: timedRuns }, () => freshPass(engine, estateText));
  const evaluations = passes[0]?.evaluations ?? 0;
  const rate = median(passes.map((pass) => (pass.evaluations / pass.ms) * 1000));

  options.log('timing the engine alone (same fan-out, rules that do nothing)');
  const noOp = new RuleEngine(noOpCatalog());
  for (let pass = 0; pass < 2; pass += 1) evaluatePass(noOp, items, inventories);
  const ceiling = median(
    Array.from({ length: timedRuns }, () => {
      const pass = evaluatePass(noOp, items, inventories);
      return (pass.evaluations / pass.ms) * 1000;
    }),
  );

  options.log('timing engine.scan (inventory build included) on items parsed afresh');
  const scanTimes = Array.from({ length: Math.max(3, Math.floor(timedRuns / 2)) }, () => {
    const fresh = (JSON.parse(estateText) as unknown[]).map(normalizeConfigurationItem);
    collectGarbage();
    const start = performance.now();
    engine.scan(fresh, { now: NOW });
    return performance.now() - start;
  });
  const scanMs = median(scanTimes);

  options.log('timing each rule on its own');
  const costs = profileRules(raw, items, inventories);
  const totalRuleMs = costs.reduce((sum, cost) => sum + cost.ms, 0);
  const slowest = costs.slice(0, 5);
  const rest = costs.slice(5);
  const restEvaluations = rest.reduce((sum, cost) => sum + cost.evaluations, 0);
  const restMs = rest.reduce((sum, cost) => sum + cost.ms, 0);

  options.log('building the CLI and writing a 10,000-item snapshot');
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const dir = join(ROOT, '.vigil-tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  const snapshot = join(dir, 'snapshot-10k.json');
  const snapshotItems = generateEstate({ items: 10_000, accounts: 1, seed: 7 }).slice(0, 10_000);
  writeFileSync(
    snapshot,
    JSON.stringify({
      fileVersion: '1.0',
      configSnapshotId: '5d2c9a4e-0f7b-4e21-9c3a-bench0010000',
      configurationItems: snapshotItems,
    }),
  );
  options.log('timing vigil scan on it');
  timeCli(snapshot, 1);
  const cliMs = median(timeCli(snapshot, options.quick ? 3 : 5));
  rmSync(dir, { recursive: true, force: true });

  const ok = rate >= TARGET_EVALS_PER_SECOND;
  const notes = [
    `${formatCount(items.length)} items (${types.size} resource types, 50 accounts), ${RULES.length} rules, ${formatCount(evaluations)} evaluations per pass; median of ${timedRuns} passes after 2 warm-up passes, one thread; each timed pass judges items parsed afresh from the estate's JSON, so nothing memoized per item carries over.`,
    `normalizing the ${formatCount(items.length)} raw items took ${formatDuration(parseMs)} (${formatCount((items.length / parseMs) * 1000)} items/s).`,
    'slowest rules, each timed alone over its items:',
    ...slowest.map(
      (cost) =>
        `  ${cost.id}: ${formatDuration(cost.ms)} for ${formatCount(cost.evaluations)} evals, ${((cost.ms * 1000) / cost.evaluations).toFixed(1)} µs each, ${((cost.ms / totalRuleMs) * 100).toFixed(0)}% of all rule time`,
    ),
    `the other ${rest.length} rules: ${formatCount((restEvaluations / restMs) * 1000)} evals/s together.`,
  ];
  return {
    rows: [
      {
        figure: 'rule evaluations per second (engine.evaluate)',
        measured: formatCount(rate),
        target: `≥ ${formatCount(TARGET_EVALS_PER_SECOND)}`,
        ok,
      },
      {
        figure: 'engine alone: evaluations/s with no-op rules',
        measured: formatCount(ceiling),
      },
      {
        figure: `engine.scan of ${formatCount(items.length)} items (incl. inventories)`,
        measured: formatDuration(scanMs),
      },
      {
        figure: 'engine.scan evaluations per second',
        measured: formatCount((evaluations / scanMs) * 1000),
      },
      {
        figure: 'vigil scan wall time, 10,000-item snapshot (json)',
        measured: formatDuration(cliMs),
      },
    ],
    notes,
  };
}

/** Throughput of the rule engine over a generated estate and wall time of the built `vigil scan`. */
export const ruleEngineSection: BenchSection = {
  name: 'engine',
  description: 'rule engine throughput and vigil scan wall time',
  run,
};
