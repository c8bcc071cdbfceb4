/** The Secrets Manager SDK client, alone in its module so a runtime can import it on first use. */
export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
