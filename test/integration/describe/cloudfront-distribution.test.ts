import { CLOUDFRONT_DISTRIBUTION_SEEDER } from '#test/support/estate/cloudfront-distribution';
import { provePair } from './prove-pair';

provePair(CLOUDFRONT_DISTRIBUTION_SEEDER);
