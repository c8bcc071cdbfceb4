import { RDS_INSTANCE_SEEDER } from '#test/support/estate/rds-instance';
import { provePair } from './prove-pair';

provePair(RDS_INSTANCE_SEEDER);
