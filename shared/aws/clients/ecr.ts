/** The ECR SDK client, alone in its module so a runtime can import it on first use. */
export { ECRClient } from '@aws-sdk/client-ecr';
