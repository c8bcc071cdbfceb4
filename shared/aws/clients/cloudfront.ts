/** The CloudFront SDK client, alone in its module so a runtime can import it on first use. */
export { CloudFrontClient } from '@aws-sdk/client-cloudfront';
