import { ACM_CERTIFICATE_SEEDER } from './acm-certificate';
import { API_GATEWAY_STAGE_SEEDER } from './api-gateway-stage';
import { CLASSIC_LOAD_BALANCER_SEEDER } from './classic-load-balancer';
import { LOAD_BALANCER_V2_SEEDER } from './load-balancer-v2';
import type { PairSeeder } from './pair';

/**
 * One seeder per describable resource type (`./<type>.ts`): the all-types integration test seeds every one
 * of them in one moto account and proves the describe sweep, the CloudTrail path and `vigil scan --live`
 * each find every misconfigured resource and flag no compliant twin.
 */
export const PAIR_SEEDERS: readonly PairSeeder[] = [
  ACM_CERTIFICATE_SEEDER,
  API_GATEWAY_STAGE_SEEDER,
  CLASSIC_LOAD_BALANCER_SEEDER,
  LOAD_BALANCER_V2_SEEDER,
];
