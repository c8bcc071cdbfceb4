import { CreateFileSystemCommand, type CreateFileSystemCommandInput } from '@aws-sdk/client-efs';
import { logged } from './logged';
import type { PairSeeder } from './pair';

/**
 * An unencrypted file system beside a twin encrypted at rest with the AWS managed key
 * (`aws/elasticfilesystem`) and automatic backups on.
 */
export const EFS_FILE_SYSTEM_SEEDER: PairSeeder = {
  resourceType: 'AWS::EFS::FileSystem',
  async seed(clients, { suffix }) {
    const efs = await clients.client('efs');
    const inputs: CreateFileSystemCommandInput[] = [
      {
        CreationToken: `vigil-efs-open-${suffix}`,
        Encrypted: false,
        Tags: [{ Key: 'Name', Value: `vigil-efs-open-${suffix}` }],
      },
      {
        CreationToken: `vigil-efs-closed-${suffix}`,
        Encrypted: true,
        Backup: true,
        Tags: [{ Key: 'Name', Value: `vigil-efs-closed-${suffix}` }],
      },
    ];
    const ids: string[] = [];
    const events = [];
    for (const input of inputs) {
      const created = await efs.send(new CreateFileSystemCommand(input));
      ids.push(created.FileSystemId ?? '');
      events.push({
        eventSource: 'elasticfilesystem.amazonaws.com',
        eventName: 'CreateFileSystem',
        requestParameters: logged({
          creationToken: input.CreationToken,
          encrypted: input.Encrypted,
          backup: input.Backup,
          tags: input.Tags?.map((tag) => ({ key: tag.Key, value: tag.Value })),
        }),
        responseElements: logged({
          ownerId: created.OwnerId,
          creationToken: input.CreationToken,
          fileSystemId: created.FileSystemId,
          fileSystemArn: created.FileSystemArn,
          lifeCycleState: 'creating',
          encrypted: input.Encrypted,
        }),
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::EFS::FileSystem', resourceId: ids[0] ?? '' },
      compliant: { resourceType: 'AWS::EFS::FileSystem', resourceId: ids[1] ?? '' },
      failingRules: ['efs-encrypted-check'],
      events,
      motoGaps: [
        'moto does not implement PutBackupPolicy: the twin turns backups on at creation (Backup: true); the ' +
          'PutBackupPolicy mapping is unit-tested on the CloudTrail record shape.',
        'moto leaves KmsKeyId out of a file system encrypted with the AWS managed key, where AWS reports the ' +
          'aws/elasticfilesystem key ARN; efs-encrypted-check (no KmsKeyId parameter) judges both alike.',
      ],
    };
  },
};
