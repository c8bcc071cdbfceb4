import { OPENSEARCH_DOMAIN_SEEDER } from '#test/support/estate/opensearch-domain';
import { provePair } from './prove-pair';

provePair(OPENSEARCH_DOMAIN_SEEDER);
