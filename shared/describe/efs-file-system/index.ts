import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config resource type of an EFS file system. */
export const EFS_FILE_SYSTEM_TYPE = 'AWS::EFS::FileSystem';

/** A file system id (`fs-…`), or undefined for other EFS resources (access points `fsap-…`, mount targets). */
function fileSystemId(value: string | undefined): string | undefined {
  return value?.startsWith('fs-') === true ? value : undefined;
}

/** EFS file systems with their encryption and backup policy. */
export const EFS_FILE_SYSTEM: DescribableType = {
  resourceType: EFS_FILE_SYSTEM_TYPE,
  services: ['efs'],
  permissions: [
    {
      actions: [
        'elasticfilesystem:DescribeBackupPolicy',
        'elasticfilesystem:DescribeFileSystems',
        'elasticfilesystem:DescribeLifecycleConfiguration',
      ],
      resources: ['arn:{partition}:elasticfilesystem:{region}:{account}:file-system/*'],
      reason:
        'Vigil judges every EFS file system of this account and region; metadata reads only, no file access.',
    },
  ],
  cloudTrail: {
    'elasticfilesystem.amazonaws.com': {
      CreateFileSystem: (record) => [
        [EFS_FILE_SYSTEM_TYPE, fileSystemId(stringAt(record.responseElements, 'fileSystemId'))],
      ],
      ...sameExtractor(
        [
          'UpdateFileSystem',
          'UpdateFileSystemProtection',
          'DeleteFileSystem',
          'PutBackupPolicy',
          'PutLifecycleConfiguration',
          'CreateTags',
          'DeleteTags',
        ],
        (record) => [
          [EFS_FILE_SYSTEM_TYPE, fileSystemId(stringAt(record.requestParameters, 'fileSystemId'))],
        ],
      ),
      // TagResource takes any EFS resource id (file systems and access points).
      ...sameExtractor(['TagResource', 'UntagResource'], (record) => {
        const id = fileSystemId(stringAt(record.requestParameters, 'resourceId'));
        return id === undefined ? [] : [[EFS_FILE_SYSTEM_TYPE, id]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeFileSystem(await clients.client('efs'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listFileSystems(await clients.client('efs'), base),
};
