/** The S3 Control SDK client, alone in its module so a runtime can import it on first use. */
export { S3ControlClient } from '@aws-sdk/client-s3-control';
