/** The CloudTrail SDK client, alone in its module so a runtime can import it on first use. */
export { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
