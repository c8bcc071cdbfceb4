import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '#shared/config';
import { awsClientConfig, type MotoServer, startMotoServer, uniqueName } from '#shared/local/moto';
import {
  deployPipelineStack,
  drainAlerts,
  type PipelineStack,
  pipelineEnv,
} from '#shared/local/pipeline-stack';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { configChangeEventOf, topicItem } from '#test/support/topic-events';
import { type BenchOptions, type BenchResult, type BenchSection, formatDuration } from './section';
import { securityGroupEvent } from './security-group-events';

/**
 * Time spent with at least one HTTP request to AWS in flight, from Node's `http.client.*` diagnostics
 * channels: overlapping calls count once, so `total − waiting` is the time spent in Vigil's own code.
 */
class AwsWaitMeter {
  #inFlight = 0;
  #since = 0;
  #waited = 0;
  #requests = 0;
  readonly #open = new WeakSet<ClientRequest>();
  readonly #onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    this.#open.add(request);
    this.#requests += 1;
    if (this.#inFlight++ === 0) this.#since = performance.now();
    request.once('error', () => this.#finish(request));
  };
  readonly #onFinish = (message: unknown) => {
    this.#finish((message as { request: ClientRequest }).request);
  };

  #finish(request: ClientRequest): void {
    if (!this.#open.has(request)) return;
    this.#open.delete(request);
    if (--this.#inFlight === 0) this.#waited += performance.now() - this.#since;
  }

  start(): void {
    subscribe('http.client.request.start', this.#onStart);
    subscribe('http.client.response.finish', this.#onFinish);
  }

  stop(): void {
    unsubscribe('http.client.request.start', this.#onStart);
    unsubscribe('http.client.response.finish', this.#onFinish);
  }

  /** Milliseconds waited and requests made since the last call. */
  take(): { readonly waited: number; readonly requests: number } {
    const now = performance.now();
    const waited = this.#waited + (this.#inFlight > 0 ? now - this.#since : 0);
    const taken = { waited, requests: this.#requests };
    this.#waited = 0;
    this.#requests = 0;
    if (this.#inFlight > 0) this.#since = now;
    return taken;
  }
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

interface Scenario {
  readonly name: string;
  readonly event: (index: number) => Record<string, unknown>;
}

/** Runs `count` events one after another through the evaluator; returns per-event total and AWS-wait ms. */
async function timeEvents(
  evaluate: (event: unknown, runtime: Runtime) => Promise<{ batchItemFailures: readonly unknown[] }>,
  scenario: Scenario,
  count: number,
  runtime: Runtime,
  meter: AwsWaitMeter,
): Promise<{ totals: number[]; waits: number[]; requests: number; evaluations: number }> {
  const totals: number[] = [];
  const waits: number[] = [];
  let requests = 0;
  for (let index = 0; index < count; index += 1) {
    const event = scenario.event(index);
    meter.take();
    const start = performance.now();
    const result = await evaluate(event, runtime);
    totals.push(performance.now() - start);
    const taken = meter.take();
    waits.push(taken.waited);
    requests += taken.requests;
    if (result.batchItemFailures.length > 0) throw new Error(`${scenario.name} event ${index} failed`);
  }
  return { totals, waits, requests, evaluations: count };
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const events = options.quick ? 200 : 1_000;
  // The handler module builds its logger at import: silence it first, the table is the output here.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { evaluate } = await import('#functions/evaluator');
  options.log('starting moto and deploying the evidence bucket, state table and alert topic');
  const moto: MotoServer = await startMotoServer();
  const meter = new AwsWaitMeter();
  let runtime: Runtime | undefined;
  try {
    const stack: PipelineStack = await deployPipelineStack(moto.endpoint, { name: uniqueName('bench') });
    const { credentials } = awsClientConfig(moto.endpoint);
    runtime = createRuntime(parseConfig(pipelineEnv(stack)), { endpoint: moto.endpoint, credentials });
    const base = Date.parse('2026-11-23T00:00:00.000Z');
    const resources = 50;
    const scenarios: Scenario[] = [
      {
        name: 'SNS topic change (1 rule)',
        event: (index) =>
          configChangeEventOf(
            topicItem({
              name: `bench-topic-${index % resources}`,
              captureTime: new Date(base + index * 1000).toISOString(),
              encrypted: Math.floor(index / resources) % 2 === 0,
            }),
            `topic-${index}`,
          ),
      },
      {
        name: 'security group change (4 rules)',
        event: (index) =>
          securityGroupEvent(
            'bench',
            index % resources,
            new Date(base + index * 1000).toISOString(),
            Math.floor(index / resources) % 2 === 0,
          ),
      },
    ];
    const rows = [];
    const notes: string[] = [];
    meter.start();
    for (const scenario of scenarios) {
      options.log(`warming up, then timing ${events} ${scenario.name} events one after another`);
      await timeEvents(
        evaluate,
        { ...scenario, event: (index: number) => scenario.event(index + 1_000_000) },
        20,
        runtime,
        meter,
      );
      const started = performance.now();
      const { totals, waits, requests } = await timeEvents(evaluate, scenario, events, runtime, meter);
      const wall = performance.now() - started;
      const sorted = [...totals].sort((a, b) => a - b);
      const totalMs = totals.reduce((sum, value) => sum + value, 0);
      const waitMs = waits.reduce((sum, value) => sum + value, 0);
      const ownShare = (totalMs - waitMs) / totalMs;
      rows.push(
        { figure: `${scenario.name}: p50 end to end`, measured: formatDuration(percentile(sorted, 0.5)) },
        { figure: `${scenario.name}: p99 end to end`, measured: formatDuration(percentile(sorted, 0.99)) },
        {
          figure: `${scenario.name}: share in Vigil's code`,
          measured: `${(ownShare * 100).toFixed(1)} %`,
        },
      );
      notes.push(
        `${scenario.name}: ${events} events in ${formatDuration(wall)}, ${(requests / events).toFixed(1)} AWS calls per event, ` +
          `${((totalMs - waitMs) / events).toFixed(2)} ms of Vigil code and ${(waitMs / events).toFixed(2)} ms waiting on moto per event`,
      );
    }
    meter.stop();
    const alerts = await drainAlerts(stack);
    notes.push(
      `end to end = evaluate → locked finding (S3 Object Lock, SHA-256) → state (DynamoDB) → ledger → SNS on status change; ` +
        `${alerts.length} alerts published. moto on loopback answers far faster than AWS but runs in one Python process, ` +
        'so these are a lower bound on AWS wait and an upper bound on nothing.',
    );
    return { rows, notes };
  } finally {
    meter.stop();
    runtime?.destroy();
    await moto.stop();
  }
}

/** Warm per-event latency of the evaluator against moto, and how much of it is Vigil's own code. */
export const handlerLatencySection: BenchSection = {
  name: 'latency',
  description: 'warm evaluator latency per change event against moto (p50/p99, own code vs AWS wait)',
  run,
};
