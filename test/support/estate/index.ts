import { ECR_REPOSITORY_SEEDER } from './ecr-repository';
import { EKS_CLUSTER_SEEDER } from './eks-cluster';
import { LAMBDA_FUNCTION_SEEDER } from './lambda-function';
import type { PairSeeder } from './pair';
import { SECRETSMANAGER_SECRET_SEEDER } from './secretsmanager-secret';
import { SNS_TOPIC_SEEDER } from './sns-topic';

/**
 * One seeder per describable resource type (`./<type>.ts`): the all-types integration test seeds every one
 * of them in one moto account and proves the describe sweep, the CloudTrail path and `vigil scan --live`
 * each find every misconfigured resource and flag no compliant twin.
 */
export const PAIR_SEEDERS: readonly PairSeeder[] = [
  ECR_REPOSITORY_SEEDER,
  EKS_CLUSTER_SEEDER,
  LAMBDA_FUNCTION_SEEDER,
  SECRETSMANAGER_SECRET_SEEDER,
  SNS_TOPIC_SEEDER,
];
