import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { DynamoDbSweepStore } from '#shared/sweep/dynamodb-sweep-store';
import type { SweepStatus, SweepStore } from '#shared/sweep/sweep-store';
import { CliUsageError, type Command, EXIT, exitForKnownError, parseCommandArgs } from '../command';
import type { CliIo } from '../io';

const OPTIONS = {
  table: { type: 'string', short: 't' },
  sweep: { type: 'string' },
  json: { type: 'boolean' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil sweep status --table TABLE [--sweep ID] [--json] [--region R] [--endpoint-url URL]

Shows a sweep as the state table records it (the newest one unless --sweep names another): when it
started, whether every shard (account, region, resource type) completed, resources judged, resources it
could not read, and each shard still open with its failed attempts and last error. The sweep before the
newest is shown too when the newest is still running, so an incomplete sweep is never hidden behind the
next one.

Options:
  -t, --table TABLE     the Vigil state table (stack output StateTableName)
      --sweep ID        this sweep instead of the newest
      --json            print the status as JSON
      --region R        AWS region (default: AWS_REGION, else us-east-1)
      --endpoint-url U  send DynamoDB calls to this endpoint (local AWS)
  -h, --help            show this help

Exit codes: 0 the sweep completed and read every resource, 1 it is incomplete (still running, or shards
failed) or left resources unread, 2 bad input, no sweep recorded, or the table cannot be read.
`;

/** How `vigil sweep` reaches the state table; replaced in tests. */
export interface SweepCommandDependencies {
  readonly openStore?: (
    table: string,
    settings: { readonly region: string; readonly endpoint?: string },
  ) => SweepStore;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The human-readable status of one sweep. */
export function formatSweepStatus(status: SweepStatus): string {
  const { sweep, shards, failures } = status;
  const open = shards.filter((shard) => shard.status !== 'done');
  const lines = [
    `sweep ${sweep.sweepId} (${sweep.source}), started ${sweep.startedAt}: ${
      sweep.status === 'complete' ? `complete at ${sweep.completedAt ?? '?'}` : 'NOT COMPLETE'
    }`,
    `  shards   ${sweep.shardsDone}/${sweep.shardsPlanned} done across ${plural(
      new Set(shards.map((shard) => shard.accountId)).size,
      'account',
    )} and ${plural(new Set(shards.map((shard) => shard.region)).size, 'region')}`,
    `  judged   ${plural(sweep.items + open.reduce((total, shard) => total + shard.items, 0), 'resource')}, ${plural(
      sweep.evaluations + open.reduce((total, shard) => total + shard.evaluations, 0),
      'evaluation',
    )}`,
    `  unread   ${plural(failures.length, 'resource')}`,
  ];
  if (sweep.unsweptTypes.length > 0)
    lines.push(`  not swept (the source cannot read them): ${sweep.unsweptTypes.join(', ')}`);
  const retried = shards.filter((shard) => shard.status === 'done' && shard.attempts > 0);
  if (retried.length > 0) lines.push(`  ${plural(retried.length, 'shard')} completed after failed attempts`);
  if (open.length > 0) {
    lines.push('', 'open shards (account region type: pages done/queued, failed attempts, last error):');
    for (const shard of open.slice(0, 50))
      lines.push(
        `  ${shard.accountId} ${shard.region} ${shard.resourceType}: ${shard.pagesDone}/${shard.pagesQueued}, ${shard.attempts}${
          shard.lastError === undefined ? '' : `, ${shard.lastError} (${shard.lastErrorAt ?? '?'})`
        }`,
      );
    if (open.length > 50) lines.push(`  … and ${open.length - 50} more`);
  }
  if (failures.length > 0) {
    lines.push('', 'resources not read:');
    for (const failure of failures.slice(0, 20))
      lines.push(`  ${failure.shard}: ${failure.scope}: ${failure.message}`);
    if (failures.length > 20) lines.push(`  … and ${failures.length - 20} more`);
  }
  return `${lines.join('\n')}\n`;
}

/** `vigil sweep status`: the newest (or a named) sweep's progress; exit 0 complete and clean, 1 otherwise. */
export async function runSweepCommand(
  argv: readonly string[],
  io: CliIo,
  dependencies: SweepCommandDependencies = {},
): Promise<number> {
  const clients: DynamoDBClient[] = [];
  try {
    const [subcommand, ...rest] = argv;
    if (subcommand === '--help' || subcommand === '-h' || subcommand === undefined) {
      (subcommand === undefined ? io.stderr : io.stdout).write(HELP);
      return subcommand === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (subcommand !== 'status')
      throw new CliUsageError(`sweep: unknown subcommand '${subcommand}' (try: vigil sweep status)`);
    const { values } = parseCommandArgs('sweep status', rest, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    if (values.table === undefined || values.table === '')
      throw new CliUsageError('sweep status: --table is required');
    const settings = {
      region: values.region ?? io.env.AWS_REGION ?? 'us-east-1',
      ...(values['endpoint-url'] === undefined ? {} : { endpoint: values['endpoint-url'] }),
    };
    const store =
      dependencies.openStore?.(values.table, settings) ??
      (() => {
        const client = new DynamoDBClient({ ...sdkRetryConfig(), ...settings });
        clients.push(client);
        return new DynamoDbSweepStore({ client, table: values.table });
      })();
    const wanted = values.sweep ?? (await store.latest(1))[0]?.sweepId;
    if (wanted === undefined) throw new CliUsageError(`sweep status: no sweep recorded in ${values.table}`);
    const status = await store.status(wanted);
    if (status === undefined) throw new CliUsageError(`sweep status: no sweep ${wanted} in ${values.table}`);
    // A newest sweep still running does not hide an earlier one that never completed.
    const earlier =
      values.sweep === undefined && status.sweep.status !== 'complete'
        ? (await store.latest(2))[1]
        : undefined;
    const earlierStatus = earlier === undefined ? undefined : await store.status(earlier.sweepId);
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ ...status, ...(earlierStatus === undefined ? {} : { previous: earlierStatus }) }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(formatSweepStatus(status));
      if (earlierStatus !== undefined)
        io.stdout.write(`\nthe sweep before it:\n${formatSweepStatus(earlierStatus)}`);
    }
    return status.sweep.status === 'complete' && status.failures.length === 0 ? EXIT.OK : EXIT.FINDINGS;
  } catch (error) {
    return exitForKnownError(io, error, EXIT.USAGE);
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** The `sweep` entry of the command table. */
export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'show whether the newest (or a named) sweep completed, shard by shard',
  help: HELP,
  run: runSweepCommand,
};
