import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseConfig } from '#shared/config';
import { awsClientConfig, type MotoServer, startMotoServer, uniqueName } from '#shared/local/moto';
import { deployPipelineStack, pipelineEnv } from '#shared/local/pipeline-stack';
import { createSweepRuntime, type SweepRuntime } from '#shared/sweep/sweep-runtime';
import { createSweepQueue, drainSweepQueue } from '#test/support/sweep-queue-driver';
import { CallCounter, isEvidenceOrStateWrite } from './call-counter';
import {
  type BenchOptions,
  type BenchResult,
  type BenchSection,
  formatCount,
  formatDuration,
  runChildReport,
} from './section';
import {
  createMemberRoles,
  evidencePerResource,
  exactlyOnce,
  memberAccounts,
  pageSizes,
  SWEPT_RULE,
  SWEPT_TYPE,
  seedLogGroups,
  stateRowsPerResource,
  stopAlertDelivery,
} from './sweep-estate';
import { sealExportVerify } from './sweep-evidence';

const THIS_FILE = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
/** The central account: moto's default account, where the evidence bucket, state table and queues live. */
const CENTRAL_ACCOUNT = '123456789012';
/** Member accounts of the bench's organization. */
const MEMBER_COUNT = 4;
/** Regions swept in every member account; the first is the home region (and the central stack's). */
const MEMBER_REGIONS = ['us-east-1', 'eu-west-1'] as const;
/** The member read-only role's name (the construct's default `memberRoleName`). */
const MEMBER_ROLE_NAME = 'VigilMemberReadOnly';
const EXTERNAL_ID = 'vigil-bench-external-id';
/** The sweep worker's timeout: the construct's `sweepWorkerTimeout` default. */
const WORKER_TIMEOUT_SECONDS = 5 * 60;
/**
 * How long a received page stays hidden: the sweep queue's visibility timeout, six times the worker's, so
 * a slow page is not delivered twice.
 */
const VISIBILITY_TIMEOUT_SECONDS = 6 * WORKER_TIMEOUT_SECONDS;
/**
 * Pause of an idle poller before it asks the queue again: while every FIFO group is busy, pollers asking
 * every 20 ms made a third of moto's requests, slowing the calls the sweep itself makes.
 */
const IDLE_POLL_MS = 200;
/** Calls the SQS event source makes, not the function: left out of the function's calls. */
const EVENT_SOURCE_CALLS = new Set([
  'SQS ReceiveMessage',
  'SQS DeleteMessage',
  'SQS ChangeMessageVisibility',
]);

/** What the child process reports about one sweep. */
interface SweepChildReport {
  readonly sweepId: string;
  readonly status: string;
  readonly shardsPlanned: number;
  readonly shardsDone: number;
  readonly items: number;
  readonly evaluations: number;
  readonly failures: readonly { readonly scope: string; readonly message: string }[];
  /** Planning (the planner handler) alone, and the whole sweep (planning to the queue drained). */
  readonly planMs: number;
  readonly ms: number;
  readonly invocations: number;
  readonly retried: number;
  readonly deadLetters: number;
  readonly longestInvocationMs: number;
  /** Worker containers that ran at least one invocation. */
  readonly containers: number;
  /** Distinct (container, member account) pairs among the invocations: the AssumeRole calls expected. */
  readonly containerAccounts: number;
  /** RSS once the handlers and runtimes are loaded, before the sweep starts. */
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  /** AWS calls the planner and the workers made, by `<client> <command>`. */
  readonly calls: Readonly<Record<string, number>>;
  /** Calls of the SQS event source (the driver's polls, deletes and retries), left out of `calls`. */
  readonly eventSourceCalls: number;
}

/**
 * Child side: one planner container and `workers` worker containers, each a runtime built from the
 * environment the way a Lambda container builds it; the real planner handler plans one sweep and the real
 * worker handler drains the FIFO queue with at most `workers` invocations at once. Prints what it cost as
 * JSON on stdout.
 */
async function child(workers: number): Promise<void> {
  const { sweep } = await import('#functions/sweep');
  const endpoint = process.env.AWS_ENDPOINT_URL ?? '';
  const config = parseConfig(process.env);
  const settings = { endpoint, credentials: awsClientConfig(endpoint).credentials };
  const planner = createSweepRuntime(config, settings);
  const containers: SweepRuntime[] = Array.from({ length: workers }, () =>
    createSweepRuntime(config, settings),
  );
  const sqs = new SQSClient(awsClientConfig(endpoint));
  let peakHeapBytes = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
  }, 50);
  const rssBeforeBytes = process.memoryUsage().rss;
  const counter = new CallCounter();
  const used = new Set<number>();
  const pairs = new Set<string>();
  let longestInvocationMs = 0;
  counter.start();
  const started = performance.now();
  try {
    const planned = await sweep(
      {
        version: '0',
        id: `bench-sweep-${Date.now()}`,
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: CENTRAL_ACCOUNT,
        time: new Date().toISOString(),
        region: config.region,
        resources: [],
        detail: {},
      },
      planner,
    );
    const planMs = performance.now() - started;
    const drained = await drainSweepQueue({
      sqs,
      queueUrl: process.env.SWEEP_QUEUE_URL ?? '',
      runtime: (worker) => containers[worker] ?? planner,
      workers,
      idlePollMs: IDLE_POLL_MS,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      afterInvocation: ({ worker, body, ms }) => {
        used.add(worker);
        pairs.add(`${worker}|${(JSON.parse(body) as { accountId?: string }).accountId}`);
        longestInvocationMs = Math.max(longestInvocationMs, ms);
      },
    });
    const ms = performance.now() - started;
    const tallies = counter.take();
    const status = await planner.sweeps.status(planned.sweepId);
    const calls = [...tallies].filter(([key]) => !EVENT_SOURCE_CALLS.has(key));
    const result: SweepChildReport = {
      sweepId: planned.sweepId,
      status: status?.sweep.status ?? 'missing',
      shardsPlanned: status?.sweep.shardsPlanned ?? 0,
      shardsDone: status?.sweep.shardsDone ?? 0,
      items: status?.sweep.items ?? 0,
      evaluations: status?.sweep.evaluations ?? 0,
      failures: [
        ...(status?.failures ?? []),
        ...drained.deadLetters.map((body) => ({ scope: 'dead letter', message: body })),
      ].slice(0, 5),
      planMs,
      ms,
      invocations: drained.invocations,
      retried: drained.retried,
      deadLetters: drained.deadLetters.length,
      longestInvocationMs,
      containers: used.size,
      containerAccounts: pairs.size,
      rssBeforeBytes,
      // maxRSS is in kilobytes.
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      peakHeapBytes,
      calls: Object.fromEntries(calls.map(([key, tally]) => [key, tally.calls])),
      eventSourceCalls: [...tallies]
        .filter(([key]) => EVENT_SOURCE_CALLS.has(key))
        .reduce((total, [, tally]) => total + tally.calls, 0),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    counter.stop();
    clearInterval(sampler);
    for (const runtime of [planner, ...containers]) runtime.destroy();
    sqs.destroy();
  }
}

/** Runs one sweep in a fresh Node process, so its memory figures are the sweep's own. */
function sweepInChild(env: Readonly<Record<string, string>>, workers: number): Promise<SweepChildReport> {
  return runChildReport<SweepChildReport>(THIS_FILE, ['--child', String(workers)], env);
}

/** Calls of a sweep per resource: all of them, and the evidence and state writes among them. */
function perResource(
  report: SweepChildReport,
  resources: number,
): { total: number; calls: number; writes: number; line: string } {
  const entries = Object.entries(report.calls);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const writes = entries
    .filter(([key]) => isEvidenceOrStateWrite(key))
    .reduce((sum, [, count]) => sum + count, 0);
  const line = entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} ${formatCount(count)}`)
    .join(', ');
  return { total, calls: total / Math.max(1, resources), writes: writes / Math.max(1, resources), line };
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(0)} MB`;
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const count = options.quick ? 1_000 : 10_000;
  // Loaded here, not at the top: the construct's module brings aws-cdk-lib, which `--list` need not load.
  const { DEFAULT_SWEEP_SETTINGS } = await import('#infra/constructs/sweep');
  // As many worker invocations at once as the sweep worker's event source allows (`sweepWorkerConcurrency`).
  const workers = DEFAULT_SWEEP_SETTINGS.workerConcurrency;
  options.log(
    'starting moto; deploying the central evidence bucket, state table, alert topic and sweep queue',
  );
  const moto: MotoServer = await startMotoServer();
  try {
    const stack = await deployPipelineStack(moto.endpoint, { name: uniqueName('bench-sweep') });
    const sqs = new SQSClient(awsClientConfig(moto.endpoint));
    const queueUrl = await createSweepQueue(sqs, uniqueName('bench-sweep-pages'));
    sqs.destroy();
    await stopAlertDelivery(stack);
    const members = await memberAccounts(moto.endpoint, MEMBER_COUNT, MEMBER_REGIONS);
    const accounts = members.map((member) => member.accountId);
    const places = accounts.length * MEMBER_REGIONS.length;
    options.log(
      `creating ${MEMBER_ROLE_NAME} in ${accounts.length} member accounts (${accounts.join(', ')})`,
    );
    await createMemberRoles(members, {
      roleName: MEMBER_ROLE_NAME,
      externalId: EXTERNAL_ID,
      centralAccountId: CENTRAL_ACCOUNT,
    });
    options.log(
      `seeding ${formatCount(count)} log groups over ${accounts.length} accounts × ${MEMBER_REGIONS.length} regions`,
    );
    const seedStarted = performance.now();
    const seeded = await seedLogGroups(members, `/vigil/${uniqueName('bench')}`, count).finally(() => {
      for (const member of members) for (const place of member.regions) place.destroy();
    });
    const seedMs = performance.now() - seedStarted;
    const env = {
      ...pipelineEnv(stack),
      ENABLED_RULES: SWEPT_RULE,
      INVENTORY_SOURCE: 'describe',
      SWEEP_QUEUE_URL: queueUrl,
      MEMBER_ROLE_NAME,
      MEMBER_EXTERNAL_ID: EXTERNAL_ID,
      MEMBER_ACCOUNTS: accounts.join(','),
      MEMBER_REGIONS: MEMBER_REGIONS.join(','),
    };
    // SWEEP_CONCURRENCY, SWEEP_PAGE_SIZE and SWEEP_PAGES_PER_SERVICE are left unset: their defaults are
    // what the stack deploys.
    const config = parseConfig(env);
    options.log(
      `sweeping them in a child process: ${workers} worker containers, SWEEP_PAGE_SIZE=${config.sweepPageSize}, ` +
        `SWEEP_CONCURRENCY=${config.sweepConcurrency}, SWEEP_PAGES_PER_SERVICE=${config.sweepPagesPerService}`,
    );
    const sweptFrom = new Date();
    const first = await sweepInChild(env, workers);
    const pages = await pageSizes(stack, first.sweepId);
    options.log('sweeping the unchanged estate again');
    const again = await sweepInChild(env, workers);
    const sweptTo = new Date();
    options.log('counting findings, attestations and state rows per seeded log group');
    const evidence = await evidencePerResource(stack);
    const findings = exactlyOnce(seeded, evidence.findings);
    const attested = exactlyOnce(seeded, evidence.attestations);
    const states = exactlyOnce(seeded, await stateRowsPerResource(stack));
    const firstCalls = perResource(first, count);
    const againCalls = perResource(again, count);
    const largestPage = Math.max(0, ...pages);
    const assumeRoles = first.calls['STS AssumeRole'] ?? 0;
    const againAssumeRoles = again.calls['STS AssumeRole'] ?? 0;
    const once =
      first.status === 'complete' &&
      first.items === count &&
      first.evaluations === count &&
      findings.ok &&
      states.ok &&
      evidence.misplaced === 0 &&
      first.failures.length === 0;
    options.log('sealing the run’s hours, exporting the organization and verifying the bundle (key pinned)');
    const sealed = await sealExportVerify(stack, {
      centralAccountId: CENTRAL_ACCOUNT,
      memberAccounts: accounts,
      memberRegions: [...MEMBER_REGIONS],
      from: sweptFrom.toISOString(),
      to: sweptTo.toISOString(),
    });
    const memberChains = accounts.flatMap((account) =>
      MEMBER_REGIONS.map((region) => `${account}/${region}`),
    );
    const chainsSealed = memberChains.every((chain) => sealed.chains.includes(chain));
    const listed =
      accounts.every((account) => sealed.summaryAccounts.some((entry) => entry.accountId === account)) &&
      sealed.reportAccounts.length === accounts.length;
    const shards = `${formatCount(first.shardsDone)}/${formatCount(first.shardsPlanned)} shards`;
    return {
      rows: [
        {
          figure: `seed ${formatCount(count)} log groups (${accounts.length} accounts × ${MEMBER_REGIONS.length} regions)`,
          measured: formatDuration(seedMs),
        },
        { figure: `sweep ${formatCount(count)} resources: wall time`, measured: formatDuration(first.ms) },
        { figure: 'sweep throughput', measured: `${formatCount((count / first.ms) * 1000)} resources/s` },
        {
          figure: 'worker invocations (containers used)',
          measured: `${formatCount(first.invocations)} (${first.containers})`,
        },
        {
          figure: 'largest page: resources judged by one invocation',
          measured: formatCount(largestPage),
          target: `≤ ${config.sweepPageSize} (SWEEP_PAGE_SIZE)`,
          ok: largestPage <= config.sweepPageSize && pages.length > 0,
        },
        {
          figure: 'longest worker invocation',
          measured: formatDuration(first.longestInvocationMs),
          target: `≤ ${WORKER_TIMEOUT_SECONDS / 60} min (worker timeout)`,
          ok: first.longestInvocationMs <= WORKER_TIMEOUT_SECONDS * 1000,
        },
        {
          figure: 'STS AssumeRole calls',
          measured: formatCount(assumeRoles),
          target: `= ${first.containerAccounts} (container × account)`,
          ok: assumeRoles === first.containerAccounts && againAssumeRoles === again.containerAccounts,
        },
        {
          figure: 'every seeded resource evaluated exactly once, in its account and region',
          measured: once
            ? `${formatCount(first.evaluations)}/${formatCount(count)}`
            : `${first.status}, ${shards}, items ${formatCount(first.items)}, findings off ${findings.wrong}+${findings.extra}, state off ${states.wrong}+${states.extra}, misplaced ${evidence.misplaced}, failures ${first.failures.length}`,
          target: 'all, once',
          ok: once,
        },
        {
          figure: 'first sweep: AWS calls / evidence+state writes per resource',
          measured: `${firstCalls.calls.toFixed(2)} / ${firstCalls.writes.toFixed(2)}`,
        },
        { figure: 'sweep of the unchanged estate: wall time', measured: formatDuration(again.ms) },
        {
          figure: 'unchanged estate: AWS calls per resource (whole sweep)',
          measured: `${againCalls.calls.toFixed(2)} (${formatCount(againCalls.total)})`,
        },
        {
          figure: 'unchanged estate: evidence+state writes per resource',
          measured: againCalls.writes.toFixed(3),
          target: '≤ 0.2',
          ok: againCalls.writes <= 0.2,
        },
        {
          figure: 'unchanged estate: every resource attested once, no new finding',
          measured:
            attested.ok && findings.ok && again.status === 'complete'
              ? 'yes'
              : `attestations off ${attested.wrong}+${attested.extra}, ${again.status}`,
          target: 'yes',
          ok: attested.ok && findings.ok && again.status === 'complete',
        },
        {
          figure: `sweep process peak RSS (planner + ${workers} worker containers)`,
          measured: mb(first.peakRssBytes),
        },
        {
          figure: 'evidence: account–region chains sealed (digests)',
          measured: `${sealed.chains.length} (${sealed.digests})`,
          target: `every member chain (${memberChains.length})`,
          ok: chainsSealed,
        },
        { figure: 'evidence: sealer wall time', measured: formatDuration(sealed.sealMs) },
        {
          figure: 'org-wide vigil export: wall time',
          measured: `${formatDuration(sealed.exportMs)} (${formatCount(sealed.bundleFiles)} files, ${mb(sealed.bundleBytes)})`,
        },
        {
          figure: 'vigil verify of the bundle, key pinned: exit code',
          measured: `${sealed.verifyCode} in ${formatDuration(sealed.verifyMs)}`,
          target: '0',
          ok: sealed.exportCode === 0 && sealed.verifyCode === 0,
        },
        {
          figure: 'summary.json and report.html list each member account',
          measured: `${sealed.reportAccounts.length}/${accounts.length}`,
          target: 'all',
          ok: listed,
        },
      ],
      notes: [
        `organization: central account ${CENTRAL_ACCOUNT} (evidence bucket, state table, alert topic, FIFO sweep queue); members ${accounts.join(', ')} in ${MEMBER_REGIONS.join(', ')}, each with ${MEMBER_ROLE_NAME} trusted by the central account with an external id`,
        `seeded ${SWEPT_TYPE} through logs:CreateLogGroup with each member's assumed-role credentials (half kept 30 days: NON_COMPLIANT, half never expiring: COMPLIANT; the NON_COMPLIANT half alerts once each); swept with INVENTORY_SOURCE=describe, ENABLED_RULES=${SWEPT_RULE}, MEMBER_ROLE_NAME/MEMBER_EXTERNAL_ID/MEMBER_ACCOUNTS/MEMBER_REGIONS set and the sweep settings at their defaults`,
        `planned by the real planner handler (${shards}: one per account, region and type, ${places} here) in ${formatDuration(first.planMs)}; pages drained from the FIFO queue by the real worker handler, ${workers} at most at once (each poller its own container: runtime, clients, cached credentials), ${first.retried} retried, ${first.deadLetters} dead letters; ${pages.length} pages counted`,
        `first sweep calls (${formatCount(firstCalls.total)}): ${firstCalls.line}`,
        `unchanged sweep calls: ${againCalls.line}; AssumeRole ${againAssumeRoles} for ${again.containerAccounts} container × account pairs (${formatCount(evidence.objects)} evidence objects in the bucket after both sweeps)`,
        `calls exclude the SQS event source's receives and deletes (${formatCount(first.eventSourceCalls)} in the first sweep, idle polls included), which Lambda makes, not the function`,
        `sweep process RSS before the sweep ${mb(first.rssBeforeBytes)} (node + tsx + handlers + ${workers + 1} runtimes), peak ${mb(first.peakRssBytes)}, peak JS heap ${mb(first.peakHeapBytes)}: all ${workers} worker containers share that process, so one container's share is smaller; one invocation holds at most one page`,
        `evidence: ${sealed.sealRuns} sealer run${sealed.sealRuns === 1 ? '' : 's'} of the real handler (clock 15 min past each hour the sweeps wrote in, MEMBER_ACCOUNTS × MEMBER_REGIONS expected) sealed ${sealed.chains.join(', ')}; the central account's own chain has no evidence`,
        ...sealed.verifyLines.map((line) => `verify: ${line.trim()}`),
        `summary.json accounts: ${sealed.summaryAccounts
          .map(
            (entry) =>
              `${entry.accountId} (${entry.regions.join('+')}: ${formatCount(entry.evaluations)} evaluations, pass rate ${
                entry.passRate === null ? '–' : `${(entry.passRate * 100).toFixed(0)} %`
              })`,
          )
          .join(', ')}`,
        ...(sealed.errors === '' ? [] : [`export/verify stderr: ${sealed.errors}`]),
        ...first.failures.map((failure) => `failure: ${failure.scope}: ${failure.message}`),
      ],
    };
  } finally {
    await moto.stop();
  }
}

/** A sweep of an organization seeded in moto through the sharded path the stack deploys. */
export const sweepSection: BenchSection = {
  name: 'sweep',
  description:
    'sharded sweep of 10,000 resources over 4 member accounts × 2 regions in moto at the deployed settings (throughput, largest page, exactly once), then the org-wide export verified',
  run,
};

if (process.argv[2] === '--child') await child(Number(process.argv[3]));
