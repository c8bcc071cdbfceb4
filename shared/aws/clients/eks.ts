/** The EKS SDK client, alone in its module so a runtime can import it on first use. */
export { EKSClient } from '@aws-sdk/client-eks';
