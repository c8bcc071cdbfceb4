import { createHash, randomBytes } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  type ObjectVersion,
  S3Client,
} from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { expect } from 'vitest';
import { sweep } from '#functions/sweep';
import { parseConfig } from '#shared/config';
import {
  type Attestation,
  ChainChecker,
  type ChainProblem,
  type Finding,
  parseBatch,
} from '#shared/evidence/finding';
import { type CloudTrailCall, cloudTrailEvent, sqsBatch } from '#shared/local/events';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import type { PlannedSweep } from '#shared/sweep/planner';
import { createSweepRuntime, type SweepRuntime } from '#shared/sweep/sweep-runtime';
import type { SweepStatus } from '#shared/sweep/sweep-store';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import { deployPipelineStack, type PipelineStack, pipelineEnv } from '#test/support/pipeline-stack';
import { createSweepQueue, type DrainedQueue, drainSweepQueue } from '#test/support/sweep-queue-driver';

/** The account moto answers as. */
export const ACCOUNT = '123456789012';

/** The region every pipeline test runs in. */
export const REGION = 'us-east-1';

/** A deployed local pipeline, a runtime built the way a Lambda container builds it, and an S3 client. */
export interface LocalPipeline {
  readonly stack: PipelineStack;
  readonly runtime: Runtime;
  readonly s3: S3Client;
  close(): void;
}

/** Deploys a fresh bucket/table/topic in moto and builds the handlers' runtime from its environment. */
export async function localPipeline(
  endpoint: string,
  prefix: string,
  env: Readonly<Record<string, string>> = {},
): Promise<LocalPipeline> {
  const stack = await deployPipelineStack(endpoint, { name: uniqueName(prefix) });
  const { credentials } = awsClientConfig(endpoint);
  const runtime = createRuntime(parseConfig({ ...pipelineEnv(stack), ...env }), { endpoint, credentials });
  const s3 = new S3Client(s3ClientConfig(endpoint));
  return {
    stack,
    runtime,
    s3,
    close: () => {
      runtime.destroy();
      s3.destroy();
    },
  };
}

/** A local pipeline whose runtime also plans and works sweeps through a real FIFO queue on moto. */
export interface LocalSweep extends LocalPipeline {
  readonly runtime: SweepRuntime;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** Plans a sweep with the real planner handler, drains the queue with the real worker handler. */
  sweep(options?: {
    readonly event?: unknown;
    readonly workers?: number;
    readonly beforeInvocation?: (body: string, receiveCount: number) => void;
  }): Promise<{
    readonly planned: PlannedSweep;
    readonly drained: DrainedQueue;
    readonly status: SweepStatus;
  }>;
}

/** The event an EventBridge schedule sends the sweep planner. */
export function scheduledEvent(account = ACCOUNT, region = REGION): Record<string, unknown> {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/vigil-sweep`],
    detail: {},
  };
}

/** Deploys a fresh pipeline plus a FIFO sweep queue in moto and builds the sweep functions' runtime. */
export async function localSweep(
  endpoint: string,
  prefix: string,
  env: Readonly<Record<string, string>> = {},
): Promise<LocalSweep> {
  const stack = await deployPipelineStack(endpoint, { name: uniqueName(prefix) });
  const { credentials } = awsClientConfig(endpoint);
  const sqs = new SQSClient(awsClientConfig(endpoint));
  const queueUrl = await createSweepQueue(sqs, uniqueName(`${prefix}-sweep`));
  const runtime = createSweepRuntime(
    parseConfig({ ...pipelineEnv(stack), SWEEP_QUEUE_URL: queueUrl, ...env }),
    { endpoint, credentials },
  );
  const s3 = new S3Client(s3ClientConfig(endpoint));
  return {
    stack,
    runtime,
    s3,
    sqs,
    queueUrl,
    async sweep(options = {}) {
      const planned = await sweep(options.event ?? scheduledEvent(), runtime);
      const drained = await drainSweepQueue({
        sqs,
        queueUrl,
        runtime,
        workers: options.workers ?? 4,
        ...(options.beforeInvocation === undefined ? {} : { beforeInvocation: options.beforeInvocation }),
      });
      const status = await runtime.sweeps.status(planned.sweepId);
      if (status === undefined) throw new Error(`sweep ${planned.sweepId} was not recorded`);
      return { planned, drained, status };
    },
    close: () => {
      runtime.destroy();
      s3.destroy();
      sqs.destroy();
    },
  };
}

/** Base64 SHA-256 of some bytes, as S3 reports `ChecksumSHA256`. */
export function sha256Base64(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** Every object version under a prefix of the evidence bucket. */
export async function versionsUnder(pipeline: LocalPipeline, prefix: string): Promise<ObjectVersion[]> {
  const response = await pipeline.s3.send(
    new ListObjectVersionsCommand({ Bucket: pipeline.stack.bucket, Prefix: prefix }),
  );
  return response.Versions ?? [];
}

/** A stored object's bytes, lock headers and the checksum S3 kept for it. */
export async function readStored(
  pipeline: LocalPipeline,
  key: string,
): Promise<{
  readonly bytes: Uint8Array;
  readonly checksumSha256: string | undefined;
  readonly lockMode: string | undefined;
  readonly retainUntil: Date | undefined;
  readonly versionId: string | undefined;
}> {
  const object = await pipeline.s3.send(
    new GetObjectCommand({ Bucket: pipeline.stack.bucket, Key: key, ChecksumMode: 'ENABLED' }),
  );
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  const head = await pipeline.s3.send(
    new HeadObjectCommand({ Bucket: pipeline.stack.bucket, Key: key, ChecksumMode: 'ENABLED' }),
  );
  return {
    bytes,
    checksumSha256: object.ChecksumSHA256 ?? head.ChecksumSHA256,
    lockMode: head.ObjectLockMode,
    retainUntil: head.ObjectLockRetainUntilDate,
    versionId: head.VersionId,
  };
}

/** A security group's configuration item as a Config change notification carries it. */
export function securityGroupItem(options: {
  readonly groupId: string;
  readonly captureTime: string;
  readonly sshOpenToWorld: boolean;
}): Record<string, unknown> & {
  readonly awsAccountId: string;
  readonly awsRegion: string;
  readonly configurationItemCaptureTime: string;
} {
  const ingress = options.sshOpenToWorld
    ? [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          ipv6Ranges: [],
          prefixListIds: [],
          userIdGroupPairs: [],
          ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
          ipRanges: ['0.0.0.0/0'],
        },
      ]
    : [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          ipv6Ranges: [],
          prefixListIds: [],
          userIdGroupPairs: [],
          ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }],
          ipRanges: ['10.0.0.0/8'],
        },
      ];
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: options.captureTime,
    configurationStateId: Date.parse(options.captureTime),
    awsAccountId: ACCOUNT,
    configurationItemStatus: 'OK',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: options.groupId,
    resourceName: 'bastion',
    ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${options.groupId}`,
    awsRegion: REGION,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: null,
    configurationStateMd5Hash: '',
    tags: { Name: 'bastion' },
    relationships: [
      { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-0f1e2d3c4b5a69788', name: 'Is contained in Vpc' },
    ],
    configuration: {
      description: 'bastion',
      groupName: 'bastion',
      ipPermissions: ingress,
      ownerId: ACCOUNT,
      groupId: options.groupId,
      ipPermissionsEgress: [],
      tags: [{ key: 'Name', value: 'bastion' }],
      vpcId: 'vpc-0f1e2d3c4b5a69788',
    },
    supplementaryConfiguration: {},
  };
}

/** A fresh, unique security group id (`sg-` + 17 hex digits). */
export function uniqueGroupId(): string {
  return `sg-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

/**
 * Feeds CloudTrail calls through the evaluator's SQS path, each a minute after the previous one from
 * `startMs`, and expects every one to be acknowledged. `pipeline` is read per call (it is built in beforeAll).
 */
export function cloudTrailCaller(
  pipeline: () => LocalPipeline,
  startMs: number,
): (details: Omit<CloudTrailCall, 'accountId' | 'region' | 'eventTime'>) => Promise<void> {
  let clock = startMs;
  return async (details) => {
    clock += 60_000;
    const event = cloudTrailEvent({
      ...details,
      accountId: ACCOUNT,
      region: REGION,
      eventTime: new Date(clock).toISOString(),
    });
    const { evaluate } = await import('#functions/evaluator');
    const response = await evaluate(sqsBatch([event]), pipeline().runtime);
    expect(response.batchItemFailures).toEqual([]);
  };
}

/** One record read back from an evidence batch object, with the key and line it was read from. */
export interface StoredRecord<T> {
  readonly key: string;
  readonly line: number;
  readonly record: T;
}

/** Every finding and attestation stored under a prefix (each batch object's lines, hashes checked). */
export async function storedEvidence(
  pipeline: LocalPipeline,
  prefix = 'findings/',
): Promise<{
  findings: StoredRecord<Finding>[];
  attestations: StoredRecord<Attestation>[];
  objects: number;
}> {
  const versions = await versionsUnder(pipeline, prefix);
  const findings: StoredRecord<Finding>[] = [];
  const attestations: StoredRecord<Attestation>[] = [];
  for (const version of versions) {
    if (version.Key === undefined) continue;
    const { bytes } = await readStored(pipeline, version.Key);
    const parsed = parseBatch(bytes);
    expect(parsed.problem).toBeUndefined();
    for (const line of parsed.lines) {
      if (!('record' in line)) throw new Error(`${version.Key}:${line.line}: ${line.problem}`);
      if (line.record.kind === 'finding')
        findings.push({ key: version.Key, line: line.line, record: line.record });
      else attestations.push({ key: version.Key, line: line.line, record: line.record });
    }
  }
  findings.sort(
    (a, b) =>
      a.record.resource.resourceId.localeCompare(b.record.resource.resourceId) ||
      a.record.ruleId.localeCompare(b.record.ruleId) ||
      a.record.sequence - b.record.sequence,
  );
  return { findings, attestations, objects: versions.length };
}

/** The findings of one resource, oldest first per rule. */
export async function findingsOf(pipeline: LocalPipeline, resourceId: string): Promise<Finding[]> {
  const { findings } = await storedEvidence(pipeline);
  return findings
    .filter((entry) => entry.record.resource.resourceId === resourceId)
    .map((entry) => entry.record);
}

/** The findings of one resource–rule chain, in sequence order. */
export async function chainOf(
  pipeline: LocalPipeline,
  resourceId: string,
  ruleId: string,
): Promise<Finding[]> {
  return (await findingsOf(pipeline, resourceId)).filter((finding) => finding.ruleId === ruleId);
}

/** What a chain checker finds wrong in everything stored under a prefix (none when every chain is whole). */
export async function chainProblems(pipeline: LocalPipeline, prefix = 'findings/'): Promise<ChainProblem[]> {
  const { findings, attestations } = await storedEvidence(pipeline, prefix);
  const checker = new ChainChecker();
  for (const entry of findings) checker.addFinding(entry.record, `${entry.key}:${entry.line}`);
  for (const entry of attestations) checker.addAttestation(entry.record, `${entry.key}:${entry.line}`);
  return checker.problems();
}
