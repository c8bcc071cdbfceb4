/** The S3 SDK client, alone in its module so a runtime can import it on first use. */
export { S3Client } from '@aws-sdk/client-s3';
