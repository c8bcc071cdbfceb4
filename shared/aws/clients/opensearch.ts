/** The OpenSearch SDK client, alone in its module so a runtime can import it on first use. */
export { OpenSearchClient } from '@aws-sdk/client-opensearch';
