/** The Kinesis SDK client, alone in its module so a runtime can import it on first use. */
export { KinesisClient } from '@aws-sdk/client-kinesis';
