/** The WAFv2 SDK client, alone in its module so a runtime can import it on first use. */
export { WAFV2Client } from '@aws-sdk/client-wafv2';
