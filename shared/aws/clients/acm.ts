/** The ACM SDK client, alone in its module so a runtime can import it on first use. */
export { ACMClient } from '@aws-sdk/client-acm';
