import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { TRAIL_RESOURCE_TYPE } from '#shared/resources/cloudtrail';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import type { ResourceDescriber, ResourceRef } from './describer';
import { DescribeError } from './errors';

/** A client factory: the client itself, or a promise of it when the runtime imports its SDK on first use. */
export type ClientFactory<T> = () => T | Promise<T>;

/**
 * SDK clients the describer uses, obtained lazily so an evaluator only builds (and, when the factories are
 * async, only loads) the ones it needs.
 */
export interface DescribeClients {
  readonly s3: ClientFactory<S3Client>;
  readonly ec2: ClientFactory<EC2Client>;
  readonly kms: ClientFactory<KMSClient>;
  readonly logs: ClientFactory<CloudWatchLogsClient>;
  readonly rds: ClientFactory<RDSClient>;
  readonly iam: ClientFactory<IAMClient>;
  /** Without it, the account item's GuardDuty detectors are not collected. */
  readonly guardduty?: ClientFactory<GuardDutyClient>;
  /** Without it, the account item's Security Hub status is not collected. */
  readonly securityhub?: ClientFactory<SecurityHubClient>;
  /** Without it, CloudTrail trails are not describable. */
  readonly cloudtrail?: ClientFactory<CloudTrailClient>;
}

type Base = Omit<ResourceRef, 'lookupId' | 'resourceType'>;

interface TypeSupport {
  describe(clients: DescribeClients, ref: ResourceRef): Promise<ConfigurationItem>;
  list(clients: DescribeClients, base: Base): Promise<ResourceRef[]>;
}

// Each type's module (and the SDK client it imports) is loaded on its first use: an evaluator that never
// describes an RDS instance never evaluates the RDS client, and a cold start evaluates none of them.
const SUPPORT: Readonly<Record<string, TypeSupport>> = {
  'AWS::S3::Bucket': {
    describe: async (clients, ref) => (await import('./s3-bucket')).describeS3Bucket(await clients.s3(), ref),
    list: async (clients, base) => (await import('./s3-bucket')).listS3Buckets(await clients.s3(), base),
  },
  'AWS::EC2::SecurityGroup': {
    describe: async (clients, ref) => (await import('./ec2')).describeSecurityGroup(await clients.ec2(), ref),
    list: async (clients, base) => (await import('./ec2')).listSecurityGroups(await clients.ec2(), base),
  },
  'AWS::EC2::Instance': {
    describe: async (clients, ref) => (await import('./ec2')).describeInstance(await clients.ec2(), ref),
    list: async (clients, base) => (await import('./ec2')).listInstances(await clients.ec2(), base),
  },
  'AWS::KMS::Key': {
    describe: async (clients, ref) => (await import('./kms-key')).describeKmsKey(await clients.kms(), ref),
    list: async (clients, base) => (await import('./kms-key')).listKmsKeys(await clients.kms(), base),
  },
  'AWS::Logs::LogGroup': {
    describe: async (clients, ref) =>
      (await import('./log-group')).describeLogGroup(await clients.logs(), ref),
    list: async (clients, base) => (await import('./log-group')).listLogGroups(await clients.logs(), base),
  },
  'AWS::RDS::DBInstance': {
    describe: async (clients, ref) =>
      (await import('./rds-instance')).describeDbInstance(await clients.rds(), ref),
    list: async (clients, base) =>
      (await import('./rds-instance')).listDbInstances(await clients.rds(), base),
  },
  [TRAIL_RESOURCE_TYPE]: {
    describe: async (clients, ref) =>
      (await import('./trail')).describeTrail(await cloudTrailOf(clients), ref),
    list: async (clients, base) => (await import('./trail')).listTrails(await cloudTrailOf(clients), base),
  },
  [ACCOUNT_RESOURCE_TYPE]: {
    describe: async (clients, ref) => {
      const [{ describeAccount }, iam, ec2, guardduty, securityhub] = await Promise.all([
        import('./account'),
        clients.iam(),
        clients.ec2(),
        clients.guardduty?.(),
        clients.securityhub?.(),
      ]);
      return describeAccount(
        {
          iam,
          ec2,
          ...(guardduty === undefined ? {} : { guardduty }),
          ...(securityhub === undefined ? {} : { securityhub }),
        },
        ref,
      );
    },
    list: async (_clients, base) => [
      { ...base, resourceType: ACCOUNT_RESOURCE_TYPE, lookupId: base.accountId },
    ],
  },
};

async function cloudTrailOf(clients: DescribeClients): Promise<CloudTrailClient> {
  if (clients.cloudtrail === undefined) throw new DescribeError('no CloudTrail client to describe trails');
  return clients.cloudtrail();
}

/** Resource types Vigil can describe through the service APIs (trails only with a CloudTrail client). */
export const DESCRIBABLE_TYPES: readonly string[] = Object.keys(SUPPORT);

/** ResourceDescriber over the service APIs of one region. */
export class AwsResourceDescriber implements ResourceDescriber {
  readonly supportedTypes: readonly string[];
  readonly #clients: DescribeClients;
  readonly #region: string;

  constructor(options: { readonly clients: DescribeClients; readonly region: string }) {
    this.supportedTypes = DESCRIBABLE_TYPES.filter(
      (type) => type !== TRAIL_RESOURCE_TYPE || options.clients.cloudtrail !== undefined,
    );
    this.#clients = options.clients;
    this.#region = options.region;
  }

  async describe(ref: ResourceRef): Promise<ConfigurationItem> {
    const support = SUPPORT[ref.resourceType];
    if (support === undefined) {
      throw new DescribeError(`cannot describe ${ref.resourceType}`, { context: { ...ref } });
    }
    try {
      return await support.describe(this.#clients, ref);
    } catch (error) {
      throw new DescribeError(
        `cannot describe ${ref.resourceType} ${ref.lookupId}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, context: { ...ref } },
      );
    }
  }

  async listRefs(resourceType: string, accountId: string, captureTime: string): Promise<ResourceRef[]> {
    const support = SUPPORT[resourceType];
    if (support === undefined) return [];
    try {
      return await support.list(this.#clients, { accountId, region: this.#region, captureTime });
    } catch (error) {
      throw new DescribeError(
        `cannot list ${resourceType}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          context: { resourceType },
        },
      );
    }
  }
}
