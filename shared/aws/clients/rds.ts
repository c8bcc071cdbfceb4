/** The RDS SDK client, alone in its module so a runtime can import it on first use. */
export { RDSClient } from '@aws-sdk/client-rds';
