import { RDS_CLUSTER_SEEDER } from '#test/support/estate/rds-cluster';
import { provePair } from './prove-pair';

provePair(RDS_CLUSTER_SEEDER);
