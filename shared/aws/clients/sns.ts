/** The SNS SDK client, alone in its module so a runtime can import it on first use. */
export { SNSClient } from '@aws-sdk/client-sns';
