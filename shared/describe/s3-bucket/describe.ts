import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  type GetBucketLifecycleConfigurationCommandOutput,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  type GetBucketNotificationConfigurationCommandOutput,
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
 * Config's `BucketNotificationConfiguration`: a map from each notification's id to its type, events and
 * destination in the Java SDK bean names (`topicARN`, `queueARN`, `functionARN`); empty without any.
 */
function notificationConfiguration(
  output: GetBucketNotificationConfigurationCommandOutput,
): Record<string, unknown> {
  const configurations: Record<string, unknown> = {};
  const add = (
    type: string,
    id: string | undefined,
    events: readonly string[] | undefined,
    arn: Record<string, unknown>,
  ) => {
    configurations[id ?? `${type}-${Object.keys(configurations).length + 1}`] = {
      type,
      events: events ?? [],
      ...arn,
    };
  };
  for (const topic of output.TopicConfigurations ?? []) {
    add('TopicConfiguration', topic.Id, topic.Events, { topicARN: topic.TopicArn ?? null });
  }
  for (const queue of output.QueueConfigurations ?? []) {
    add('QueueConfiguration', queue.Id, queue.Events, { queueARN: queue.QueueArn ?? null });
  }
  for (const lambda of output.LambdaFunctionConfigurations ?? []) {
    add('LambdaConfiguration', lambda.Id, lambda.Events, { functionARN: lambda.LambdaFunctionArn ?? null });
  }
  return { configurations };
}

/**
 * Config's `BucketLifecycleConfiguration`: each rule's id, status, prefix filter, expiration and
 * transitions in the Java SDK bean names (`expirationInDays`, `transitions[].days/storageClass`,
 * `filter.predicate`).
 */
function lifecycleConfiguration(
  output: GetBucketLifecycleConfigurationCommandOutput,
): Record<string, unknown> {
  return {
    rules: (output.Rules ?? []).map((rule) => {
      const filter = rule.Filter;
      const andPrefix = filter?.And?.Prefix;
      let predicate: Record<string, unknown> | null = null;
      if (filter?.Prefix !== undefined)
        predicate = { type: 'LifecyclePrefixPredicate', prefix: filter.Prefix };
      else if (filter?.Tag !== undefined) {
        predicate = { type: 'LifecycleTagPredicate', tag: { key: filter.Tag.Key, value: filter.Tag.Value } };
      } else if (filter?.And !== undefined) {
        predicate = {
          type: 'LifecycleAndOperator',
          operands: andPrefix === undefined ? [] : [{ type: 'LifecyclePrefixPredicate', prefix: andPrefix }],
        };
      }
      return {
        id: rule.ID ?? null,
        status: rule.Status ?? null,
        prefix: rule.Prefix ?? null,
        filter: predicate === null ? null : { predicate },
        expirationInDays: rule.Expiration?.Days ?? -1,
        expiredObjectDeleteMarker: rule.Expiration?.ExpiredObjectDeleteMarker ?? false,
        noncurrentVersionExpirationInDays: rule.NoncurrentVersionExpiration?.NoncurrentDays ?? -1,
        transitions: (rule.Transitions ?? []).map((transition) => ({
          days: transition.Days ?? -1,
          storageClass: transition.StorageClass ?? null,
        })),
        abortIncompleteMultipartUpload:
          rule.AbortIncompleteMultipartUpload === undefined
            ? null
            : { daysAfterInitiation: rule.AbortIncompleteMultipartUpload.DaysAfterInitiation ?? null },
      };
    }),
  };
}

/**
 * An `AWS::S3::Bucket` item as AWS Config records it: `configuration` {name, owner}, and one
 * `supplementaryConfiguration` key per bucket sub-resource (versioning, encryption, policy, public access
 * block, logging, ACL, notifications, replication, Object Lock, lifecycle); keys are absent when the bucket
 * has no such setting, except those Config always records (versioning, policy, logging, ACL, notifications).
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
  const [
    encryption,
    policy,
    publicAccessBlock,
    logging,
    acl,
    replication,
    objectLock,
    tagging,
    notifications,
    lifecycle,
  ] = await Promise.all([
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
    client.send(new GetBucketNotificationConfigurationCommand({ Bucket })),
    optionalRead(
      () => client.send(new GetBucketLifecycleConfigurationCommand({ Bucket })),
      ['NoSuchLifecycleConfiguration'],
    ),
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
    BucketNotificationConfiguration: notificationConfiguration(notifications),
  };
  if (lifecycle?.Rules !== undefined && lifecycle.Rules.length > 0) {
    supplementary.BucketLifecycleConfiguration = lifecycleConfiguration(lifecycle);
  }
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
