import { IAM_GROUP_SEEDER } from '#test/support/estate/iam-group';
import { provePair } from './prove-pair';

provePair(IAM_GROUP_SEEDER);
