/** The KMS SDK client, alone in its module so a runtime can import it on first use. */
export { KMSClient } from '@aws-sdk/client-kms';
