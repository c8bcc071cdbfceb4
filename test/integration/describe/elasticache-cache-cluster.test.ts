import { ELASTICACHE_CACHE_CLUSTER_SEEDER } from '#test/support/estate/elasticache-cache-cluster';
import { provePair } from './prove-pair';

provePair(ELASTICACHE_CACHE_CLUSTER_SEEDER);
