import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  type GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type Grant,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';

/** Config's names of ACL permissions (`Permission` enum of the Java SDK). */
const PERMISSION_NAMES: Readonly<Record<string, string>> = {
  FULL_CONTROL: 'FullControl',
  READ: 'Read',
  WRITE: 'Write',
  READ_ACP: 'ReadAcp',
  WRITE_ACP: 'WriteAcp',
};

function aclGrant(grant: Grant): Record<string, unknown> {
  const grantee = grant.Grantee;
  return {
    grantee: grantee?.URI
      ? { uri: grantee.URI }
      : { id: grantee?.ID ?? null, displayName: grantee?.DisplayName ?? null },
    permission: PERMISSION_NAMES[grant.Permission ?? ''] ?? grant.Permission ?? null,
  };
}

/**
 * An `AWS::S3::Bucket` item as AWS Config records it: `configuration` {name, owner}, and one
 * `supplementaryConfiguration` key per bucket sub-resource (versioning, encryption, policy, public access
 * block, logging, ACL, replication, Object Lock); keys are absent when the bucket has no such setting.
 */
export async function describeS3Bucket(client: S3Client, ref: ResourceRef): Promise<ConfigurationItem> {
  const Bucket = ref.lookupId;
  let versioning: GetBucketVersioningCommandOutput;
  try {
    versioning = await client.send(new GetBucketVersioningCommand({ Bucket }));
  } catch (error) {
    if (errorNameOf(error) === 'NoSuchBucket') return deletedItem(ref);
    throw error;
  }
  const [encryption, policy, publicAccessBlock, logging, acl, replication, objectLock, tagging] =
    await Promise.all([
      optionalRead(
        () => client.send(new GetBucketEncryptionCommand({ Bucket })),
        ['ServerSideEncryptionConfigurationNotFoundError'],
      ),
      optionalRead(() => client.send(new GetBucketPolicyCommand({ Bucket })), ['NoSuchBucketPolicy']),
      optionalRead(
        () => client.send(new GetPublicAccessBlockCommand({ Bucket })),
        ['NoSuchPublicAccessBlockConfiguration'],
      ),
      client.send(new GetBucketLoggingCommand({ Bucket })),
      client.send(new GetBucketAclCommand({ Bucket })),
      optionalRead(
        () => client.send(new GetBucketReplicationCommand({ Bucket })),
        ['ReplicationConfigurationNotFoundError'],
      ),
      optionalRead(
        () => client.send(new GetObjectLockConfigurationCommand({ Bucket })),
        ['ObjectLockConfigurationNotFoundError'],
      ),
      optionalRead(() => client.send(new GetBucketTaggingCommand({ Bucket })), ['NoSuchTagSet']),
    ]);
  const supplementary: Record<string, unknown> = {
    BucketVersioningConfiguration: {
      status: versioning.Status ?? 'Off',
      isMfaDeleteEnabled: versioning.MFADelete === undefined ? null : versioning.MFADelete === 'Enabled',
    },
    BucketPolicy: { policyText: policy?.Policy ?? null },
    BucketLoggingConfiguration: {
      destinationBucketName: logging.LoggingEnabled?.TargetBucket ?? null,
      logFilePrefix: logging.LoggingEnabled?.TargetPrefix ?? null,
    },
    AccessControlList: {
      grantList: (acl.Grants ?? []).map(aclGrant),
      owner: { id: acl.Owner?.ID ?? null, displayName: acl.Owner?.DisplayName ?? null },
    },
  };
  const encryptionRules = encryption?.ServerSideEncryptionConfiguration?.Rules;
  if (encryptionRules !== undefined) {
    supplementary.ServerSideEncryptionConfiguration = {
      rules: encryptionRules.map((rule) => ({
        applyServerSideEncryptionByDefault: rule.ApplyServerSideEncryptionByDefault
          ? {
              sseAlgorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm ?? null,
              kmsMasterKeyID: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID ?? null,
            }
          : null,
        bucketKeyEnabled: rule.BucketKeyEnabled ?? false,
      })),
    };
  }
  if (publicAccessBlock?.PublicAccessBlockConfiguration) {
    supplementary.PublicAccessBlockConfiguration = configObject(
      publicAccessBlock.PublicAccessBlockConfiguration,
    );
  }
  const replicationConfig = replication?.ReplicationConfiguration;
  if (replicationConfig) {
    supplementary.BucketReplicationConfiguration = {
      roleARN: replicationConfig.Role ?? null,
      rules: (replicationConfig.Rules ?? []).map((rule) => ({
        id: rule.ID ?? null,
        status: rule.Status ?? null,
        prefix: rule.Prefix ?? rule.Filter?.Prefix ?? null,
        destinationConfig: {
          bucketARN: rule.Destination?.Bucket ?? null,
          storageClass: rule.Destination?.StorageClass ?? null,
        },
      })),
    };
  }
  if (objectLock?.ObjectLockConfiguration) {
    supplementary.ObjectLockConfiguration = configObject(objectLock.ObjectLockConfiguration);
  }
  return describedItem(ref, {
    resourceId: Bucket,
    resourceName: Bucket,
    arn: `arn:aws:s3:::${Bucket}`,
    configuration: {
      name: Bucket,
      owner: { id: acl.Owner?.ID ?? null, displayName: acl.Owner?.DisplayName ?? null },
    },
    supplementaryConfiguration: supplementary,
    tags: tagMap(tagging?.TagSet),
  });
}

/** Every bucket of the account, each in its own region when S3 reports it. */
export async function listS3Buckets(
  client: S3Client,
  base: Omit<ResourceRef, 'lookupId' | 'resourceType'>,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListBucketsCommand({ ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const bucket of page.Buckets ?? []) {
      if (bucket.Name === undefined) continue;
      refs.push({
        ...base,
        region: bucket.BucketRegion ?? base.region,
        resourceType: 'AWS::S3::Bucket',
        lookupId: bucket.Name,
      });
    }
    token = page.ContinuationToken || undefined;
  } while (token !== undefined);
  return refs;
}
