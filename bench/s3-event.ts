import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { parseConfig } from '#shared/config';
import { cloudTrailEvent, sqsBatch } from '#shared/local/events';
import {
  awsClientConfig,
  type MotoServer,
  s3ClientConfig,
  startMotoServer,
  uniqueName,
} from '#shared/local/moto';
import { deployPipelineStack, pipelineEnv } from '#shared/local/pipeline-stack';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { createRuntime } from '#shared/pipeline/runtime';
import { CallCounter } from './call-counter';
import {
  type BenchOptions,
  type BenchResult,
  type BenchSection,
  formatCount,
  formatDuration,
  runChildReport,
} from './section';

const THIS_FILE = fileURLToPath(import.meta.url);
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** CreateBucket calls in flight while seeding (moto is one Python process; more only queues there). */
const SEED_CONCURRENCY = 16;

/** What the child process reports about the events it evaluated, first (cold) and second (warm). */
interface EventChildReport {
  readonly events: readonly {
    readonly ms: number;
    readonly calls: Readonly<Record<string, number>>;
    readonly failures: number;
  }[];
}

/**
 * Child side: build the runtime from the environment the way a fresh evaluator container does, then feed it
 * two CloudTrail `PutBucketVersioning` events about the same bucket a minute apart through the evaluator
 * handler, and print the AWS calls and wall time of each as JSON on stdout.
 */
async function child(bucket: string): Promise<void> {
  const { evaluate } = await import('#functions/evaluator');
  const endpoint = process.env.AWS_ENDPOINT_URL ?? '';
  const runtime = createRuntime(parseConfig(process.env), {
    endpoint,
    credentials: awsClientConfig(endpoint).credentials,
  });
  const counter = new CallCounter();
  counter.start();
  const start = Date.now();
  try {
    const events: EventChildReport['events'][number][] = [];
    for (const minute of [0, 1]) {
      const event = cloudTrailEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketVersioning',
        accountId: ACCOUNT,
        region: REGION,
        eventTime: new Date(start + minute * 60_000).toISOString(),
        requestParameters: { bucketName: bucket, VersioningConfiguration: { Status: 'Enabled' } },
      });
      counter.take();
      const started = performance.now();
      const response = await evaluate(sqsBatch([event]), runtime);
      const ms = performance.now() - started;
      events.push({
        ms,
        calls: Object.fromEntries([...counter.take()].map(([key, tally]) => [key, tally.calls])),
        failures: response.batchItemFailures.length,
      });
    }
    process.stdout.write(`${JSON.stringify({ events } satisfies EventChildReport)}\n`);
  } finally {
    counter.stop();
    runtime.destroy();
  }
}

/**
 * Creates `count` buckets through the real API; the first is versioned and replicates (same region) to the
 * second, which is versioned too. Returns the source bucket's name.
 */
async function seedBuckets(endpoint: string, prefix: string, count: number): Promise<string> {
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const name = (index: number) => `${prefix}-${index.toString().padStart(5, '0')}`;
  try {
    await mapWithConcurrency(
      Array.from({ length: count }, (_, index) => index),
      SEED_CONCURRENCY,
      (index) => s3.send(new CreateBucketCommand({ Bucket: name(index) })),
    );
    for (const index of [0, 1]) {
      await s3.send(
        new PutBucketVersioningCommand({
          Bucket: name(index),
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      );
    }
    await s3.send(
      new PutBucketReplicationCommand({
        Bucket: name(0),
        ReplicationConfiguration: {
          Role: `arn:aws:iam::${ACCOUNT}:role/s3-replication`,
          Rules: [
            {
              ID: 'all',
              Status: 'Enabled',
              Prefix: '',
              Destination: { Bucket: `arn:aws:s3:::${name(1)}` },
            },
          ],
        },
      }),
    );
    return name(0);
  } finally {
    s3.destroy();
  }
}

function total(calls: Readonly<Record<string, number>>): number {
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}

function callLine(calls: Readonly<Record<string, number>>): string {
  return Object.entries(calls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} ${formatCount(count)}`)
    .join(', ');
}

/** The scenarios: the catalog with default parameters, and with the replication rule judging destinations. */
const SCENARIOS = [
  { label: 'default parameters', parameters: undefined },
  {
    label: 'ReplicationType SAME-REGION',
    parameters: { 's3-bucket-replication-enabled': { ReplicationType: 'SAME-REGION' } },
  },
] as const;

async function run(options: BenchOptions): Promise<BenchResult> {
  const count = options.quick ? 100 : 1_000;
  options.log('starting moto and deploying the evidence bucket, state table and alert topic');
  const moto: MotoServer = await startMotoServer();
  try {
    const stack = await deployPipelineStack(moto.endpoint, { name: uniqueName('bench-s3ev') });
    options.log(
      `seeding ${formatCount(count)} S3 buckets (${SEED_CONCURRENCY} CreateBucket calls in flight)`,
    );
    const seedStarted = performance.now();
    const source = await seedBuckets(moto.endpoint, uniqueName('vigil-s3ev'), count);
    const seedMs = performance.now() - seedStarted;
    const rows: BenchResult['rows'][number][] = [
      { figure: `seed ${formatCount(count)} buckets through the API`, measured: formatDuration(seedMs) },
    ];
    const notes: string[] = [];
    for (const scenario of SCENARIOS) {
      options.log(`one S3 event in a fresh evaluator, then another (${scenario.label})`);
      const report = await runChildReport<EventChildReport>(THIS_FILE, ['--child', source], {
        ...pipelineEnv(stack),
        INVENTORY_SOURCE: 'describe',
        ...(scenario.parameters === undefined
          ? {}
          : { RULE_PARAMETERS: JSON.stringify(scenario.parameters) }),
      });
      for (const [index, event] of report.events.entries()) {
        const phase = index === 0 ? 'cold' : 'warm';
        rows.push({
          figure: `${scenario.label}, ${phase}: AWS calls / wall time`,
          measured: `${formatCount(total(event.calls))} / ${formatDuration(event.ms)}`,
        });
        notes.push(`${scenario.label}, ${phase} calls: ${callLine(event.calls)}`);
        if (event.failures > 0)
          notes.push(`${scenario.label}, ${phase}: ${event.failures} message(s) failed`);
      }
    }
    return {
      rows,
      notes: [
        `account: ${formatCount(count)} buckets seeded through CreateBucket plus the stack's evidence bucket; the event's bucket is versioned and replicates to one other bucket (same region); INVENTORY_SOURCE=describe, every rule of the catalog enabled`,
        'each scenario in a fresh Node process: cold = the first CloudTrail PutBucketVersioning event of a new evaluator container (empty inventory cache), warm = the same event a minute later in the same container',
        ...notes,
      ],
    };
  } finally {
    await moto.stop();
  }
}

/** One S3 CloudTrail event in an account of 1,000 buckets on moto: AWS calls and time, cold and warm. */
export const s3EventSection: BenchSection = {
  name: 's3-event',
  description: 'one S3 CloudTrail event in a 1,000-bucket account in moto: AWS calls and time, cold and warm',
  run,
};

if (process.argv[2] === '--child') await child(process.argv[3] ?? '');
