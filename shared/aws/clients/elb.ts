/** The Elastic Load Balancing (classic) SDK client, alone in its module so a runtime can import it on first use. */
export { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
