import {
  DescribeBackupPolicyCommand,
  DescribeFileSystemsCommand,
  DescribeLifecycleConfigurationCommand,
  type EFSClient,
  type FileSystemDescription,
  paginateDescribeFileSystems,
} from '@aws-sdk/client-efs';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { EFS_FILE_SYSTEM_TYPE } from './index';

/** Errors that leave a sub-read uncollected: no permission to make it. */
const UNREADABLE = ['AccessDeniedException', 'AccessDenied'];

/** A file system id from an id or ARN (`arn:aws:elasticfilesystem:<region>:<account>:file-system/fs-…`). */
export function fileSystemIdOf(lookupId: string): string {
  return lookupId.replace(/^arn:[^:]+:elasticfilesystem:[^:]*:\d*:file-system\//, '');
}

/** The backup policy as Config records it; `DISABLED` when EFS says the file system has none. */
async function backupPolicyOf(
  client: EFSClient,
  fileSystemId: string,
): Promise<{ Status: string } | undefined> {
  try {
    const response = await client.send(new DescribeBackupPolicyCommand({ FileSystemId: fileSystemId }));
    return response.BackupPolicy?.Status === undefined ? undefined : { Status: response.BackupPolicy.Status };
  } catch (error) {
    // PolicyNotFound is EFS's answer for a file system whose automatic backups were never turned on.
    if (errorNameOf(error) === 'PolicyNotFound') return { Status: 'DISABLED' };
    if (UNREADABLE.includes(errorNameOf(error))) return undefined;
    throw error;
  }
}

/**
 * An `AWS::EFS::FileSystem` item in Config's CloudFormation-style naming (`FileSystemId`, `Arn`, `Encrypted`,
 * `KmsKeyId`, `BackupPolicy.Status`, `FileSystemTags`), keyed by the file system id and named by its `Name`
 * tag. The backup policy (DescribeBackupPolicy) and lifecycle policies (DescribeLifecycleConfiguration) stay
 * absent when they may not be read; the file system policy is not read (no rule judges it). A file system EFS
 * no longer knows, or that is deleted, is deleted.
 */
export async function describeFileSystem(client: EFSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const id = fileSystemIdOf(ref.lookupId);
  let fileSystem: FileSystemDescription | undefined;
  try {
    fileSystem = (await client.send(new DescribeFileSystemsCommand({ FileSystemId: id }))).FileSystems?.[0];
  } catch (error) {
    if (errorNameOf(error) === 'FileSystemNotFound') return deletedItem(ref, id);
    throw error;
  }
  if (fileSystem?.FileSystemId === undefined || fileSystem.LifeCycleState === 'deleted') {
    return deletedItem(ref, id);
  }
  const [backupPolicy, lifecycle] = await Promise.all([
    backupPolicyOf(client, id),
    optionalRead(
      () => client.send(new DescribeLifecycleConfigurationCommand({ FileSystemId: id })),
      UNREADABLE,
    ),
  ]);
  const configuration: Record<string, unknown> = {
    FileSystemId: fileSystem.FileSystemId,
    ...(fileSystem.FileSystemArn === undefined ? {} : { Arn: fileSystem.FileSystemArn }),
    ...(fileSystem.Encrypted === undefined ? {} : { Encrypted: fileSystem.Encrypted }),
    ...(fileSystem.KmsKeyId === undefined ? {} : { KmsKeyId: fileSystem.KmsKeyId }),
    ...(fileSystem.PerformanceMode === undefined ? {} : { PerformanceMode: fileSystem.PerformanceMode }),
    ...(fileSystem.ThroughputMode === undefined ? {} : { ThroughputMode: fileSystem.ThroughputMode }),
    ...(fileSystem.ProvisionedThroughputInMibps === undefined
      ? {}
      : { ProvisionedThroughputInMibps: fileSystem.ProvisionedThroughputInMibps }),
    ...(fileSystem.AvailabilityZoneName === undefined
      ? {}
      : { AvailabilityZoneName: fileSystem.AvailabilityZoneName }),
    ...(backupPolicy === undefined ? {} : { BackupPolicy: backupPolicy }),
    ...(lifecycle?.LifecyclePolicies === undefined
      ? {}
      : { LifecyclePolicies: lifecycle.LifecyclePolicies.map((policy) => ({ ...policy })) }),
    FileSystemTags: (fileSystem.Tags ?? []).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
    ...(fileSystem.FileSystemProtection?.ReplicationOverwriteProtection === undefined
      ? {}
      : {
          FileSystemProtection: {
            ReplicationOverwriteProtection: fileSystem.FileSystemProtection.ReplicationOverwriteProtection,
          },
        }),
  };
  return describedItem(ref, {
    resourceId: fileSystem.FileSystemId,
    ...(fileSystem.Name === undefined || fileSystem.Name === '' ? {} : { resourceName: fileSystem.Name }),
    ...(fileSystem.FileSystemArn === undefined ? {} : { arn: fileSystem.FileSystemArn }),
    configuration,
    tags: tagMap(fileSystem.Tags),
  });
}

/** Every file system of the region. */
export async function listFileSystems(client: EFSClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeFileSystems({ client }, {})) {
    for (const fileSystem of page.FileSystems ?? []) {
      if (fileSystem.FileSystemId && fileSystem.LifeCycleState !== 'deleted') {
        refs.push({ ...base, resourceType: EFS_FILE_SYSTEM_TYPE, lookupId: fileSystem.FileSystemId });
      }
    }
  }
  return refs;
}
