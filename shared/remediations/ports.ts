import { type CloudWatchLogsClient, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFlowLogsCommand,
  type EC2Client,
  ModifyInstanceMetadataOptionsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { EnableKeyRotationCommand, type KMSClient } from '@aws-sdk/client-kms';
import { ModifyDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds';
import {
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CallCatalog, CallService } from './calls';
import { RemediationCallError } from './errors';

/** One small port per service: a function per catalog operation, resolving once AWS accepted the call. */
export type ServicePort<S extends CallService> = {
  readonly [O in keyof CallCatalog[S]]: (input: CallCatalog[S][O]) => Promise<void>;
};

/** The write ports of every service a remediation may call; exactly the catalog, nothing else. */
export type RemediationPorts = { readonly [S in CallService]: ServicePort<S> };

/** The SDK v3 clients the write ports use, created lazily (once per container) by the caller. */
export interface RemediationClients {
  s3(): S3Client;
  logs(): CloudWatchLogsClient;
  kms(): KMSClient;
  ec2(): EC2Client;
  rds(): RDSClient;
}

/** S3 write port over the SDK. */
export function sdkS3Port(client: () => S3Client): ServicePort<'s3'> {
  return {
    PutPublicAccessBlock: async (input) => void (await client().send(new PutPublicAccessBlockCommand(input))),
    PutBucketPolicy: async (input) => void (await client().send(new PutBucketPolicyCommand(input))),
    PutBucketEncryption: async (input) => void (await client().send(new PutBucketEncryptionCommand(input))),
    PutBucketVersioning: async (input) => void (await client().send(new PutBucketVersioningCommand(input))),
  };
}

/** CloudWatch Logs write port over the SDK. */
export function sdkLogsPort(client: () => CloudWatchLogsClient): ServicePort<'logs'> {
  return {
    PutRetentionPolicy: async (input) => void (await client().send(new PutRetentionPolicyCommand(input))),
  };
}

/** KMS write port over the SDK. */
export function sdkKmsPort(client: () => KMSClient): ServicePort<'kms'> {
  return {
    EnableKeyRotation: async (input) => void (await client().send(new EnableKeyRotationCommand(input))),
  };
}

/**
 * EC2 write port over the SDK. EC2 reports some failures in a successful response (`Return: false`,
 * `UnknownIpPermissions`, `Unsuccessful`); those throw too.
 */
export function sdkEc2Port(client: () => EC2Client): ServicePort<'ec2'> {
  return {
    ModifyInstanceMetadataOptions: async (input) =>
      void (await client().send(new ModifyInstanceMetadataOptionsCommand(input))),
    RevokeSecurityGroupIngress: async (input) => {
      const response = await client().send(new RevokeSecurityGroupIngressCommand(input));
      const unknown = response.UnknownIpPermissions ?? [];
      if (response.Return === false || unknown.length > 0) {
        throw new RemediationCallError(
          `RevokeSecurityGroupIngress on ${input.GroupId} did not revoke ${unknown.length || 'all'} permission(s)`,
          { context: { groupId: input.GroupId, unknown } },
        );
      }
    },
    CreateFlowLogs: async (input) => {
      const response = await client().send(new CreateFlowLogsCommand(input));
      const failed = response.Unsuccessful ?? [];
      if (failed.length > 0) {
        const first = failed[0]?.Error;
        throw new RemediationCallError(
          `CreateFlowLogs failed for ${failed.map((entry) => entry.ResourceId).join(', ')}: ${first?.Code ?? ''} ${first?.Message ?? ''}`.trim(),
          { context: { unsuccessful: failed } },
        );
      }
    },
  };
}

/** RDS write port over the SDK. */
export function sdkRdsPort(client: () => RDSClient): ServicePort<'rds'> {
  return {
    ModifyDBInstance: async (input) => void (await client().send(new ModifyDBInstanceCommand(input))),
  };
}

/** The write ports of every service over SDK v3 clients. */
export function sdkRemediationPorts(clients: RemediationClients): RemediationPorts {
  return {
    s3: sdkS3Port(() => clients.s3()),
    logs: sdkLogsPort(() => clients.logs()),
    kms: sdkKmsPort(() => clients.kms()),
    ec2: sdkEc2Port(() => clients.ec2()),
    rds: sdkRdsPort(() => clients.rds()),
  };
}
