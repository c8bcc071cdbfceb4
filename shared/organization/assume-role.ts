import type { AwsCredentialIdentityProvider } from './account-access';

/** Session name every Vigil assumed-role session carries (CloudTrail shows it in member accounts). */
export const MEMBER_SESSION_NAME = 'vigil';

/** Temporary credentials of a member role, from STS in the function's own region (and endpoint). */
export function assumeRoleCredentials(
  common: Readonly<Record<string, unknown>> & { readonly region: string },
  roleArn: string,
  externalId: string,
): AwsCredentialIdentityProvider {
  const { credentials, ...clientConfig } = common;
  let provider: AwsCredentialIdentityProvider | undefined;
  return async () => {
    if (provider === undefined) {
      // Imported on first use: a single-account container never loads it.
      const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
      provider = fromTemporaryCredentials({
        params: {
          RoleArn: roleArn,
          ExternalId: externalId,
          RoleSessionName: MEMBER_SESSION_NAME,
          DurationSeconds: 3600,
        },
        clientConfig,
        ...(credentials === undefined
          ? {}
          : { masterCredentials: credentials as { accessKeyId: string; secretAccessKey: string } }),
      }) as AwsCredentialIdentityProvider;
    }
    return provider();
  };
}
