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
import { describeAccount } from './account';
import type { ResourceDescriber, ResourceRef } from './describer';
import { describeInstance, describeSecurityGroup, listInstances, listSecurityGroups } from './ec2';
import { DescribeError } from './errors';
import { describeKmsKey, listKmsKeys } from './kms-key';
import { describeLogGroup, listLogGroups } from './log-group';
import { describeDbInstance, listDbInstances } from './rds-instance';
import { describeS3Bucket, listS3Buckets } from './s3-bucket';
import { describeTrail, listTrails } from './trail';

/** SDK clients the describer uses, obtained lazily so an evaluator only builds the ones it needs. */
export interface DescribeClients {
  s3(): S3Client;
  ec2(): EC2Client;
  kms(): KMSClient;
  logs(): CloudWatchLogsClient;
  rds(): RDSClient;
  iam(): IAMClient;
  /** Without it, the account item's GuardDuty detectors are not collected. */
  guardduty?(): GuardDutyClient;
  /** Without it, the account item's Security Hub status is not collected. */
  securityhub?(): SecurityHubClient;
  /** Without it, CloudTrail trails are not describable. */
  cloudtrail?(): CloudTrailClient;
}

type Base = Omit<ResourceRef, 'lookupId' | 'resourceType'>;

interface TypeSupport {
  describe(clients: DescribeClients, ref: ResourceRef): Promise<ConfigurationItem>;
  list(clients: DescribeClients, base: Base): Promise<ResourceRef[]>;
}

const SUPPORT: Readonly<Record<string, TypeSupport>> = {
  'AWS::S3::Bucket': {
    describe: (clients, ref) => describeS3Bucket(clients.s3(), ref),
    list: (clients, base) => listS3Buckets(clients.s3(), base),
  },
  'AWS::EC2::SecurityGroup': {
    describe: (clients, ref) => describeSecurityGroup(clients.ec2(), ref),
    list: (clients, base) => listSecurityGroups(clients.ec2(), base),
  },
  'AWS::EC2::Instance': {
    describe: (clients, ref) => describeInstance(clients.ec2(), ref),
    list: (clients, base) => listInstances(clients.ec2(), base),
  },
  'AWS::KMS::Key': {
    describe: (clients, ref) => describeKmsKey(clients.kms(), ref),
    list: (clients, base) => listKmsKeys(clients.kms(), base),
  },
  'AWS::Logs::LogGroup': {
    describe: (clients, ref) => describeLogGroup(clients.logs(), ref),
    list: (clients, base) => listLogGroups(clients.logs(), base),
  },
  'AWS::RDS::DBInstance': {
    describe: (clients, ref) => describeDbInstance(clients.rds(), ref),
    list: (clients, base) => listDbInstances(clients.rds(), base),
  },
  [TRAIL_RESOURCE_TYPE]: {
    describe: (clients, ref) => describeTrail(cloudTrailOf(clients), ref),
    list: (clients, base) => listTrails(cloudTrailOf(clients), base),
  },
  [ACCOUNT_RESOURCE_TYPE]: {
    describe: (clients, ref) =>
      describeAccount(
        {
          iam: clients.iam(),
          ec2: clients.ec2(),
          ...(clients.guardduty === undefined ? {} : { guardduty: clients.guardduty() }),
          ...(clients.securityhub === undefined ? {} : { securityhub: clients.securityhub() }),
        },
        ref,
      ),
    list: async (_clients, base) => [
      { ...base, resourceType: ACCOUNT_RESOURCE_TYPE, lookupId: base.accountId },
    ],
  },
};

function cloudTrailOf(clients: DescribeClients): CloudTrailClient {
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
