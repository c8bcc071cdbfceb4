import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DynamoDBClient,
  QueryCommand,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, SNSClient, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { DESCRIBABLE_BY_TYPE } from '#shared/describe/registry';
import { FINDINGS_PREFIX, parseBatch, parseHourKey } from '#shared/evidence/finding';
import { awsClientConfig, s3ClientConfig } from '#shared/local/moto';
import type { PipelineStack } from '#shared/local/pipeline-stack';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { sweepPartition } from '#shared/sweep/dynamodb-sweep-store';
import { type MotoAccount, motoAccountAt, motoAccountId } from '#test/support/estate/accounts';

/** The resource type the bench seeds and sweeps: one cheap describe call per log group on moto. */
export const SWEPT_TYPE = 'AWS::Logs::LogGroup';
/** The one enabled rule that judges log groups: one evaluation per resource. */
export const SWEPT_RULE = 'cw-loggroup-retention-period-check';
/** Retention of the non-compliant half (below the rule's default minimum of 365 days). */
const SHORT_RETENTION_DAYS = 30;
/** Seeding calls in flight (moto is one Python process; more only queues there). */
const SEED_CONCURRENCY = 16;

/** A member account of the bench's organization and its clients in each swept region. */
export interface Member {
  readonly accountId: string;
  /** Clients acting in the account (assumed-role credentials), one set per region, home region first. */
  readonly regions: readonly MotoAccount[];
}

/** One seeded resource: where it lives and its id (the log group name). */
export interface SeededResource {
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
}

/** `<account>|<region>|<resource id>`: how the bench tells seeded resources apart. */
export function resourceKey(resource: SeededResource): string {
  return `${resource.accountId}|${resource.region}|${resource.resourceId}`;
}

/**
 * Member accounts on the moto server, each with clients acting in it through `sts:AssumeRole` credentials
 * (moto routes a request by the account of the role its credentials came from), one set per region.
 */
export async function memberAccounts(
  endpoint: string,
  count: number,
  regions: readonly string[],
): Promise<Member[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const accountId = motoAccountId(`bench-sweep-member-${index}`);
      return {
        accountId,
        regions: await Promise.all(regions.map((region) => motoAccountAt(endpoint, region, accountId))),
      };
    }),
  );
}

/** Renders a declared permission's ARN pattern for one account (any region). */
function resourceArn(pattern: string, accountId: string): string {
  return pattern
    .replaceAll('{partition}', 'aws')
    .replaceAll('{region}', '*')
    .replaceAll('{account}', accountId);
}

/**
 * Creates the member read-only role in each member account (IAM is global: once, with the home region's
 * clients), as the member stack does: trusted by the central account with the external id, allowed the
 * reads the swept type declares. moto neither enforces the trust nor the policy; the role is there so the
 * assumed ARN names a real role.
 */
export async function createMemberRoles(
  members: readonly Member[],
  options: { readonly roleName: string; readonly externalId: string; readonly centralAccountId: string },
): Promise<void> {
  const permissions = DESCRIBABLE_BY_TYPE.get(SWEPT_TYPE)?.permissions ?? [];
  for (const member of members) {
    const home = member.regions[0];
    if (home === undefined) throw new Error(`member ${member.accountId} has no region`);
    const iam = await home.clients.client('iam');
    await iam.send(
      new CreateRoleCommand({
        RoleName: options.roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${options.centralAccountId}:root` },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': options.externalId } },
            },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: options.roleName,
        PolicyName: 'vigil-describe',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: permissions.map((permission) => ({
            Effect: 'Allow',
            Action: permission.actions,
            Resource: permission.resources.map((pattern) => resourceArn(pattern, member.accountId)),
          })),
        }),
      }),
    );
  }
}

/**
 * Creates `count` log groups through the real API, spread round-robin over every member account and
 * region, each with that member's own credentials; every other stripe of them keeps events 30 days
 * (NON_COMPLIANT), the rest never expire (COMPLIANT).
 */
export async function seedLogGroups(
  members: readonly Member[],
  prefix: string,
  count: number,
): Promise<SeededResource[]> {
  const places = members.flatMap((member) => member.regions);
  const logs = new Map<MotoAccount, CloudWatchLogsClient>();
  for (const place of places) logs.set(place, await place.clients.client('logs'));
  const indexes = Array.from({ length: count }, (_, index) => index);
  return mapWithConcurrency(indexes, SEED_CONCURRENCY, async (index) => {
    const place = places[index % places.length];
    const client = place === undefined ? undefined : logs.get(place);
    if (place === undefined || client === undefined) throw new Error(`no member for resource ${index}`);
    const logGroupName = `${prefix}/${index.toString().padStart(5, '0')}`;
    await client.send(new CreateLogGroupCommand({ logGroupName }));
    if (Math.floor(index / places.length) % 2 === 1)
      await client.send(
        new PutRetentionPolicyCommand({ logGroupName, retentionInDays: SHORT_RETENTION_DAYS }),
      );
    return { accountId: place.accountId, region: place.region, resourceId: logGroupName };
  });
}

/**
 * Removes the alert topic's subscriptions (the local stack subscribes a queue so tests can read alerts). The
 * sweep still publishes every alert; moto just stops delivering them to a queue nobody reads, where each
 * delivery scans every message already queued (thousands by the end of a sweep).
 */
export async function stopAlertDelivery(stack: PipelineStack): Promise<void> {
  const sns = new SNSClient(awsClientConfig(stack.endpoint));
  try {
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: stack.topicArn }));
    for (const subscription of listed.Subscriptions ?? [])
      if (subscription.SubscriptionArn !== undefined)
        await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription.SubscriptionArn }));
  } finally {
    sns.destroy();
  }
}

/** Findings and attestations of the swept type per resource, and records stored under another chain. */
export interface EvidenceCounts {
  readonly findings: Map<string, number>;
  readonly attestations: Map<string, number>;
  /** Records whose object key names another account or region than the record's resource. */
  readonly misplaced: number;
  readonly objects: number;
}

/** Reads every batch object under `findings/` and counts the swept type's records per resource. */
export async function evidencePerResource(stack: PipelineStack): Promise<EvidenceCounts> {
  const s3 = new S3Client(s3ClientConfig(stack.endpoint));
  const findings = new Map<string, number>();
  const attestations = new Map<string, number>();
  let misplaced = 0;
  let objects = 0;
  try {
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await s3.send(
        new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: FINDINGS_PREFIX, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        objects++;
        const chain = parseHourKey(object.Key);
        const body = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: object.Key }));
        const { lines } = parseBatch((await body.Body?.transformToByteArray()) ?? new Uint8Array());
        for (const line of lines) {
          if (!('record' in line) || line.record.resource.resourceType !== SWEPT_TYPE) continue;
          const { resource } = line.record;
          if (chain?.accountId !== resource.accountId || chain.region !== resource.region) misplaced++;
          const counts = line.record.kind === 'finding' ? findings : attestations;
          const key = resourceKey(resource);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  } finally {
    s3.destroy();
  }
  return { findings, attestations, misplaced, objects };
}

/** Compliance state rows judging the swept rule, per resource (a paginated scan of the table). */
export async function stateRowsPerResource(stack: PipelineStack): Promise<Map<string, number>> {
  const dynamodb = new DynamoDBClient(awsClientConfig(stack.endpoint));
  const counts = new Map<string, number>();
  const typePart = `#${SWEPT_TYPE}#`;
  try {
    let start: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page: ScanCommandOutput = await dynamodb.send(
        new ScanCommand({
          TableName: stack.table,
          ExclusiveStartKey: start,
          ProjectionExpression: 'pk, sk, #rules',
          ExpressionAttributeNames: { '#rules': 'rules' },
        }),
      );
      for (const item of page.Items ?? []) {
        const pk = item.pk?.S;
        if (pk === undefined || item.sk?.S !== 'resource' || item.rules?.M?.[SWEPT_RULE] === undefined)
          continue;
        // pk: <account>#<region>#<type>#<resource id>
        const at = pk.indexOf(typePart);
        if (at < 0) continue;
        const [accountId = '', region = ''] = pk.slice(0, at).split('#');
        const key = resourceKey({ accountId, region, resourceId: pk.slice(at + typePart.length) });
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  } finally {
    dynamodb.destroy();
  }
  return counts;
}

/** Resources each page of a sweep judged, from its page markers in the state table (one per page counted). */
export async function pageSizes(stack: PipelineStack, sweepId: string): Promise<number[]> {
  const dynamodb = new DynamoDBClient(awsClientConfig(stack.endpoint));
  const sizes: number[] = [];
  try {
    let start: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const page: QueryCommandOutput = await dynamodb.send(
        new QueryCommand({
          TableName: stack.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :page)',
          ExpressionAttributeValues: { ':pk': { S: sweepPartition(sweepId) }, ':page': { S: 'page#' } },
          ProjectionExpression: '#items',
          ExpressionAttributeNames: { '#items': 'items' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) sizes.push(Number(item.items?.N ?? '0'));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  } finally {
    dynamodb.destroy();
  }
  return sizes;
}

/** Seeded resources not seen exactly once in `counts`, and entries of resources never seeded. */
export function exactlyOnce(
  seeded: readonly SeededResource[],
  counts: ReadonlyMap<string, number>,
): { wrong: number; extra: number; ok: boolean } {
  const wanted = new Set(seeded.map(resourceKey));
  const wrong = [...wanted].filter((key) => counts.get(key) !== 1).length;
  const extra = [...counts.keys()].filter((key) => !wanted.has(key)).length;
  return { wrong, extra, ok: wrong === 0 && extra === 0 };
}
