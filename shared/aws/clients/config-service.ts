/** The AWS Config SDK client, alone in its module so a runtime can import it on first use. */
export { ConfigServiceClient } from '@aws-sdk/client-config-service';
