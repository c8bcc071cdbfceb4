/**
 * The Kinesis SDK client, alone in its module so a runtime can import it on first use, with the HTTP/1.1
 * handler it is given (see `shared/aws/service-clients.ts`).
 */
export { KinesisClient } from '@aws-sdk/client-kinesis';
export { NodeHttpHandler } from '@smithy/node-http-handler';
