import { ACCOUNT } from './account';
import { BACKUP_PLAN } from './backup-plan';
import { DYNAMODB_TABLE } from './dynamodb-table';
import { EC2_INSTANCE } from './ec2-instance';
import { EC2_SECURITY_GROUP } from './ec2-security-group';
import { EFS_FILE_SYSTEM } from './efs-file-system';
import { KMS_KEY } from './kms-key';
import { LOG_GROUP } from './log-group';
import { RDS_CLUSTER } from './rds-cluster';
import { RDS_CLUSTER_SNAPSHOT } from './rds-cluster-snapshot';
import { RDS_INSTANCE } from './rds-instance';
import { RDS_SNAPSHOT } from './rds-snapshot';
import type { DescribableType, DescribePermission } from './resource-type';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK } from './s3-account-public-access-block';
import { S3_BUCKET } from './s3-bucket';
import { TRAIL } from './trail';

/** Every resource type Vigil can describe, list and follow through CloudTrail without AWS Config. */
export const DESCRIBABLE: readonly DescribableType[] = [
  ACCOUNT,
  BACKUP_PLAN,
  DYNAMODB_TABLE,
  EC2_INSTANCE,
  EC2_SECURITY_GROUP,
  EFS_FILE_SYSTEM,
  KMS_KEY,
  LOG_GROUP,
  RDS_CLUSTER,
  RDS_CLUSTER_SNAPSHOT,
  RDS_INSTANCE,
  RDS_SNAPSHOT,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK,
  S3_BUCKET,
  TRAIL,
];

/** The registered support of each type, by Config resource type. */
export const DESCRIBABLE_BY_TYPE: ReadonlyMap<string, DescribableType> = new Map(
  DESCRIBABLE.map((support) => [support.resourceType, support]),
);

/** Resource types Vigil can describe through the service APIs. */
export const DESCRIBABLE_TYPES: readonly string[] = DESCRIBABLE.map((support) => support.resourceType);

/** Every IAM action the describers and listers of `types` (all by default) call, as declared. */
export function describePermissions(
  types: readonly DescribableType[] = DESCRIBABLE,
): readonly DescribePermission[] {
  return types.flatMap((support) => support.permissions);
}
