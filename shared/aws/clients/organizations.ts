/** The Organizations SDK client, alone in its module so a runtime can import it on first use. */
export { OrganizationsClient } from '@aws-sdk/client-organizations';
