/** The API Gateway SDK client, alone in its module so a runtime can import it on first use. */
export { APIGatewayClient } from '@aws-sdk/client-api-gateway';
