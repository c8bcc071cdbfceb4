/** The STS SDK client, alone in its module so a runtime can import it on first use. */
export { STSClient } from '@aws-sdk/client-sts';
