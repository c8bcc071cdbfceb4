import { ACCOUNT_SEEDER } from './account';
import { IAM_POLICY_SEEDER } from './iam-policy';
import { IAM_USER_SEEDER } from './iam-user';
import type { PairSeeder } from './pair';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_SEEDER } from './s3-account-public-access-block';

/**
 * One seeder per describable resource type (`./<type>.ts`): the all-types integration test seeds every one
 * of them in one moto account and proves the describe sweep, the CloudTrail path and `vigil scan --live`
 * each find every misconfigured resource and flag no compliant twin.
 */
export const PAIR_SEEDERS: readonly PairSeeder[] = [
  ACCOUNT_SEEDER,
  IAM_POLICY_SEEDER,
  IAM_USER_SEEDER,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_SEEDER,
];
