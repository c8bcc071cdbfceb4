/** The DynamoDB SDK client, alone in its module so a runtime can import it on first use. */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
