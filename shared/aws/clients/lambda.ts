/** The Lambda SDK client, alone in its module so a runtime can import it on first use. */
export { LambdaClient } from '@aws-sdk/client-lambda';
