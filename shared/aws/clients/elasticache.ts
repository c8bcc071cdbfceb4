/** The ElastiCache SDK client, alone in its module so a runtime can import it on first use. */
export { ElastiCacheClient } from '@aws-sdk/client-elasticache';
