import { ELASTICACHE_REPLICATION_GROUP_SEEDER } from '#test/support/estate/elasticache-replication-group';
import { provePair } from './prove-pair';

provePair(ELASTICACHE_REPLICATION_GROUP_SEEDER);
