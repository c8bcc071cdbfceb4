import { performance } from 'node:perf_hooks';
import { parseConfig } from '#shared/config';
import { awsClientConfig, type MotoServer, startMotoServer, uniqueName } from '#shared/local/moto';
import { deployPipelineStack, pipelineEnv } from '#shared/local/pipeline-stack';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { configChangeEventOf, sqsEventOf, topicItem } from '#test/support/topic-events';
import { CallCounter, type CallTally, isEvidenceOrStateWrite } from './call-counter';
import { type BenchOptions, type BenchResult, type BenchSection, formatCount } from './section';
import { securityGroupEvent } from './security-group-events';

/** Prices used (us-east-1, on demand, arm64), in dollars. */
const PRICES = {
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  dynamoWru: 0.625 / 1e6,
  dynamoRru: 0.125 / 1e6,
  snsPublish: 0.5 / 1e6,
  sqsRequest: 0.4 / 1e6,
  kmsRequest: 0.03 / 10_000,
} as const;

/** The evaluator's memory size in the CDK construct (VigilFunction's default; infra/vigil-function.ts). */
const EVALUATOR_MEMORY_MB = 512;
/** The change queue's batch size (infra/compliance-monitor.ts). */
const SQS_BATCH = 10;
/** Share of change events assumed to flip a status (and so publish an alert). */
const STATUS_CHANGE_SHARE = 0.1;
/** Events per month per account-region over which the hourly digest is amortized. */
const EVENTS_PER_MONTH = 1_000_000;
const DIGESTS_PER_MONTH = 24 * 30;
/**
 * A change-event generator: resource index, capture time, whether the resource is compliant, and a revision
 * tag that makes the item's content differ (a real change) or stay the same (a re-described, unchanged one).
 */
type EventOf = (
  resource: number,
  captureTime: string,
  compliant: boolean,
  revision: string,
) => Record<string, unknown>;

interface Scenario {
  readonly name: string;
  readonly rules: number;
  readonly event: EventOf;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'SNS topic change',
    rules: 1,
    event: (resource, captureTime, compliant, revision) =>
      configChangeEventOf(
        {
          ...topicItem({ name: `cost-topic-${resource}`, captureTime, encrypted: compliant }),
          tags: { revision },
        },
        `cost-topic-${resource}-${captureTime}`,
      ),
  },
  {
    name: 'security group change',
    rules: 4,
    event: (resource, captureTime, compliant, revision) =>
      securityGroupEvent('cost', resource, captureTime, !compliant, revision),
  },
];

/** What one phase of a scenario measured, per event. */
interface PerEvent {
  readonly ms: number;
  readonly calls: Map<string, CallTally>;
}

/**
 * Sends `batches` SQS batches of `SQS_BATCH` change events through the evaluator, one batch per resource set,
 * with every resource's status either flipping each time or repeating; returns per-event figures.
 */
async function measurePhase(
  evaluate: (event: unknown, runtime: Runtime) => Promise<{ batchItemFailures: readonly unknown[] }>,
  runtime: Runtime,
  counter: CallCounter,
  scenario: Scenario,
  batches: number,
  flip: boolean,
  clock: { at: number },
  changeContent = true,
): Promise<PerEvent> {
  counter.take();
  let ms = 0;
  for (let batch = 0; batch < batches; batch += 1) {
    const bodies = Array.from({ length: SQS_BATCH }, (_, slot) => {
      clock.at += 1000;
      const compliant = flip ? batch % 2 === 0 : true;
      const captureTime = new Date(clock.at).toISOString();
      return JSON.stringify(
        scenario.event(slot, captureTime, compliant, changeContent ? captureTime : 'same'),
      );
    });
    const started = performance.now();
    const result = await evaluate(sqsEventOf(bodies), runtime);
    ms += performance.now() - started;
    if (result.batchItemFailures.length > 0) throw new Error(`${scenario.name}: batch ${batch} failed`);
  }
  const events = batches * SQS_BATCH;
  const calls = new Map(
    [...counter.take()].map(([key, tally]) => [
      key,
      { calls: tally.calls / events, wru: tally.wru / events, rru: tally.rru / events },
    ]),
  );
  return { ms: ms / events, calls };
}

/** Per-component dollars per million events for one measured mix. */
interface CostBreakdown {
  readonly components: readonly { readonly name: string; readonly dollars: number; readonly basis: string }[];
  readonly total: number;
}

function sum(calls: Map<string, CallTally>, match: (key: string) => boolean, field: keyof CallTally): number {
  return [...calls].filter(([key]) => match(key)).reduce((total, [, tally]) => total + tally[field], 0);
}

/** Mixes the repeat and flip phases at `STATUS_CHANGE_SHARE` and prices one million events. */
function costOf(repeat: PerEvent, flip: PerEvent): CostBreakdown {
  const share = STATUS_CHANGE_SHARE;
  const mixed = new Map<string, CallTally>();
  for (const [phase, weight] of [
    [repeat, 1 - share],
    [flip, share],
  ] as const) {
    for (const [key, tally] of phase.calls) {
      const into = mixed.get(key) ?? { calls: 0, wru: 0, rru: 0 };
      into.calls += tally.calls * weight;
      into.wru += tally.wru * weight;
      into.rru += tally.rru * weight;
      mixed.set(key, into);
    }
  }
  const ms = repeat.ms * (1 - share) + flip.ms * share;
  const million = 1e6;
  const gbSeconds = (ms / 1000) * (EVALUATOR_MEMORY_MB / 1024);
  const s3Puts = sum(mixed, (key) => key === 'S3 PutObject', 'calls');
  const s3Gets = sum(mixed, (key) => key === 'S3 GetObject' || key === 'S3 HeadObject', 'calls');
  const wru = sum(mixed, (key) => key.startsWith('DynamoDB '), 'wru');
  const rru = sum(mixed, (key) => key.startsWith('DynamoDB '), 'rru');
  const publishes = sum(mixed, (key) => key === 'SNS Publish', 'calls');
  const vigilSqs = sum(mixed, (key) => key.startsWith('SQS '), 'calls');
  const kms = sum(mixed, (key) => key.startsWith('KMS '), 'calls');
  // EventBridge → SQS SendMessage per event, plus Lambda's ReceiveMessage and DeleteMessageBatch per batch.
  const sqsPerEvent = 1 + 2 / SQS_BATCH + vigilSqs;
  const digestsPerEvent = DIGESTS_PER_MONTH / EVENTS_PER_MONTH;
  const components = [
    {
      name: 'Lambda duration',
      dollars: gbSeconds * million * PRICES.lambdaGbSecond,
      basis: `${ms.toFixed(1)} ms/event × ${EVALUATOR_MEMORY_MB} MB`,
    },
    {
      name: 'Lambda requests',
      dollars: (million / SQS_BATCH) * PRICES.lambdaRequest,
      basis: `1 invoke / ${SQS_BATCH} events`,
    },
    {
      name: 'S3 PUT (findings)',
      dollars: s3Puts * million * PRICES.s3Put,
      basis: `${s3Puts.toFixed(2)} PUT/event`,
    },
    { name: 'S3 GET/HEAD', dollars: s3Gets * million * PRICES.s3Get, basis: `${s3Gets.toFixed(2)} /event` },
    {
      name: 'S3 PUT (hourly digests)',
      dollars: digestsPerEvent * million * PRICES.s3Put,
      basis: `${DIGESTS_PER_MONTH}/month at ${formatCount(EVENTS_PER_MONTH)} events/month`,
    },
    {
      name: 'DynamoDB writes',
      dollars: wru * million * PRICES.dynamoWru,
      basis: `${wru.toFixed(2)} WRU/event`,
    },
    {
      name: 'DynamoDB reads',
      dollars: rru * million * PRICES.dynamoRru,
      basis: `${rru.toFixed(2)} RRU/event`,
    },
    {
      name: 'SNS publishes',
      dollars: publishes * million * PRICES.snsPublish,
      basis: `${publishes.toFixed(2)} /event (${(share * 100).toFixed(0)} % change status)`,
    },
    {
      name: 'SQS requests',
      dollars: sqsPerEvent * million * PRICES.sqsRequest,
      basis: `${sqsPerEvent.toFixed(2)} /event`,
    },
    {
      name: 'KMS requests (direct)',
      dollars: kms * million * PRICES.kmsRequest,
      basis: `${kms.toFixed(2)} /event`,
    },
  ];
  return { components, total: components.reduce((total, component) => total + component.dollars, 0) };
}

function dollars(value: number): string {
  return `$${value.toFixed(2)}`;
}

function callsLine(calls: Map<string, CallTally>): string {
  return [...calls]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([key, tally]) =>
        `${key} ${tally.calls.toFixed(2)}${tally.wru > 0 ? ` (${tally.wru.toFixed(2)} WRU)` : ''}`,
    )
    .join(', ');
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const batches = options.quick ? 6 : 30;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { evaluate } = await import('#functions/evaluator');
  options.log('starting moto and deploying the evidence bucket, state table and alert topic');
  const moto: MotoServer = await startMotoServer();
  const counter = new CallCounter();
  let runtime: Runtime | undefined;
  try {
    const stack = await deployPipelineStack(moto.endpoint, { name: uniqueName('bench-cost') });
    const { credentials } = awsClientConfig(moto.endpoint);
    runtime = createRuntime(parseConfig(pipelineEnv(stack)), { endpoint: moto.endpoint, credentials });
    counter.start();
    const clock = { at: Date.parse('2026-11-23T00:00:00.000Z') };
    const rows = [];
    const notes: string[] = [];
    const totals: { rules: number; total: number; s3: number }[] = [];
    for (const scenario of SCENARIOS) {
      options.log(
        `${scenario.name}: ${batches} batches of ${SQS_BATCH} with status repeating, then flipping`,
      );
      await measurePhase(evaluate, runtime, counter, scenario, 2, false, clock);
      const repeat = await measurePhase(evaluate, runtime, counter, scenario, batches, false, clock);
      const flip = await measurePhase(evaluate, runtime, counter, scenario, batches, true, clock);
      // Same content again (a CloudTrail call that changed nothing Vigil judges, re-described): attested.
      await measurePhase(evaluate, runtime, counter, scenario, 1, false, clock, false);
      const unchanged = await measurePhase(
        evaluate,
        runtime,
        counter,
        scenario,
        batches,
        false,
        clock,
        false,
      );
      const cost = costOf(repeat, flip);
      const s3 = cost.components.find((component) => component.name === 'S3 PUT (findings)')?.dollars ?? 0;
      totals.push({ rules: scenario.rules, total: cost.total, s3 });
      rows.push({
        figure: `cost per 1M ${scenario.name}s (${scenario.rules} rule${scenario.rules === 1 ? '' : 's'})`,
        measured: dollars(cost.total),
        target: '≤ $5.00',
        ok: cost.total <= 5,
      });
      for (const component of cost.components)
        rows.push({
          figure: `  ${component.name} (${component.basis})`,
          measured: dollars(component.dollars),
        });
      const perEvent = (phase: PerEvent) =>
        [...phase.calls.values()].reduce((total, tally) => total + tally.calls, 0);
      const writes = (phase: PerEvent) =>
        [...phase.calls]
          .filter(([key]) => isEvidenceOrStateWrite(key))
          .reduce((total, [, tally]) => total + tally.calls, 0);
      for (const [label, phase] of [
        ['content changed, status repeating', repeat],
        ['content changed, status flipping', flip],
        ['content unchanged (attested)', unchanged],
      ] as const) {
        rows.push({
          figure: `  AWS calls per evaluation, ${label}`,
          measured: `${(perEvent(phase) / scenario.rules).toFixed(2)} (${perEvent(phase).toFixed(2)}/event, ${writes(phase).toFixed(2)} writes/event)`,
        });
      }
      notes.push(
        `${scenario.name} calls per event, status repeating: ${callsLine(repeat.calls)}; status flipping: ${callsLine(flip.calls)}; unchanged content: ${callsLine(unchanged.calls)}`,
      );
    }
    const [one, many] = totals;
    if (one !== undefined && many !== undefined && many.rules > one.rules) {
      const perRule = (many.total - one.total) / (many.rules - one.rules);
      const fixed = one.total - perRule * one.rules;
      const ruleCounts = [1, 2, 4, 8];
      notes.push(
        `per rule count (fixed ${dollars(fixed)} + ${dollars(perRule)} per rule): ` +
          ruleCounts.map((rules) => `${rules} → ${dollars(fixed + perRule * rules)}`).join(', ') +
          `; one locked batch object per SQS batch of ${SQS_BATCH} events (not per rule) and one conditional state write per resource`,
      );
    }
    notes.push(
      `prices (us-east-1, on demand): Lambda arm64 $${PRICES.lambdaGbSecond}/GB-s + $0.20/M requests, S3 PUT $0.005/1k, S3 GET $0.0004/1k, ` +
        'DynamoDB $0.625/M WRU + $0.125/M RRU (on-demand since November 2024), SNS $0.50/M publishes, SQS $0.40/M requests, KMS $0.03/10k requests',
      `calls counted per SDK command during the sample run (DynamoDB units from item sizes, ≤ 1 KB per WRU); Lambda duration is each SQS batch's wall time against moto on this machine, ` +
        `re-measured here rather than taken from the latency section; ${(STATUS_CHANGE_SHARE * 100).toFixed(0)} % of events assumed to change a status; ` +
        "SNS, SQS and S3 SSE-KMS reuse data keys (bucket key, 5-minute reuse), so KMS costs per event are negligible; AWS Config recording ($0.003 per item) is the account's own cost and not counted",
    );
    return { rows, notes };
  } finally {
    counter.stop();
    runtime?.destroy();
    await moto.stop();
  }
}

/** AWS cost per million change events, from measured durations and counted AWS calls. */
export const costSection: BenchSection = {
  name: 'cost',
  description: 'AWS cost per million change events from measured duration and counted calls',
  run,
};
