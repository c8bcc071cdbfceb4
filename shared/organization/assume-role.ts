import { AccountAccessError, type AwsCredentialIdentityProvider } from './account-access';

/**
 * STS refused the member role (AccessDenied): the role does not exist in that account (a member stack
 * without it, e.g. remediation not enabled there) or does not trust this function. Retrying cannot help.
 */
export class MemberRoleUnavailableError extends AccountAccessError {
  override readonly name: string = 'MemberRoleUnavailableError';
}

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
    try {
      return await provider();
    } catch (error) {
      const name = (error as { readonly name?: unknown } | undefined)?.name;
      if (name === 'AccessDenied' || name === 'AccessDeniedException')
        throw new MemberRoleUnavailableError(
          `cannot assume ${roleArn}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error, context: { roleArn } },
        );
      throw error;
    }
  };
}
