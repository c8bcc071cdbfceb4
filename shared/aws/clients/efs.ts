/** The EFS SDK client, alone in its module so a runtime can import it on first use. */
export { EFSClient } from '@aws-sdk/client-efs';
