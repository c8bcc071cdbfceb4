import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { parseConfig } from '#shared/config';
import {
  ChainChecker,
  type ChainProblem,
  type EvidenceRecord,
  type Finding,
  parseBatch,
} from '#shared/evidence/finding';
import { cloudTrailEvent, sqsBatch } from '#shared/local/events';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#shared/local/moto';
import {
  deployPipelineStack,
  drainAlerts,
  type PipelineStack,
  pipelineEnv,
} from '#shared/local/pipeline-stack';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { closeSsh, createDemoAccount, type DemoResource } from './account';

/** The account moto answers as. */
export const DEMO_ACCOUNT = '123456789012';

/** The region the demo runs in. */
export const DEMO_REGION = 'us-east-1';

/** One evidence batch object as read back from the bucket: its records and lock status. */
export interface StoredBatch {
  readonly key: string;
  /** Size of the object in bytes. */
  readonly size: number;
  /** Its lines, in order: the findings and attestations of one evaluator invocation. */
  readonly records: readonly EvidenceRecord[];
  readonly lockMode: string | undefined;
  readonly retainUntil: Date | undefined;
  /** S3's SHA-256 checksum of the object (base64), as S3 reports it. */
  readonly checksumSha256: string | undefined;
  /** S3's SHA-256 checksum of the object equals the SHA-256 of the bytes read back. */
  readonly checksumVerified: boolean;
}

/** One stored finding and where it was read: its batch object and line. */
export interface StoredFinding {
  readonly key: string;
  readonly line: number;
  readonly finding: Finding;
}

/** One alert read back from the queue subscribed to the alert topic. */
export interface DemoAlert {
  readonly subject: string;
  readonly transition: string;
  readonly ruleId: string;
}

/** Everything the demo did and found, for the report. */
export interface DemoReport {
  readonly endpoint: string;
  readonly account: string;
  readonly region: string;
  readonly stack: Pick<PipelineStack, 'bucket' | 'table' | 'topicArn' | 'retentionDays'>;
  readonly resources: readonly DemoResource[];
  readonly events: number;
  /** SQS messages the evaluator asked to retry (0 when everything was processed). */
  readonly failedMessages: number;
  /** The batch objects of the first pass (one per SQS batch and account-region). */
  readonly objects: readonly StoredBatch[];
  /** The findings of the first pass, newest per resource and rule. */
  readonly findings: readonly StoredFinding[];
  readonly alerts: readonly DemoAlert[];
  /** The batch object the demo tried to delete, and the error S3 answered. */
  readonly deleteTried: string;
  readonly deleteRefusedWith: string;
  readonly fix: {
    readonly description: string;
    readonly alerts: readonly DemoAlert[];
    /** The `restricted-ssh` chain of the security group after the fix, oldest first. */
    readonly chain: readonly StoredFinding[];
    /** Resource–rule chains checked over everything stored after the fix, and what was wrong with them. */
    readonly chainsChecked: number;
    readonly chainProblems: readonly ChainProblem[];
  };
}

/** Options of one demo run. */
export interface DemoOptions {
  /** Base URL of a running moto server. */
  readonly endpoint: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Name prefix of everything the demo creates (default: unique `vigil-demo-…`). */
  readonly prefix?: string;
}

/**
 * Runs the pipeline demo against a moto server: deploys Vigil's bucket/table/topic, creates misconfigured
 * resources through the real APIs, feeds their CloudTrail events through the real evaluator handler,
 * reads back what was stored and alerted, then fixes one resource and shows the resolution.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const log = options.log ?? (() => {});
  const prefix = options.prefix ?? uniqueName('vigil-demo');
  const { endpoint } = options;
  // The handler's Powertools logger and metrics are created at import: keep them quiet for a console demo.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { evaluate } = await import('#functions/evaluator');

  log('deploying the evidence bucket, state table and alert topic');
  const stack = await deployPipelineStack(endpoint, { name: prefix });
  const { credentials } = awsClientConfig(endpoint);
  const runtime: Runtime = createRuntime(parseConfig(pipelineEnv(stack)), { endpoint, credentials });
  const s3 = new S3Client(s3ClientConfig(endpoint));
  try {
    log('creating a small misconfigured account through the AWS APIs');
    const resources = await createDemoAccount(endpoint, prefix);

    let clock = Date.now() - 10 * 60_000;
    const nextCall = (call: DemoResource['calls'][number]) => {
      clock += 1_000;
      return cloudTrailEvent({
        ...call,
        accountId: DEMO_ACCOUNT,
        region: DEMO_REGION,
        eventTime: new Date(clock).toISOString(),
      });
    };
    // One batch per resource, run side by side like concurrent Lambda invocations; each resource's events
    // stay in order within its batch (as a FIFO message group would keep them).
    const batches = resources.map((resource) => resource.calls.map(nextCall));
    const events = batches.flat();
    log(`feeding ${events.length} CloudTrail events through the evaluator`);
    const responses = await Promise.all(batches.map((batch) => evaluate(sqsBatch(batch), runtime)));
    let failedMessages = responses.reduce((sum, response) => sum + response.batchItemFailures.length, 0);

    log('reading back the evidence and the alerts');
    const objects = await readBatches(s3, stack.bucket);
    const findings = newestPerResourceAndRule(findingsIn(objects));
    const alerts = (await drainAlerts(stack)).map(toDemoAlert);
    // The object holding the first failing finding, as an attacker hiding that failure would pick it.
    const deleteTried =
      findings.find((entry) => entry.finding.compliance === 'NON_COMPLIANT')?.key ?? objects[0]?.key ?? '';
    const deleteRefusedWith = await tryDelete(s3, stack.bucket, deleteTried);

    const group = resources.find((resource) => resource.resourceType === 'AWS::EC2::SecurityGroup');
    const groupId = group?.resourceId ?? '';
    log('fixing the security group (revoking SSH from anywhere)');
    const revoke = await closeSsh(endpoint, groupId);
    const fixed = await evaluate(sqsBatch([nextCall(revoke)]), runtime);
    failedMessages += fixed.batchItemFailures.length;
    const fixAlerts = (await drainAlerts(stack)).map(toDemoAlert);
    const after = await readBatches(s3, stack.bucket);
    const checker = new ChainChecker();
    for (const entry of findingsIn(after)) checker.addFinding(entry.finding, `${entry.key}:${entry.line}`);
    for (const object of after) {
      for (const record of object.records) {
        if (record.kind === 'attestation') checker.addAttestation(record, object.key);
      }
    }
    const chain = findingsIn(after)
      .filter(
        (entry) => entry.finding.resource.resourceId === groupId && entry.finding.ruleId === 'restricted-ssh',
      )
      .sort((a, b) => a.finding.sequence - b.finding.sequence);

    return {
      endpoint,
      account: DEMO_ACCOUNT,
      region: DEMO_REGION,
      stack: {
        bucket: stack.bucket,
        table: stack.table,
        topicArn: stack.topicArn,
        retentionDays: stack.retentionDays,
      },
      resources,
      events: events.length + 1,
      failedMessages,
      objects,
      findings,
      alerts,
      deleteTried,
      deleteRefusedWith,
      fix: {
        description: `RevokeSecurityGroupIngress on ${groupId}: SSH from 0.0.0.0/0 removed`,
        alerts: fixAlerts,
        chain,
        chainsChecked: checker.chains,
        chainProblems: checker.problems(),
      },
    };
  } finally {
    runtime.destroy();
    s3.destroy();
  }
}

function toDemoAlert(alert: { subject: string; attributes: Readonly<Record<string, string>> }): DemoAlert {
  return {
    subject: alert.subject,
    transition: alert.attributes.transition ?? '',
    ruleId: alert.attributes.rule ?? '',
  };
}

/** Every evidence batch object in the bucket, parsed line by line, with its lock headers and a checksum check. */
async function readBatches(s3: S3Client, bucket: string): Promise<StoredBatch[]> {
  const keys: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: 'findings/',
        ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
        ...(versionIdMarker === undefined ? {} : { VersionIdMarker: versionIdMarker }),
      }),
    );
    for (const version of page.Versions ?? []) if (version.Key !== undefined) keys.push(version.Key);
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  const objects = await Promise.all(
    keys.map(async (key): Promise<StoredBatch> => {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const sha256 = createHash('sha256').update(bytes).digest('base64');
      const parsed = parseBatch(bytes);
      const records = parsed.lines.map((line) => {
        if ('record' in line) return line.record;
        throw new Error(`${key}:${line.line}: ${line.problem}`);
      });
      if (parsed.problem !== undefined) throw new Error(`${key}: ${parsed.problem}`);
      return {
        key,
        size: bytes.length,
        records,
        lockMode: head.ObjectLockMode,
        retainUntil: head.ObjectLockRetainUntilDate,
        checksumSha256: object.ChecksumSHA256,
        checksumVerified: object.ChecksumSHA256 === sha256,
      };
    }),
  );
  return objects.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The findings of some batch objects, with the key and line each was read from. */
function findingsIn(objects: readonly StoredBatch[]): StoredFinding[] {
  return objects.flatMap((object) =>
    object.records.flatMap((record, index) =>
      record.kind === 'finding' ? [{ key: object.key, line: index + 1, finding: record }] : [],
    ),
  );
}

function newestPerResourceAndRule(stored: readonly StoredFinding[]): StoredFinding[] {
  const newest = new Map<string, StoredFinding>();
  for (const entry of stored) {
    const { resource, ruleId, sequence } = entry.finding;
    const id = `${resource.resourceType}|${resource.resourceId}|${ruleId}`;
    const current = newest.get(id);
    if (current === undefined || current.finding.sequence < sequence) newest.set(id, entry);
  }
  return [...newest.values()];
}

/** Tries to delete a locked batch object version; returns the error name S3 answered (or `deleted!`). */
async function tryDelete(s3: S3Client, bucket: string, key: string): Promise<string> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: head.VersionId }));
    return 'deleted!';
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}
