import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  type ObjectVersion,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { expect } from 'vitest';
import type { RetrySettings } from '#shared/aws/client-settings';
import { parseConfig } from '#shared/config';
import {
  type Attestation,
  ChainChecker,
  type ChainProblem,
  type Finding,
  parseBatch,
} from '#shared/evidence/finding';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import {
  deployPipelineStack,
  drainAlerts,
  type PipelineStack,
  pipelineEnv,
  type ReceivedAlert,
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
 * How long a claim belongs to its invocation here. SQS hands a failed message back only after its visibility
 * timeout, longer than the 30 s default lease; these tests redeliver at once, so the lease is 1 s (still far
 * longer than any claim takes to reach its flush in a test).
 */
export const TEST_LEASE_MS = 1_000;

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
  const runtime: Runtime = {
    ...createRuntime(
      { ...config, retry: { ...config.retry, ...options.retry } },
      { endpoint: options.clientEndpoint ?? endpoint, credentials },
    ),
    leaseMs: TEST_LEASE_MS,
  };
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

/** One record read back from a batch object, with where it was read. */
export interface StoredRecord<T> {
  readonly key: string;
  readonly line: number;
  readonly record: T;
}

/** Everything stored under `findings/`: each batch object's lines (hashes checked), and its versions. */
export interface StoredEvidence {
  readonly findings: readonly StoredRecord<Finding>[];
  readonly attestations: readonly StoredRecord<Attestation>[];
  /** Batch objects, and their versions (write-once: one version each). */
  readonly objects: number;
  readonly versions: number;
  /** What a chain checker finds wrong across every resource–rule chain. */
  readonly chainProblems: readonly ChainProblem[];
}

/** Reads every batch object of the evidence bucket. */
export async function storedEvidence(pipeline: ReliabilityPipeline): Promise<StoredEvidence> {
  const versions = await versionsUnder(pipeline, 'findings/');
  const keys = [...new Set(versions.flatMap((version) => (version.Key === undefined ? [] : [version.Key])))];
  const findings: StoredRecord<Finding>[] = [];
  const attestations: StoredRecord<Attestation>[] = [];
  const checker = new ChainChecker();
  for (const key of keys) {
    const object = await pipeline.s3.send(new GetObjectCommand({ Bucket: pipeline.stack.bucket, Key: key }));
    const parsed = parseBatch((await object.Body?.transformToByteArray()) ?? new Uint8Array());
    expect(parsed.problem, key).toBeUndefined();
    for (const line of parsed.lines) {
      if (!('record' in line)) throw new Error(`${key}:${line.line}: ${line.problem}`);
      if (line.record.kind === 'finding') {
        findings.push({ key, line: line.line, record: line.record });
        checker.addFinding(line.record, `${key}:${line.line}`);
      } else {
        attestations.push({ key, line: line.line, record: line.record });
        checker.addAttestation(line.record, `${key}:${line.line}`);
      }
    }
  }
  findings.sort((a, b) => a.record.sequence - b.record.sequence);
  return {
    findings,
    attestations,
    objects: keys.length,
    versions: versions.length,
    chainProblems: checker.problems(),
  };
}

/** The ARN of a test topic. */
export function topicArn(topicName: string): string {
  return `arn:aws:sns:${TOPIC_REGION}:${TOPIC_ACCOUNT}:${topicName}`;
}

/** Every finding line stored for one topic, in sequence order (a finding stored twice appears twice). */
export async function topicFindings(
  pipeline: ReliabilityPipeline,
  topicName: string,
): Promise<StoredRecord<Finding>[]> {
  const { findings } = await storedEvidence(pipeline);
  return findings.filter((entry) => entry.record.resource.resourceId === topicArn(topicName));
}

/**
 * Checks one topic's chain: `expected` findings, each stored once, numbered 1..n, each quoting the hash of
 * the one before; and that no object anywhere was written twice.
 */
export async function expectChainOf(
  pipeline: ReliabilityPipeline,
  topicName: string,
  expected: number,
): Promise<Finding[]> {
  const evidence = await storedEvidence(pipeline);
  const chain = evidence.findings
    .filter((entry) => entry.record.resource.resourceId === topicArn(topicName))
    .map((entry) => entry.record);
  expect(
    chain.map((finding) => finding.sequence),
    topicName,
  ).toEqual(Array.from({ length: expected }, (_, index) => index + 1));
  expect(
    evidence.chainProblems.filter((problem) =>
      problem.chainId.includes(encodeURIComponent(topicArn(topicName))),
    ),
  ).toEqual([]);
  expect(evidence.versions).toBe(evidence.objects);
  return chain;
}

/** The SHA-256 of the finding an alert names (its `SHA-256:` line). */
export function alertedHash(alert: ReceivedAlert): string | undefined {
  return /SHA-256:\s+([0-9a-f]{64})/.exec(alert.message)?.[1];
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

/**
 * Checks each topic has exactly three findings (fail, pass, fail), each stored once and chained, and that
 * each change was alerted: `exactly-once`, or `at-least-once` where a fault can strike between the alerts
 * and the batch put (alerts go first, so such a put's retry publishes them again, naming the same finding).
 */
export async function expectFlipsRecordedOnce(
  pipeline: ReliabilityPipeline,
  names: readonly string[],
  alerting: 'exactly-once' | 'at-least-once' = 'exactly-once',
): Promise<void> {
  const hashes = new Map<string, string>();
  for (const name of names) {
    const chain = await expectChainOf(pipeline, name, 3);
    expect(chain.map((finding) => finding.compliance)).toEqual([
      'NON_COMPLIANT',
      'COMPLIANT',
      'NON_COMPLIANT',
    ]);
    for (const finding of chain) hashes.set(finding.hash, name);
  }
  const alerts = await drainAlerts(pipeline.stack);
  for (const name of names) {
    const mine = alerts.filter((alert) => new RegExp(`:${name}(?![\\w-])`).test(alert.message));
    const distinct = new Map(mine.map((alert) => [alertedHash(alert), alert.attributes.transition]));
    // One alert per change, naming the finding of that change.
    expect([...distinct.values()].sort(), name).toEqual(['NEW_FAILURE', 'NEW_FAILURE', 'RESOLVED']);
    for (const hash of distinct.keys()) expect(hashes.get(hash ?? ''), name).toBe(name);
    if (alerting === 'exactly-once') expect(mine, name).toHaveLength(3);
  }
  if (alerting === 'exactly-once') expect(alerts).toHaveLength(names.length * 3);
}
