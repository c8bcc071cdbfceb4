import { EC2_INSTANCE_SEEDER } from './ec2-instance';
import { EC2_SECURITY_GROUP_SEEDER } from './ec2-security-group';
import { EC2_VOLUME_SEEDER } from './ec2-volume';
import { EC2_VPC_SEEDER } from './ec2-vpc';
import type { PairSeeder } from './pair';

/**
 * One seeder per describable resource type (`./<type>.ts`): the all-types integration test seeds every one
 * of them in one moto account and proves the describe sweep, the CloudTrail path and `vigil scan --live`
 * each find every misconfigured resource and flag no compliant twin.
 */
export const PAIR_SEEDERS: readonly PairSeeder[] = [
  EC2_INSTANCE_SEEDER,
  EC2_SECURITY_GROUP_SEEDER,
  EC2_VOLUME_SEEDER,
  EC2_VPC_SEEDER,
];
