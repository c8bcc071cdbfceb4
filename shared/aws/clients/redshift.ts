/** The Redshift SDK client, alone in its module so a runtime can import it on first use. */
export { RedshiftClient } from '@aws-sdk/client-redshift';
