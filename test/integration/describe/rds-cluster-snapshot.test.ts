import { RDS_CLUSTER_SNAPSHOT_SEEDER } from '#test/support/estate/rds-cluster-snapshot';
import { provePair } from './prove-pair';

provePair(RDS_CLUSTER_SNAPSHOT_SEEDER);
