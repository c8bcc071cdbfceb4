/** The Security Hub SDK client, alone in its module so a runtime can import it on first use. */
export { SecurityHubClient } from '@aws-sdk/client-securityhub';
