import { performance } from 'node:perf_hooks';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseConfig } from '#shared/config';
import { awsClientConfig, type MotoServer, startMotoServer, uniqueName } from '#shared/local/moto';
import { deployPipelineStack, pipelineEnv } from '#shared/local/pipeline-stack';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { configChangeEventOf, sqsEventOf, topicItem } from '#test/support/topic-events';
import { type BenchOptions, type BenchResult, type BenchSection, formatCount } from './section';
import { securityGroupEvent } from './security-group-events';

/** Prices used (us-east-1, on demand, arm64), in dollars. */
const PRICES = {
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  dynamoWru: 1.25 / 1e6,
  dynamoRru: 0.25 / 1e6,
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
/** One AWS call seen by the SDK, with the capacity units it would consume on DynamoDB. */
interface CallTally {
  calls: number;
  wru: number;
  rru: number;
}

type Send = (this: object, command: object, ...rest: unknown[]) => Promise<unknown>;

/** JSON size of a value, a close stand-in for DynamoDB's item size (names plus values). */
function sizeOf(value: unknown): number {
  return JSON.stringify(value ?? {}).length;
}

/** Capacity units a DynamoDB document-client command consumes (items assumed ≤ 4 KB for reads). */
function capacityOf(operation: string, input: Record<string, unknown>): { wru: number; rru: number } {
  const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  switch (operation) {
    case 'PutCommand':
    case 'PutItemCommand':
      return { wru: writeUnits(sizeOf(input.Item)), rru: 0 };
    case 'UpdateCommand':
    case 'UpdateItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
      return { wru: writeUnits(sizeOf(input.Key) + sizeOf(input.ExpressionAttributeValues)), rru: 0 };
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand': {
      const items = Array.isArray(input.TransactItems) ? input.TransactItems : [];
      return { wru: items.reduce((sum: number, item) => sum + 2 * writeUnits(sizeOf(item)), 0), rru: 0 };
    }
    case 'GetCommand':
    case 'GetItemCommand':
    case 'QueryCommand':
      return { wru: 0, rru: input.ConsistentRead === true ? 1 : 0.5 };
    default:
      return { wru: 0, rru: 0 };
  }
}

/**
 * Counts every SDK v3 call per client and command by wrapping the shared smithy `Client.prototype.send`
 * (every AWS client, the DynamoDB document client included, inherits it).
 */
class CallCounter {
  readonly tallies = new Map<string, CallTally>();
  readonly #restore: (() => void)[] = [];

  start(): void {
    const clients = [
      S3Client,
      DynamoDBClient,
      DynamoDBDocumentClient,
      SNSClient,
      SQSClient,
      KMSClient,
      ConfigServiceClient,
    ];
    const prototypes = new Set(clients.map((client) => Object.getPrototypeOf(client.prototype) as object));
    for (const prototype of prototypes) {
      const holder = prototype as { send: Send };
      const original = holder.send;
      const tallies = this.tallies;
      holder.send = function counted(this: object, command: object, ...rest: unknown[]) {
        const client = this.constructor.name.replace(/Client$/, '').replace('DynamoDBDocument', 'DynamoDB');
        const operation = command.constructor.name;
        const key = `${client} ${operation.replace(/Command$/, '')}`;
        const tally = tallies.get(key) ?? { calls: 0, wru: 0, rru: 0 };
        const input = (command as { input?: Record<string, unknown> }).input ?? {};
        const units = client === 'DynamoDB' ? capacityOf(operation, input) : { wru: 0, rru: 0 };
        tally.calls += 1;
        tally.wru += units.wru;
        tally.rru += units.rru;
        tallies.set(key, tally);
        return original.call(this, command, ...rest);
      };
      this.#restore.push(() => {
        holder.send = original;
      });
    }
  }

  stop(): void {
    for (const restore of this.#restore.splice(0)) restore();
  }

  /** The tallies since the last call, cleared. */
  take(): Map<string, CallTally> {
    const taken = new Map(this.tallies);
    this.tallies.clear();
    return taken;
  }
}

/** A change-event generator: resource index, capture time, and whether the resource is compliant. */
type EventOf = (resource: number, captureTime: string, compliant: boolean) => Record<string, unknown>;

interface Scenario {
  readonly name: string;
  readonly rules: number;
  readonly event: EventOf;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'SNS topic change',
    rules: 1,
    event: (resource, captureTime, compliant) =>
      configChangeEventOf(
        topicItem({ name: `cost-topic-${resource}`, captureTime, encrypted: compliant }),
        `cost-topic-${resource}-${captureTime}`,
      ),
  },
  {
    name: 'security group change',
    rules: 4,
    event: (resource, captureTime, compliant) =>
      securityGroupEvent('cost', resource, captureTime, !compliant),
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
): Promise<PerEvent> {
  counter.take();
  let ms = 0;
  for (let batch = 0; batch < batches; batch += 1) {
    const bodies = Array.from({ length: SQS_BATCH }, (_, slot) => {
      clock.at += 1000;
      const compliant = flip ? batch % 2 === 0 : true;
      return JSON.stringify(scenario.event(slot, new Date(clock.at).toISOString(), compliant));
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
      notes.push(
        `${scenario.name} calls per event, status repeating: ${callsLine(repeat.calls)}; status flipping: ${callsLine(flip.calls)}`,
      );
    }
    const [one, many] = totals;
    if (one !== undefined && many !== undefined && many.rules > one.rules) {
      const perRule = (many.total - one.total) / (many.rules - one.rules);
      const fixed = one.total - perRule * one.rules;
      const ruleCounts = [1, 2, 4, 8];
      notes.push(
        `per rule count (fixed ${dollars(fixed)} + ${dollars(perRule)} per rule, of which $5.00 is the finding's S3 PUT): ` +
          ruleCounts.map((rules) => `${rules} → ${dollars(fixed + perRule * rules)}`).join(', ') +
          '; one locked S3 object per rule evaluation costs $5.00/M on its own, so ≤ $5/M is out of reach for any event that records a finding',
      );
    }
    notes.push(
      `prices (us-east-1, on demand): Lambda arm64 $${PRICES.lambdaGbSecond}/GB-s + $0.20/M requests, S3 PUT $0.005/1k, S3 GET $0.0004/1k, ` +
        'DynamoDB $1.25/M WRU + $0.25/M RRU, SNS $0.50/M publishes, SQS $0.40/M requests, KMS $0.03/10k requests',
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
