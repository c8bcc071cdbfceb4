/** The SQS SDK client, alone in its module so a runtime can import it on first use. */
export { SQSClient } from '@aws-sdk/client-sqs';
