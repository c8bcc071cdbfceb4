import { REDSHIFT_CLUSTER_SEEDER } from '#test/support/estate/redshift-cluster';
import { provePair } from './prove-pair';

provePair(REDSHIFT_CLUSTER_SEEDER);
