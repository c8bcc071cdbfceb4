import { BACKUP_PLAN_SEEDER } from './backup-plan';
import { DYNAMODB_TABLE_SEEDER } from './dynamodb-table';
import { EFS_FILE_SYSTEM_SEEDER } from './efs-file-system';
import type { PairSeeder } from './pair';
import { RDS_CLUSTER_SEEDER } from './rds-cluster';
import { RDS_CLUSTER_SNAPSHOT_SEEDER } from './rds-cluster-snapshot';
import { RDS_INSTANCE_SEEDER } from './rds-instance';
import { RDS_SNAPSHOT_SEEDER } from './rds-snapshot';

/**
 * One seeder per describable resource type (`./<type>.ts`): the all-types integration test seeds every one
 * of them in one moto account and proves the describe sweep, the CloudTrail path and `vigil scan --live`
 * each find every misconfigured resource and flag no compliant twin.
 */
export const PAIR_SEEDERS: readonly PairSeeder[] = [
  BACKUP_PLAN_SEEDER,
  DYNAMODB_TABLE_SEEDER,
  EFS_FILE_SYSTEM_SEEDER,
  RDS_CLUSTER_SEEDER,
  RDS_CLUSTER_SNAPSHOT_SEEDER,
  RDS_INSTANCE_SEEDER,
  RDS_SNAPSHOT_SEEDER,
];
