/**
 * `npm run load`: a burst of Config change events through the real evaluator path on local AWS (moto), with
 * faults injected, then counts what was stored and alerted. Not part of `npm test`.
 *
 *   event queue (SQS, DLQ after 3 receives) → pollers (batches of 10, ReportBatchItemFailures semantics)
 *   → evaluator handler → evidence (S3 Object Lock, through a proxy failing a share of S3 calls with 503
 *   SlowDown) → state (DynamoDB) → alerts (SNS → SQS) ; then the DLQ is redriven and drained again.
 *
 * Options: --events N (10000) --resources N (2500) --workers N (6) --s3-fault-share X (0.05)
 *          --visibility S (30) --seed N (1) --window N (200) --poison-share X (0.005)
 *
 * A `--poison-share` of the messages fails every delivery of the first pass (as if the evaluator crashed on
 * them), so they reach the DLQ after 3 receives and the run proves the redrive brings them back.
 *
 * The producer keeps at most `--window` messages in the queue at once: moto's SQS scans every message of a
 * queue on each receive, delete and attribute read, so a queue holding all 10,000 at once turns the run
 * quadratic (measured: under 3,000 sent in 5.5 minutes). The events are still all distinct, shuffled and
 * delivered through the real queue; only their arrival is spread out.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  type ObjectVersion,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { parseConfig } from '#shared/config';
import { parseFinding } from '#shared/evidence/finding';
import { awsClientConfig, s3ClientConfig, startMotoServer, uniqueName } from '#shared/local/moto';
import {
  deployPipelineStack,
  drainAlerts,
  type PipelineStack,
  pipelineEnv,
} from '#shared/local/pipeline-stack';
import { seededRandom } from '#shared/local/seeded-random';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { SqsMessageQueue } from '#shared/queue/message-queue';
import { redrive } from '#shared/queue/redrive';
import { startFaultProxy } from '#test/support/fault-proxy';
import { configChangeEventOf, TOPIC_ACCOUNT, TOPIC_RULE, topicItem } from '#test/support/topic-events';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    resources: { type: 'string', default: '2500' },
    workers: { type: 'string', default: '6' },
    's3-fault-share': { type: 'string', default: '0.05' },
    visibility: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    window: { type: 'string', default: '200' },
    'poison-share': { type: 'string', default: '0.005' },
  },
});
const EVENTS = Number(values.events);
const RESOURCES = Math.min(Number(values.resources), EVENTS);
const WORKERS = Number(values.workers);
const S3_FAULT_SHARE = Number(values['s3-fault-share']);
const VISIBILITY_SECONDS = Number(values.visibility);
const SEED = Number(values.seed);
const WINDOW = Number(values.window);
const POISON_SHARE = Number(values['poison-share']);

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

type EvaluateFn = (event: unknown, deps: Runtime) => Promise<SQSBatchResponse>;

function log(message: string): void {
  process.stdout.write(`[load ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface PlannedEvent {
  readonly topic: string;
  readonly captureTime: string;
  readonly encrypted: boolean;
  readonly body: string;
}

/**
 * `EVENTS` distinct change events over `RESOURCES` topics: each topic gets a run of changes one minute
 * apart whose encryption flips at random (so statuses change), in a shuffled order as a burst delivers them.
 */
function planEvents(): PlannedEvent[] {
  const random = seededRandom(SEED);
  const base = Date.parse('2026-11-22T00:00:00.000Z');
  const events: PlannedEvent[] = [];
  for (let index = 0; index < EVENTS; index++) {
    const resource = index % RESOURCES;
    const step = Math.floor(index / RESOURCES);
    const topic = `load-topic-${String(resource).padStart(5, '0')}`;
    const captureTime = new Date(base + step * 60_000 + resource).toISOString();
    const encrypted = random() < 0.5;
    const body = JSON.stringify(configChangeEventOf(topicItem({ name: topic, captureTime, encrypted })));
    events.push({ topic, captureTime, encrypted, body });
  }
  for (let index = events.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [events[index], events[other]] = [events[other] as PlannedEvent, events[index] as PlannedEvent];
  }
  return events;
}

async function createQueues(sqs: SQSClient, name: string): Promise<{ queueUrl: string; dlqUrl: string }> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-events-dlq` }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const dlqArn =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] })))
      .Attributes?.QueueArn ?? '';
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}-events`,
      Attributes: {
        VisibilityTimeout: String(VISIBILITY_SECONDS),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl ?? '', dlqUrl };
}

async function depth(sqs: SQSClient, url: string): Promise<number> {
  const response = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  const attributes = response.Attributes ?? {};
  return (
    Number(attributes.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function enqueue(sqs: SQSClient, url: string, bodies: readonly string[]): Promise<void> {
  const batches: string[][] = [];
  for (let start = 0; start < bodies.length; start += 10) batches.push(bodies.slice(start, start + 10));
  await mapWithConcurrency(batches, 4, async (batch) => {
    const response = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: batch.map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
    if ((response.Failed ?? []).length > 0)
      throw new Error(`enqueue failed: ${JSON.stringify(response.Failed)}`);
  });
}

interface DrainStats {
  enqueued: number;
  batches: number;
  messages: number;
  acknowledged: number;
  returned: number;
}

/**
 * Feeds `bodies` into the queue (at most `WINDOW` unacknowledged at once) while `WORKERS` pollers drain it
 * the way Lambda's SQS event source does: receive up to 10, invoke the handler, delete what it did not
 * report as failed (failed items reappear after the visibility timeout, and go to the DLQ after 3
 * receives). Stops once everything is sent and the queue stays empty.
 */
async function pump(
  sqs: SQSClient,
  queue: SqsMessageQueue,
  bodies: readonly string[],
  runtimes: readonly Runtime[],
  evaluate: EvaluateFn,
  poisoned: ReadonlySet<string> = new Set(),
): Promise<DrainStats> {
  const stats: DrainStats = { enqueued: 0, batches: 0, messages: 0, acknowledged: 0, returned: 0 };
  let produced = false;
  let lastReport = Date.now();
  const producer = async (): Promise<void> => {
    for (let start = 0; start < bodies.length; start += 100) {
      while (stats.enqueued - stats.acknowledged >= WINDOW) await sleep(50);
      const chunk = bodies.slice(start, start + 100);
      await enqueue(sqs, queue.url, chunk);
      stats.enqueued += chunk.length;
    }
    produced = true;
  };
  const poller = async (runtime: Runtime): Promise<void> => {
    let idle = 0;
    for (;;) {
      const received = await queue.receive({
        max: 10,
        visibilityTimeoutSeconds: VISIBILITY_SECONDS,
        waitSeconds: 1,
      });
      if (received.length === 0) {
        // Empty answers while the producer runs or messages are in flight (invisible) are not the end.
        if (produced && (await depth(sqs, queue.url)) === 0 && ++idle >= 2) return;
        continue;
      }
      idle = 0;
      const healthy = received.filter((message) => !poisoned.has(message.body));
      const response: SQSBatchResponse =
        healthy.length === 0
          ? { batchItemFailures: [] }
          : await evaluate(
              { Records: healthy.map((message) => ({ messageId: message.messageId, body: message.body })) },
              runtime,
            );
      const failed = new Set([
        ...response.batchItemFailures.map((failure) => failure.itemIdentifier),
        ...received.filter((message) => poisoned.has(message.body)).map((message) => message.messageId),
      ]);
      const done = received.filter((message) => !failed.has(message.messageId));
      const deleted = await queue.deleteBatch(done);
      stats.batches++;
      stats.messages += received.length;
      stats.acknowledged += deleted.succeeded.length;
      stats.returned += failed.size;
      if (Date.now() - lastReport > 20_000) {
        lastReport = Date.now();
        log(
          `  ${stats.enqueued} sent, ${stats.acknowledged} acknowledged, ${stats.returned} returned for retry, ${stats.batches} batches`,
        );
      }
    }
  };
  await Promise.all([producer(), ...runtimes.map(poller)]);
  return stats;
}

async function allVersions(s3: S3Client, bucket: string, prefix: string): Promise<ObjectVersion[]> {
  const versions: ObjectVersion[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
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

/** Status changes each topic would alert if its events arrived in capture-time order (for comparison). */
function inOrderTransitions(events: readonly PlannedEvent[]): number {
  const byTopic = new Map<string, PlannedEvent[]>();
  for (const event of events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);
  let changes = 0;
  for (const list of byTopic.values()) {
    list.sort((a, b) => a.captureTime.localeCompare(b.captureTime));
    changes += countChanges(
      list.map((event) => ({ captureTime: event.captureTime, failing: !event.encrypted })),
    );
  }
  return changes;
}

/**
 * Status changes of one chain, replayed in the order it was written: an item older than the newest one
 * already applied is stale (recorded, never a change); a first failure is a change, a first pass is not.
 */
function countChanges(chain: readonly { readonly captureTime: string; readonly failing: boolean }[]): number {
  let failing: boolean | undefined;
  let newest = '';
  let changes = 0;
  for (const link of chain) {
    if (link.captureTime < newest) continue;
    if (failing === undefined ? link.failing : failing !== link.failing) changes++;
    failing = link.failing;
    newest = link.captureTime;
  }
  return changes;
}

interface ChainLink {
  readonly topic: string;
  readonly key: string;
  readonly sequence: number;
  readonly previousKey: string | null;
  readonly captureTime: string;
  readonly failing: boolean;
}

/** Reads every stored finding and checks each topic's chain: sequences 1..n, each linked to the one before. */
async function readChains(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<{ readonly chains: Map<string, ChainLink[]>; readonly broken: string[] }> {
  const links = await mapWithConcurrency(keys, 16, async (key): Promise<ChainLink> => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const finding = parseFinding((await object.Body?.transformToString()) ?? '');
    return {
      topic: finding.resource.resourceName ?? finding.resource.resourceId,
      key,
      sequence: finding.sequence,
      previousKey: finding.previousKey,
      captureTime: finding.configurationItem.captureTime,
      failing: finding.compliance === 'NON_COMPLIANT',
    };
  });
  const chains = new Map<string, ChainLink[]>();
  for (const link of links) chains.set(link.topic, [...(chains.get(link.topic) ?? []), link]);
  const broken: string[] = [];
  for (const [topic, chain] of chains) {
    chain.sort((a, b) => a.sequence - b.sequence);
    chain.forEach((link, index) => {
      const expectedPrevious = index === 0 ? null : (chain[index - 1]?.key ?? null);
      if (link.sequence !== index + 1 || link.previousKey !== expectedPrevious) broken.push(topic);
    });
  }
  return { chains, broken: [...new Set(broken)] };
}

interface StateRow {
  readonly topic: string;
  readonly captureTime: string;
  readonly compliance: string;
}

async function readStateRows(dynamodb: DynamoDBClient, table: string): Promise<StateRow[]> {
  const rows: StateRow[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: table, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }),
    );
    for (const item of page.Items ?? []) {
      if (item.sk?.S !== TOPIC_RULE) continue;
      const resourceId = item.resourceId?.S ?? '';
      rows.push({
        topic: resourceId.slice(resourceId.lastIndexOf(':') + 1),
        captureTime: item.captureTime?.S ?? '',
        compliance: item.compliance?.S ?? '',
      });
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return rows;
}

async function main(): Promise<number> {
  const started = Date.now();
  log(
    `starting moto; ${EVENTS} events over ${RESOURCES} topics, ${WORKERS} pollers, ${S3_FAULT_SHARE * 100}% S3 503s`,
  );
  const moto = await startMotoServer();
  const proxy = await startFaultProxy(moto.endpoint, {
    rules: [{ service: 's3', share: S3_FAULT_SHARE, kind: 'throttle' }],
    seed: SEED,
  });
  const name = uniqueName('vigil-load');
  const sqs = new SQSClient(awsClientConfig(moto.endpoint));
  const s3 = new S3Client(s3ClientConfig(moto.endpoint));
  const dynamodb = new DynamoDBClient(awsClientConfig(moto.endpoint));
  let stack: PipelineStack | undefined;
  const runtimes: Runtime[] = [];
  try {
    stack = await deployPipelineStack(moto.endpoint, { name });
    const { queueUrl, dlqUrl } = await createQueues(sqs, name);
    const config = parseConfig({
      ...pipelineEnv(stack),
      ENABLED_RULES: TOPIC_RULE,
      ACCOUNT_ID: TOPIC_ACCOUNT,
    });
    const { credentials } = awsClientConfig(moto.endpoint);
    for (let index = 0; index < WORKERS; index++) {
      runtimes.push(createRuntime(config, { endpoint: proxy.endpoint, credentials }));
    }
    const { evaluate } = (await import('#functions/evaluator')) as { evaluate: EvaluateFn };
    const queue = new SqsMessageQueue({ client: sqs, url: queueUrl });
    const dlq = new SqsMessageQueue({ client: sqs, url: dlqUrl });

    const events = planEvents();
    log(`pushing ${events.length} events through the queue (window ${WINDOW})`);
    const processStarted = Date.now();
    const random = seededRandom(SEED + 1);
    const poisoned = new Set(events.filter(() => random() < POISON_SHARE).map((event) => event.body));
    const first = await pump(
      sqs,
      queue,
      events.map((event) => event.body),
      runtimes,
      evaluate,
      poisoned,
    );
    const processSeconds = (Date.now() - processStarted) / 1000;
    const dlqBefore = await depth(sqs, dlqUrl);
    log(`queue drained in ${processSeconds.toFixed(1)} s; ${dlqBefore} in the DLQ; redriving`);
    const redriven = await redrive(dlq, queue, { visibilityTimeoutSeconds: 30 });
    const second = redriven.moved > 0 ? await pump(sqs, queue, [], runtimes, evaluate) : undefined;
    const dlqAfter = await depth(sqs, dlqUrl);
    proxy.setRules([]);

    log('counting');
    const versions = await allVersions(s3, stack.bucket, 'findings/');
    const keys = new Set(versions.map((version) => version.Key));
    const rejected = await allVersions(s3, stack.bucket, 'rejected/');
    const alerts = await drainAlerts(stack);
    log(`reading ${keys.size} findings to replay each chain`);
    const { chains, broken } = await readChains(
      s3,
      stack.bucket,
      [...keys].flatMap((key) => (key === undefined ? [] : [key])),
    );
    const expectedByTopic = new Map([...chains].map(([topic, chain]) => [topic, countChanges(chain)]));
    const expectedAlerts = [...expectedByTopic.values()].reduce((sum, count) => sum + count, 0);
    const alertsByTopic = new Map<string, number>();
    for (const alert of alerts) {
      const topic = /:(load-topic-\d{5})/.exec(alert.message)?.[1] ?? '?';
      alertsByTopic.set(topic, (alertsByTopic.get(topic) ?? 0) + 1);
    }
    const topicsAlertedWrong = [...new Set([...expectedByTopic.keys(), ...alertsByTopic.keys()])].filter(
      (topic) => (alertsByTopic.get(topic) ?? 0) !== (expectedByTopic.get(topic) ?? 0),
    );
    const newest = new Map<string, PlannedEvent>();
    for (const event of events) {
      const current = newest.get(event.topic);
      if (current === undefined || current.captureTime < event.captureTime) newest.set(event.topic, event);
    }
    const rows = await readStateRows(dynamodb, stack.table);
    const stateWrong = rows.filter((row) => {
      const latest = newest.get(row.topic);
      return (
        latest === undefined ||
        row.captureTime !== latest.captureTime ||
        row.compliance !== (latest.encrypted ? 'COMPLIANT' : 'NON_COMPLIANT')
      );
    });
    const stats = proxy.stats();
    const lost = EVENTS - keys.size;
    const duplicates = versions.length - keys.size;
    const ok =
      lost === 0 &&
      duplicates === 0 &&
      rejected.length === 0 &&
      alerts.length === expectedAlerts &&
      topicsAlertedWrong.length === 0 &&
      broken.length === 0 &&
      rows.length === RESOURCES &&
      stateWrong.length === 0 &&
      dlqAfter === 0 &&
      dlqBefore >= poisoned.size &&
      redriven.moved === dlqBefore;
    const total = (Date.now() - started) / 1000;
    const lines = [
      '',
      'Vigil load run',
      `  events sent                      ${EVENTS} (${RESOURCES} SNS topics, status flips at random)`,
      `  S3 requests / injected 503s      ${stats.requests.s3 ?? 0} / ${stats.faults.s3 ?? 0}`,
      `  handler batches / messages       ${first.batches + (second?.batches ?? 0)} / ${first.messages + (second?.messages ?? 0)}`,
      `  items returned for retry         ${first.returned + (second?.returned ?? 0)}`,
      `  poisoned in the first pass       ${poisoned.size}`,
      `  DLQ before redrive / redriven    ${dlqBefore} / ${redriven.moved}`,
      `  DLQ after redrive and drain      ${dlqAfter}`,
      `  findings stored (distinct keys)  ${keys.size} (expected ${EVENTS})`,
      `  finding object versions          ${versions.length} (duplicates: ${duplicates})`,
      `  lost events                      ${lost}`,
      `  rejected inputs                  ${rejected.length}`,
      `  broken finding chains            ${broken.length}`,
      `  alerts published                 ${alerts.length} (status changes in the chains: ${expectedAlerts}; ${inOrderTransitions(events)} had every event arrived in order)`,
      `  topics alerted wrongly           ${topicsAlertedWrong.length}`,
      `  state rows / wrong final state   ${rows.length} / ${stateWrong.length}`,
      `  processing time                  ${processSeconds.toFixed(1)} s (send + first pass, ${WORKERS} pollers)`,
      `  throughput                       ${(EVENTS / processSeconds).toFixed(1)} events/s`,
      `  total run time                   ${total.toFixed(1)} s`,
      `  result                           ${ok ? 'PASS: 0 lost, 0 duplicated' : 'FAIL'}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return ok ? 0 : 1;
  } finally {
    for (const runtime of runtimes) runtime.destroy();
    sqs.destroy();
    s3.destroy();
    dynamodb.destroy();
    await proxy.close();
    await moto.stop();
  }
}

process.exitCode = await main();
