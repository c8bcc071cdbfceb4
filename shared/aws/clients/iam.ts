/** The IAM SDK client, alone in its module so a runtime can import it on first use. */
export { IAMClient } from '@aws-sdk/client-iam';
