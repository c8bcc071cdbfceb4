import { DYNAMODB_TABLE_SEEDER } from '#test/support/estate/dynamodb-table';
import { provePair } from './prove-pair';

provePair(DYNAMODB_TABLE_SEEDER);
