import { RDS_SNAPSHOT_SEEDER } from '#test/support/estate/rds-snapshot';
import { provePair } from './prove-pair';

provePair(RDS_SNAPSHOT_SEEDER);
