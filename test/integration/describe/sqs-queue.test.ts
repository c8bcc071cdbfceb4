import { SQS_QUEUE_SEEDER } from '#test/support/estate/sqs-queue';
import { provePair } from './prove-pair';

provePair(SQS_QUEUE_SEEDER);
