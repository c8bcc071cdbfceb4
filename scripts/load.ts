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
import { ChainChecker, type Finding, parseBatch } from '#shared/evidence/finding';
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

/** What the stored batch objects hold, per topic, and what is wrong with them. */
interface StoredEvidence {
  /** Each topic's findings in chain order. */
  readonly chains: Map<string, Finding[]>;
  /** `<topic>@<capture time>` of every item kept as a finding or an attestation. */
  readonly kept: Set<string>;
  readonly findings: number;
  readonly attestations: number;
  /** Finding lines whose exact finding is stored again elsewhere (a claim stored twice). */
  readonly repeatedFindings: number;
  /** Attestation lines stored again (a redelivered unchanged item is attested again: harmless). */
  readonly repeatedAttestations: number;
  /** Per topic, the newest capture time a change event attested (it moves the row's capture time). */
  readonly newestAttested: Map<string, string>;
  /** Unreadable lines and objects. */
  readonly unreadable: string[];
  /** What the chain checker found wrong (gaps, forks, broken links, attested heads not in the chain). */
  readonly chainProblems: string[];
}

function topicOf(resource: { readonly resourceName?: string; readonly resourceId: string }): string {
  return resource.resourceName ?? resource.resourceId;
}

/** Reads every batch object, parses each line (hash checked) and checks every resource–rule chain. */
async function readEvidence(s3: S3Client, bucket: string, keys: readonly string[]): Promise<StoredEvidence> {
  const bodies = await mapWithConcurrency(keys, 16, async (key) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { key, body: (await object.Body?.transformToString()) ?? '' };
  });
  const checker = new ChainChecker();
  const chains = new Map<string, Finding[]>();
  const kept = new Set<string>();
  const findingHashes = new Set<string>();
  const attestationHashes = new Set<string>();
  const newestAttested = new Map<string, string>();
  const unreadable: string[] = [];
  let findings = 0;
  let attestations = 0;
  let repeatedFindings = 0;
  let repeatedAttestations = 0;
  for (const { key, body } of bodies) {
    const parsed = parseBatch(body);
    if (parsed.problem !== undefined) unreadable.push(`${key}: ${parsed.problem}`);
    for (const line of parsed.lines) {
      if (!('record' in line)) {
        unreadable.push(`${key}:${line.line}: ${line.problem}`);
        continue;
      }
      const { record } = line;
      const topic = topicOf(record.resource);
      kept.add(`${topic}@${record.configurationItem.captureTime}`);
      if (record.kind === 'attestation') {
        attestations++;
        const attestedTime = record.configurationItem.captureTime;
        if (record.source.trigger !== 'sweep' && (newestAttested.get(topic) ?? '') < attestedTime) {
          newestAttested.set(topic, attestedTime);
        }
        if (attestationHashes.has(record.hash)) repeatedAttestations++;
        attestationHashes.add(record.hash);
        checker.addAttestation(record, `${key}:${line.line}`);
        continue;
      }
      findings++;
      if (findingHashes.has(record.hash)) {
        repeatedFindings++;
        continue;
      }
      findingHashes.add(record.hash);
      checker.addFinding(record, `${key}:${line.line}`);
      chains.set(topic, [...(chains.get(topic) ?? []), record]);
    }
  }
  for (const chain of chains.values()) chain.sort((a, b) => a.sequence - b.sequence);
  return {
    chains,
    kept,
    findings,
    attestations,
    repeatedFindings,
    repeatedAttestations,
    newestAttested,
    unreadable,
    chainProblems: checker.problems().map((problem) => `${problem.chainId}: ${problem.detail}`),
  };
}

/** Status changes of one chain in the order it was written (see {@link countChanges}). */
function chainChanges(chain: readonly Finding[]): number {
  return countChanges(
    chain.map((finding) => ({
      captureTime: finding.configurationItem.captureTime,
      failing: finding.compliance === 'NON_COMPLIANT',
    })),
  );
}

/** The status and capture time a state row must hold after its chain: stale findings change neither. */
function replayChain(chain: readonly Finding[]): { compliance: string; captureTime: string } {
  let compliance = '';
  let captureTime = '';
  for (const finding of chain) {
    if (finding.configurationItem.captureTime < captureTime) continue;
    compliance = finding.compliance;
    captureTime = finding.configurationItem.captureTime;
  }
  return { compliance, captureTime };
}

interface StateRow {
  readonly topic: string;
  readonly captureTime: string;
  readonly compliance: string;
  /** Key of the batch a claim of this row is pending in (stored or not). */
  readonly pendingKey?: string;
}

async function readStateRows(dynamodb: DynamoDBClient, table: string): Promise<StateRow[]> {
  const rows: StateRow[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: table, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }),
    );
    for (const item of page.Items ?? []) {
      if (item.sk?.S !== 'resource' || item.resourceType?.S !== 'AWS::SNS::Topic') continue;
      const resourceId = item.resourceId?.S ?? '';
      const pendingKey = item.pending?.M?.key?.S;
      rows.push({
        topic: resourceId.slice(resourceId.lastIndexOf(':') + 1),
        captureTime: item.captureTime?.S ?? '',
        compliance: item.rules?.M?.[TOPIC_RULE]?.M?.compliance?.S ?? '',
        ...(pendingKey === undefined ? {} : { pendingKey }),
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
    const keys = new Set(versions.flatMap((version) => (version.Key === undefined ? [] : [version.Key])));
    const rejected = await allVersions(s3, stack.bucket, 'rejected/');
    const alerts = await drainAlerts(stack);
    log(`reading ${keys.size} batch objects to replay each chain`);
    const evidence = await readEvidence(s3, stack.bucket, [...keys]);
    const expectedByTopic = new Map(
      [...evidence.chains].map(([topic, chain]) => [topic, chainChanges(chain)]),
    );
    const expectedAlerts = [...expectedByTopic.values()].reduce((sum, count) => sum + count, 0);
    // Alerts go out before their batch is written: a put that fails after them repeats them on recovery,
    // naming the same finding. Count each (topic, finding) once.
    const alertsByTopic = new Map<string, Set<string>>();
    for (const alert of alerts) {
      const topic = /:(load-topic-\d{5})/.exec(alert.message)?.[1] ?? '?';
      const hash = /SHA-256:\s+([0-9a-f]{64})/.exec(alert.message)?.[1] ?? alert.message;
      alertsByTopic.set(topic, new Set([...(alertsByTopic.get(topic) ?? []), hash]));
    }
    const distinctAlerts = [...alertsByTopic.values()].reduce((sum, hashes) => sum + hashes.size, 0);
    const topicsAlertedWrong = [...new Set([...expectedByTopic.keys(), ...alertsByTopic.keys()])].filter(
      (topic) => (alertsByTopic.get(topic)?.size ?? 0) !== (expectedByTopic.get(topic) ?? 0),
    );
    const newest = new Map<string, PlannedEvent>();
    for (const event of events) {
      const current = newest.get(event.topic);
      if (current === undefined || current.captureTime < event.captureTime) newest.set(event.topic, event);
    }
    const rows = await readStateRows(dynamodb, stack.table);
    // Each row must be its chain replayed: the status of the newest finding that was not stale when written,
    // and the newest capture time of those findings and of the change events' attestations (which move it).
    const stateWrong = rows.filter((row) => {
      const replayed = replayChain(evidence.chains.get(row.topic) ?? []);
      const attested = evidence.newestAttested.get(row.topic) ?? '';
      const captureTime = attested > replayed.captureTime ? attested : replayed.captureTime;
      return row.compliance !== replayed.compliance || row.captureTime !== captureTime;
    });
    // Should be 0: an unchanged item now moves the row's capture time, so an older change delivered after it
    // is stale. Printed for information (a sweep's attestations do not move it).
    const behindNewest = rows.filter((row) => {
      const latest = newest.get(row.topic);
      return latest === undefined || row.compliance !== (latest.encrypted ? 'COMPLIANT' : 'NON_COMPLIANT');
    });
    const unstored = rows.filter((row) => row.pendingKey !== undefined && !keys.has(row.pendingKey));
    const stats = proxy.stats();
    const lost = events.filter((event) => !evidence.kept.has(`${event.topic}@${event.captureTime}`)).length;
    const overwritten = versions.length - keys.size;
    const ok =
      lost === 0 &&
      overwritten === 0 &&
      evidence.repeatedFindings === 0 &&
      evidence.unreadable.length === 0 &&
      rejected.length === 0 &&
      distinctAlerts === expectedAlerts &&
      topicsAlertedWrong.length === 0 &&
      evidence.chainProblems.length === 0 &&
      rows.length === RESOURCES &&
      stateWrong.length === 0 &&
      unstored.length === 0 &&
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
      `  batch objects / versions         ${keys.size} / ${versions.length} (overwritten: ${overwritten})`,
      `  findings / attestations stored   ${evidence.findings} / ${evidence.attestations} (events kept: ${EVENTS - lost} of ${EVENTS})`,
      `  findings stored twice            ${evidence.repeatedFindings}`,
      `  attestations repeated            ${evidence.repeatedAttestations} (redelivered unchanged items)`,
      `  unreadable lines                 ${evidence.unreadable.length}`,
      `  lost events                      ${lost}`,
      `  rejected inputs                  ${rejected.length}`,
      `  chain problems                   ${evidence.chainProblems.length}${evidence.chainProblems.length === 0 ? '' : ` (e.g. ${evidence.chainProblems[0]})`}`,
      `  alerts published / distinct     ${alerts.length} / ${distinctAlerts} (status changes in the chains: ${expectedAlerts}; ${inOrderTransitions(events)} had every event arrived in order)`,
      `  topics alerted wrongly           ${topicsAlertedWrong.length}`,
      `  claims pending unstored          ${unstored.length}`,
      `  state rows / not their chain     ${rows.length} / ${stateWrong.length}`,
      `  rows whose status is not that of the newest event: ${behindNewest.length} (an older change delivered after an attested newer item)`,
      `  processing time                  ${processSeconds.toFixed(1)} s (send + first pass, ${WORKERS} pollers)`,
      `  throughput                       ${(EVENTS / processSeconds).toFixed(1)} events/s`,
      `  total run time                   ${total.toFixed(1)} s`,
      `  result                           ${ok ? 'PASS: 0 lost, 0 findings duplicated, every chain whole' : 'FAIL'}`,
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
