import { ListObjectVersionsCommand, type ObjectVersion, S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { expect } from 'vitest';
import type { RetrySettings } from '#shared/aws/client-settings';
import { parseConfig } from '#shared/config';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import {
  deployPipelineStack,
  drainAlerts,
  type PipelineStack,
  pipelineEnv,
} from '#test/support/pipeline-stack';
import {
  configChangeEventOf,
  sqsRecord,
  TOPIC_ACCOUNT,
  TOPIC_REGION,
  TOPIC_RULE,
  topicItem,
} from '#test/support/topic-events';

/** The evaluator handler's core, loaded after Powertools is told to stay quiet. */
export type EvaluateFn = (event: unknown, deps: Runtime) => Promise<SQSBatchResponse>;

/** A local deployment for reliability tests: the stack in moto and the evaluator's runtime. */
export interface ReliabilityPipeline {
  readonly stack: PipelineStack;
  readonly runtime: Runtime;
  readonly s3: S3Client;
  /** Runs the real evaluator handler on an SQS batch. */
  evaluate(event: SQSEvent): Promise<SQSBatchResponse>;
  close(): void;
}

/**
 * Deploys a fresh stack in moto and builds the evaluator's runtime from its environment, only the SNS
 * topic rule enabled and the monitored account set; `clientEndpoint` (a fault proxy) replaces moto for
 * the runtime's clients.
 */
export async function reliabilityPipeline(
  endpoint: string,
  prefix: string,
  options: {
    readonly clientEndpoint?: string;
    readonly env?: Readonly<Record<string, string>>;
    readonly retry?: Partial<RetrySettings>;
  } = {},
): Promise<ReliabilityPipeline> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { evaluate } = (await import('#functions/evaluator')) as { evaluate: EvaluateFn };
  const stack = await deployPipelineStack(endpoint, { name: uniqueName(prefix) });
  const { credentials } = awsClientConfig(endpoint);
  const config = parseConfig({
    ...pipelineEnv(stack),
    ENABLED_RULES: TOPIC_RULE,
    ACCOUNT_ID: TOPIC_ACCOUNT,
    ...options.env,
  });
  const runtime = createRuntime(
    { ...config, retry: { ...config.retry, ...options.retry } },
    { endpoint: options.clientEndpoint ?? endpoint, credentials },
  );
  const s3 = new S3Client(s3ClientConfig(endpoint));
  return {
    stack,
    runtime,
    s3,
    evaluate: (event) => evaluate(event, runtime),
    close: () => {
      runtime.destroy();
      s3.destroy();
    },
  };
}

/**
 * Delivers one body until the evaluator acknowledges it, as SQS redelivers a reported failure (a message
 * that waited too long for another invocation's write in progress is handed back, by design).
 * @returns how many deliveries it took.
 */
export async function evaluateUntilAcked(
  pipeline: ReliabilityPipeline,
  body: string,
  rounds = 5,
): Promise<number> {
  const record = sqsRecord(body);
  for (let round = 1; round <= rounds; round++) {
    const response = await pipeline.evaluate({ Records: [record] });
    if (response.batchItemFailures.length === 0) return round;
  }
  throw new Error(`message not acknowledged after ${rounds} deliveries`);
}

/** Every object version under a prefix of the evidence bucket (a duplicate write would be a second version). */
export async function versionsUnder(pipeline: ReliabilityPipeline, prefix: string): Promise<ObjectVersion[]> {
  const versions: ObjectVersion[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (;;) {
    const page = await pipeline.s3.send(
      new ListObjectVersionsCommand({
        Bucket: pipeline.stack.bucket,
        Prefix: prefix,
        ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
        ...(versionMarker === undefined ? {} : { VersionIdMarker: versionMarker }),
      }),
    );
    versions.push(...(page.Versions ?? []));
    if (page.IsTruncated !== true) return versions;
    keyMarker = page.NextKeyMarker;
    versionMarker = page.NextVersionIdMarker;
  }
}

/** Every finding version stored for one topic (all capture dates). */
export async function topicFindingVersions(
  pipeline: ReliabilityPipeline,
  topicName: string,
): Promise<ObjectVersion[]> {
  const arn = `arn:aws:sns:${TOPIC_REGION}:${TOPIC_ACCOUNT}:${topicName}`;
  const all = await versionsUnder(pipeline, 'findings/');
  return all.filter((version) => version.Key?.includes(`/${encodeURIComponent(arn)}/`));
}

/**
 * Delivers bodies the way SQS with `ReportBatchItemFailures` does: in batches handled by `concurrency`
 * invocations at once, each reported failure redelivered in a later round (same message id), until every
 * message is acknowledged or `rounds` run out. Changes of one resource must be in different rounds' bodies
 * or be order-independent, as with SQS standard queues.
 * @returns how many redeliveries it took, and the ids never acknowledged.
 */
export async function deliverUntilAcked(
  pipeline: ReliabilityPipeline,
  bodies: readonly string[],
  options: { readonly batchSize?: number; readonly rounds?: number; readonly concurrency?: number } = {},
): Promise<{ readonly redeliveries: number; readonly unacknowledged: readonly string[] }> {
  const batchSize = options.batchSize ?? 10;
  let waiting = bodies.map((body, index) => sqsRecord(body, `message-${index}`));
  let redeliveries = 0;
  for (let round = 0; round < (options.rounds ?? 6) && waiting.length > 0; round++) {
    if (round > 0) redeliveries += waiting.length;
    const batches: SQSRecord[][] = [];
    for (let start = 0; start < waiting.length; start += batchSize) {
      batches.push(waiting.slice(start, start + batchSize));
    }
    const responses = await mapWithConcurrency(batches, options.concurrency ?? 4, (records) =>
      pipeline.evaluate({ Records: records }),
    );
    const failed = new Set(
      responses.flatMap((response) => response.batchItemFailures.map((f) => f.itemIdentifier)),
    );
    waiting = waiting.filter((record) => failed.has(record.messageId));
  }
  return { redeliveries, unacknowledged: waiting.map((record) => record.messageId) };
}

/** Three changes per topic (fail, pass, fail), one step after the other: three findings and three alerts each. */
export function flipSteps(prefix: string, topics: number): { names: string[]; steps: string[][] } {
  const names = Array.from({ length: topics }, (_, index) => `${prefix}-${index}`);
  const steps = [false, true, false].map((encrypted, step) =>
    names.map((name) =>
      JSON.stringify(
        configChangeEventOf(topicItem({ name, captureTime: `2026-11-21T08:0${step}:00.000Z`, encrypted })),
      ),
    ),
  );
  return { names, steps };
}

/** Delivers each step's events (concurrently, redelivering failures) before the next step's. */
export async function deliverSteps(
  pipeline: ReliabilityPipeline,
  steps: readonly string[][],
): Promise<string[]> {
  const unacknowledged: string[] = [];
  for (const bodies of steps)
    unacknowledged.push(...(await deliverUntilAcked(pipeline, bodies, { batchSize: 2 })).unacknowledged);
  return unacknowledged;
}

/** Checks each topic has exactly three findings and alerts NEW_FAILURE, RESOLVED, NEW_FAILURE once each. */
export async function expectFlipsRecordedOnce(
  pipeline: ReliabilityPipeline,
  names: readonly string[],
): Promise<void> {
  for (const name of names) expect(await topicFindingVersions(pipeline, name)).toHaveLength(3);
  const alerts = await drainAlerts(pipeline.stack);
  for (const name of names) {
    const transitions = alerts
      .filter((alert) => new RegExp(`:${name}(?![\\w-])`).test(alert.message))
      .map((alert) => alert.attributes.transition);
    expect(transitions.sort(), name).toEqual(['NEW_FAILURE', 'NEW_FAILURE', 'RESOLVED']);
  }
  expect(alerts).toHaveLength(names.length * 3);
}
