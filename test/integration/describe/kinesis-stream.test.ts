import { KINESIS_STREAM_SEEDER } from '#test/support/estate/kinesis-stream';
import { provePair } from './prove-pair';

provePair(KINESIS_STREAM_SEEDER);
