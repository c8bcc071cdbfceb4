import { CreateDBInstanceCommand, type CreateDBInstanceCommandInput } from '@aws-sdk/client-rds';
import { logged } from './logged';
import type { PairSeeder } from './pair';

const PASSWORD = { MasterUserPassword: 'not-a-real-password-1' };

/** CreateDBInstance's request parameters as CloudTrail logs them (first letter lower-cased, no password). */
function loggedRequest(input: CreateDBInstanceCommandInput): Record<string, unknown> {
  return logged({
    dBInstanceIdentifier: input.DBInstanceIdentifier,
    dBInstanceClass: input.DBInstanceClass,
    engine: input.Engine,
    allocatedStorage: input.AllocatedStorage,
    masterUsername: input.MasterUsername,
    masterUserPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    publiclyAccessible: input.PubliclyAccessible,
    storageEncrypted: input.StorageEncrypted,
    multiAZ: input.MultiAZ,
    backupRetentionPeriod: input.BackupRetentionPeriod,
    deletionProtection: input.DeletionProtection,
    enableCloudwatchLogsExports: input.EnableCloudwatchLogsExports,
  });
}

/**
 * A PostgreSQL DB instance that is public, unencrypted, single-AZ, without automated backups, deletion
 * protection or log exports, with the default admin name `postgres`, beside a private, encrypted, Multi-AZ
 * twin that keeps backups a week, is protected from deletion, exports the `postgresql` and `upgrade` logs
 * and has its own admin name.
 */
export const RDS_INSTANCE_SEEDER: PairSeeder = {
  resourceType: 'AWS::RDS::DBInstance',
  async seed(clients, { suffix }) {
    const rds = await clients.client('rds');
    const base = { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, ...PASSWORD };
    const misconfigured: CreateDBInstanceCommandInput = {
      ...base,
      MasterUsername: 'postgres',
      DBInstanceIdentifier: `vigil-db-open-${suffix}`,
      PubliclyAccessible: true,
      StorageEncrypted: false,
      MultiAZ: false,
      BackupRetentionPeriod: 0,
      DeletionProtection: false,
    };
    const compliant: CreateDBInstanceCommandInput = {
      ...base,
      MasterUsername: 'vigil_admin',
      DBInstanceIdentifier: `vigil-db-closed-${suffix}`,
      PubliclyAccessible: false,
      StorageEncrypted: true,
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
    };
    const created = [];
    for (const input of [misconfigured, compliant]) {
      const instance = (await rds.send(new CreateDBInstanceCommand(input))).DBInstance;
      created.push({
        resourceId: instance?.DbiResourceId ?? '',
        event: {
          eventSource: 'rds.amazonaws.com',
          eventName: 'CreateDBInstance',
          requestParameters: loggedRequest(input),
          responseElements: logged({
            dBInstanceIdentifier: instance?.DBInstanceIdentifier,
            dbiResourceId: instance?.DbiResourceId,
            dBInstanceArn: instance?.DBInstanceArn,
            dBInstanceStatus: 'creating',
          }),
        },
      });
    }
    const [open, closed] = created;
    return {
      misconfigured: { resourceType: 'AWS::RDS::DBInstance', resourceId: open?.resourceId ?? '' },
      compliant: { resourceType: 'AWS::RDS::DBInstance', resourceId: closed?.resourceId ?? '' },
      failingRules: [
        'db-instance-backup-enabled',
        'rds-instance-deletion-protection-enabled',
        'rds-instance-public-access-check',
        'rds-logging-enabled',
        'rds-multi-az-support',
        'rds-storage-encrypted',
        'rds-instance-default-admin-check',
      ],
      events: created.map((entry) => entry.event),
      motoGaps: [
        'moto gives every DB instance the same DbiResourceId (Config keys instances by it); the moto harness ' +
          'patches a unique one per instance.',
      ],
    };
  },
};
