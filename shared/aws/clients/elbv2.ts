/** The Elastic Load Balancing v2 SDK client, alone in its module so a runtime can import it on first use. */
export { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
