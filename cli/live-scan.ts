import { sdkRetryConfig } from '#shared/aws/client-settings';
import { createServiceClients } from '#shared/aws/service-clients';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import type { ResourceDescriber } from '#shared/describe/describer';
import { DESCRIBABLE_TYPES } from '#shared/describe/registry';
import type { ServiceClients } from '#shared/describe/service-clients';
import { VigilError } from '#shared/errors';
import { soc2Criteria } from '#shared/frameworks/soc2';
import type { Evaluation } from '#shared/rules/engine';
import type { Rule } from '#shared/rules/rule';
import { collectLiveItems, type LiveReadFailure } from '#shared/scan/live-collector';
import { SnapshotFileWriter } from '#shared/scan/snapshot-writer';
import { CliUsageError } from './command';
import type { CliIo } from './io';

/** Where and what a live scan reads, from the command line. */
export interface LiveScanOptions {
  /** A named profile of the shared AWS config and credentials files; the default chain otherwise. */
  readonly profile?: string;
  /** The region of the first calls (STS, DescribeRegions) and the default region to scan. */
  readonly region?: string;
  /** Regions to scan: names, or `all` for every region enabled in the account. */
  readonly regions?: readonly string[] | 'all';
  /** Resource types to read (default: every type the chosen rules judge or read). */
  readonly types?: readonly string[];
  /** An AWS-compatible endpoint for every service (e.g. a moto server). */
  readonly endpoint?: string;
  /** Describe calls in flight at once per region and type. */
  readonly concurrency: number;
}

/** What the live collection read and could not read. */
export interface LiveCollection {
  readonly accountId: string;
  readonly regions: readonly string[];
  readonly items: number;
  readonly failures: readonly LiveReadFailure[];
}

/** A live scan could not start (no credentials, no account id, regions unreadable). */
export class LiveScanError extends VigilError {
  override readonly name = 'LiveScanError';
}

/** Builds the service clients of one region (tests inject their own). */
export type RegionClients = (region: string) => ServiceClients;

const DEFAULT_REGION = 'us-east-1';

/** The region the SDK would pick from the environment, else us-east-1 (a live scan needs one to start). */
function startRegion(options: LiveScanOptions, env: Readonly<Record<string, string | undefined>>): string {
  return options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
}

/** Service clients that read with the default credential chain (or a profile), retries and timeouts. */
export function sdkRegionClients(options: LiveScanOptions): RegionClients {
  return (region) =>
    createServiceClients({
      settings: {
        ...sdkRetryConfig(),
        region,
        ...(options.profile === undefined ? {} : { profile: options.profile }),
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      },
      // Path-style addressing for an endpoint on an IP address (moto); S3 answers a wrong region with a redirect.
      serviceSettings: {
        s3: { forcePathStyle: options.endpoint !== undefined, followRegionRedirects: true },
      },
    });
}

/** The account the credentials belong to (STS GetCallerIdentity needs no permission). */
async function callerAccount(clients: ServiceClients): Promise<string> {
  const [sts, { GetCallerIdentityCommand }] = await Promise.all([
    clients.client('sts'),
    import('@aws-sdk/client-sts'),
  ]);
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  if (identity.Account === undefined) throw new LiveScanError('STS GetCallerIdentity returned no account id');
  return identity.Account;
}

/** Every region enabled for the account (EC2 DescribeRegions), for `--regions all`. */
async function enabledRegions(clients: ServiceClients): Promise<string[]> {
  const [ec2, { DescribeRegionsCommand }] = await Promise.all([
    clients.client('ec2'),
    import('@aws-sdk/client-ec2'),
  ]);
  const response = await ec2.send(new DescribeRegionsCommand({}));
  return (response.Regions ?? []).flatMap((region) => (region.RegionName ? [region.RegionName] : [])).sort();
}

/** Resource types the rules judge or read that Vigil can describe, limited to `--types` when given. */
export function liveTypes(rules: readonly Rule[], requested: readonly string[] | undefined): string[] {
  const needed = new Set(rules.flatMap((rule) => [...rule.resourceTypes, ...(rule.reads ?? [])]));
  if (requested === undefined || requested.length === 0) {
    return DESCRIBABLE_TYPES.filter((type) => needed.has(type));
  }
  const unknown = requested.filter((type) => !DESCRIBABLE_TYPES.includes(type));
  if (unknown.length > 0) {
    throw new CliUsageError(
      `scan: --types: cannot describe ${unknown.map((type) => `'${type}'`).join(', ')} (describable: ${DESCRIBABLE_TYPES.join(', ')})`,
    );
  }
  return requested.filter((type, index) => requested.indexOf(type) === index);
}

/**
 * Progress on stderr, one line per region and type: rewritten in place on a terminal, else one plain line
 * each (a scan of every region stays a few hundred lines in a log).
 */
function progressLine(io: CliIo): (text: string, done?: boolean) => void {
  return (text, done = false) => {
    if (io.stderrIsTTY) io.stderr.write(`\r\x1b[2K${text}${done ? '\n' : ''}`);
    else io.stderr.write(`${text}\n`);
  };
}

/**
 * Reads the account live, region by region and type by type, into a Config-snapshot-shaped file at
 * `snapshotPath` (what `vigil scan --snapshot` reads), and returns what could not be read.
 */
export async function collectLiveSnapshot(
  options: LiveScanOptions,
  resourceTypes: readonly string[],
  snapshotPath: string,
  io: CliIo,
  regionClients: RegionClients = sdkRegionClients(options),
): Promise<LiveCollection> {
  const first = startRegion(options, io.env);
  const firstClients = regionClients(first);
  let accountId: string;
  let regions: string[];
  try {
    accountId = await callerAccount(firstClients);
    regions =
      options.regions === 'all' ? await enabledRegions(firstClients) : [...(options.regions ?? [first])];
  } catch (error) {
    if (error instanceof LiveScanError) throw error;
    throw new LiveScanError(
      `cannot start: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} (credentials: ${options.profile === undefined ? 'the default chain' : `profile '${options.profile}'`})`,
      { cause: error },
    );
  }
  const describers = new Map<string, ResourceDescriber>();
  const describerFor = (region: string): ResourceDescriber => {
    let describer = describers.get(region);
    if (describer === undefined) {
      describer = new AwsResourceDescriber({ clients: regionClients(region), region });
      describers.set(region, describer);
    }
    return describer;
  };
  const writer = await SnapshotFileWriter.open(
    snapshotPath,
    `vigil-live-${accountId}-${io.now().toISOString()}`,
  );
  const failures: LiveReadFailure[] = [];
  const progress = progressLine(io);
  try {
    for await (const event of collectLiveItems(describerFor, {
      accountId,
      regions,
      resourceTypes,
      captureTime: io.now().toISOString(),
      concurrency: options.concurrency,
    })) {
      if (event.kind === 'item') await writer.add(event.item);
      else if (event.kind === 'failure') failures.push(event.failure);
      else
        progress(
          `scan --live: ${accountId} ${event.region} ${event.resourceType}: ${event.resources} resources (${writer.count} items so far)`,
        );
    }
  } finally {
    await writer.close();
  }
  progress(
    `scan --live: ${accountId}: ${writer.count} items from ${regions.length} region(s)${failures.length === 0 ? '' : `, ${failures.length} read(s) failed`}`,
    true,
  );
  return { accountId, regions, items: writer.count, failures };
}

/**
 * The reads that failed as ERROR evaluations of every rule that judges or reads the type, so the scan counts
 * as incomplete (exit 1) and the report names the missing IAM action.
 */
export function failureEvaluations(
  failures: readonly LiveReadFailure[],
  rules: readonly Rule[],
  accountId: string,
  captureTime: string,
): Evaluation[] {
  return failures.flatMap((failure) => {
    const affected = rules.filter(
      (rule) =>
        rule.resourceTypes.includes(failure.resourceType) ||
        (rule.reads ?? []).includes(failure.resourceType),
    );
    const what =
      failure.lookupId === undefined
        ? `could not list ${failure.resourceType} in ${failure.region}`
        : `could not describe ${failure.resourceType} ${failure.lookupId}`;
    const why =
      failure.missingAction === undefined
        ? `${failure.errorName}: ${failure.message}`
        : `${failure.errorName}: the credentials lack ${failure.missingAction} (docs/live-scan-policy.json lists every action a live scan needs)`;
    return affected.map(
      (rule): Evaluation => ({
        ruleId: rule.id,
        resourceType: failure.resourceType,
        resourceId: failure.lookupId ?? '*',
        accountId,
        region: failure.region,
        captureTime,
        compliance: 'ERROR',
        annotation: `${what}: ${why}`,
        soc2: soc2Criteria(rule.id),
        severity: rule.severity,
      }),
    );
  });
}
