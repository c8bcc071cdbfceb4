import {
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { logged } from './logged';
import type { PairSeeder } from './pair';

/** An account the twin is shared with (sharing with a named account is not public). */
const DR_ACCOUNT = '210987654321';

/**
 * Two manual snapshots of one DB instance: one made public (`restore` = `all`), its twin shared with one
 * named account. AWS lets only unencrypted snapshots be public, so the source instance is unencrypted (and
 * fails rds-storage-encrypted: it is neither of the pair); it is otherwise private, Multi-AZ, backed up and
 * protected. moto also creates the instance's automated snapshot, which cannot be shared and passes.
 */
export const RDS_SNAPSHOT_SEEDER: PairSeeder = {
  resourceType: 'AWS::RDS::DBSnapshot',
  async seed(clients, { suffix }) {
    const rds = await clients.client('rds');
    const instance = `vigil-snap-source-${suffix}`;
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: instance,
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.micro',
        AllocatedStorage: 20,
        MasterUsername: 'vigil_admin',
        MasterUserPassword: 'not-a-real-password-1',
        PubliclyAccessible: false,
        StorageEncrypted: false,
        MultiAZ: true,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      }),
    );
    const events = [];
    const names = [`vigil-snap-public-${suffix}`, `vigil-snap-shared-${suffix}`];
    for (const [index, name] of names.entries()) {
      const snapshot = (
        await rds.send(
          new CreateDBSnapshotCommand({ DBSnapshotIdentifier: name, DBInstanceIdentifier: instance }),
        )
      ).DBSnapshot;
      events.push({
        eventSource: 'rds.amazonaws.com',
        eventName: 'CreateDBSnapshot',
        requestParameters: { dBSnapshotIdentifier: name, dBInstanceIdentifier: instance },
        responseElements: logged({
          dBSnapshotIdentifier: name,
          dBInstanceIdentifier: instance,
          dBSnapshotArn: snapshot?.DBSnapshotArn,
          snapshotType: 'manual',
          status: 'creating',
        }),
      });
      const values = index === 0 ? ['all'] : [DR_ACCOUNT];
      await rds.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: name,
          AttributeName: 'restore',
          ValuesToAdd: values,
        }),
      );
      events.push({
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBSnapshotAttribute',
        requestParameters: { dBSnapshotIdentifier: name, attributeName: 'restore', valuesToAdd: values },
        responseElements: {
          dBSnapshotIdentifier: name,
          dBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: values }],
        },
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::RDS::DBSnapshot', resourceId: names[0] ?? '' },
      compliant: { resourceType: 'AWS::RDS::DBSnapshot', resourceId: names[1] ?? '' },
      failingRules: ['rds-snapshots-public-prohibited'],
      motoGaps: [
        'rds-snapshot-encrypted is not in failingRules: AWS shares only unencrypted snapshots publicly, so the ' +
          'public DB snapshot of this pair is unencrypted and so is its twin (one source); the rule is proven on ' +
          'recorded fixtures (encrypted and unencrypted).',
      ],
      events,
    };
  },
};
