import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import type { ResourceDescriber } from '#shared/describe/describer';
import { VigilError } from '#shared/errors';
import type { OrganizationConfig } from './organization-config';

/** Temporary AWS credentials, as the SDK's credential providers return them. */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** A source of credentials an SDK client calls before each request (it caches them itself per client). */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** A request to read an account Vigil was not given a way into. */
export class AccountAccessError extends VigilError {
  override readonly name: string = 'AccountAccessError';
}

/**
 * The reads of one account and region: the describer and the Config recorder, with the credentials that
 * reach that account (the function's own in single-account mode, the member role's in organization mode).
 */
export interface AccountAccess {
  /** Whether this deployment may read `accountId` at all. */
  reaches(accountId: string): boolean;
  describer(accountId: string, region: string): ResourceDescriber;
  recorder(accountId: string, region: string): ConfigRecorder;
}

/** What one account's and region's readers are built from. */
export interface AccountReaders {
  readonly describer: ResourceDescriber;
  readonly recorder: ConfigRecorder;
}

/** Builds the readers of one account and region with the given credentials (undefined: the function's own). */
export type ReadersFactory = (
  region: string,
  credentials: AwsCredentialIdentityProvider | undefined,
) => AccountReaders;

/** The role ARN of a member account's read-only (or remediation) role. */
export function memberRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The partition of a region (`aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Milliseconds before expiry at which shared credentials are fetched again. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * One provider of temporary credentials shared by every client of an account (all its regions and
 * services): a single `AssumeRole` call serves them all until five minutes before the credentials expire,
 * and concurrent first calls share it. A failed call is not kept.
 */
export function sharedCredentials(
  provider: AwsCredentialIdentityProvider,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (pending !== undefined) {
      const held = await pending.catch(() => undefined);
      const expires = held?.expiration?.getTime();
      if (held !== undefined && (expires === undefined || expires - now() > REFRESH_BEFORE_EXPIRY_MS))
        return held;
    }
    const fetching = provider();
    pending = fetching;
    fetching.catch(() => {
      if (pending === fetching) pending = undefined;
    });
    return fetching;
  };
}

/** How an organization deployment assumes member roles. */
export interface MemberRoleOptions {
  readonly organization: OrganizationConfig;
  /** The role to assume in each member (default: the read-only `organization.memberRoleName`). */
  readonly roleName?: string;
  /** Assumes `roleArn` with the external id; the SDK's `fromTemporaryCredentials` in production. */
  readonly assumeRole: (roleArn: string, externalId: string) => AwsCredentialIdentityProvider;
}

/** Per account and region, something built with the credentials that reach that account. */
export interface AccountScopes<T> {
  /** Whether this deployment may act in `accountId` at all. */
  reaches(accountId: string): boolean;
  /** The value for one account and region, built once. @throws AccountAccessError for an account not reached. */
  of(accountId: string, region: string): T;
}

/**
 * Values per account and region (clients, readers, write ports). Single-account mode (`member` absent):
 * only `homeAccountId` is reached (every account when it is unset), with the function's own credentials,
 * in any region. Organization mode: every account of `organization.accounts` (every account id when that
 * list is absent: the event bus admits only the organization) through the member role, one credentials
 * provider per account shared by all its regions.
 */
export function createAccountScopes<T>(options: {
  readonly homeAccountId: string | undefined;
  readonly build: (region: string, credentials: AwsCredentialIdentityProvider | undefined) => T;
  readonly member?: MemberRoleOptions;
}): AccountScopes<T> {
  const built = new Map<string, T>();
  const credentials = new Map<string, AwsCredentialIdentityProvider>();
  const { member } = options;
  const reaches = (accountId: string): boolean => {
    if (member === undefined)
      return options.homeAccountId === undefined || accountId === options.homeAccountId;
    const accounts = member.organization.accounts;
    return /^\d{12}$/.test(accountId) && (accounts === undefined || accounts.includes(accountId));
  };
  return {
    reaches,
    of(accountId, region) {
      if (!reaches(accountId)) {
        throw new AccountAccessError(
          member === undefined
            ? `account ${accountId} is not the monitored account ${options.homeAccountId}`
            : `account ${accountId} is not a member account of this deployment`,
          { context: { accountId, region } },
        );
      }
      const key = `${accountId}|${region}`;
      let found = built.get(key);
      if (found === undefined) {
        let provider: AwsCredentialIdentityProvider | undefined;
        if (member !== undefined) {
          provider = credentials.get(accountId);
          if (provider === undefined) {
            const roleName = member.roleName ?? member.organization.memberRoleName;
            const arn = memberRoleArn(accountId, roleName, partitionOf(region));
            provider = sharedCredentials(member.assumeRole(arn, member.organization.externalId));
            credentials.set(accountId, provider);
          }
        }
        found = options.build(region, provider);
        built.set(key, found);
      }
      return found;
    },
  };
}

/**
 * Account access for a deployment's reads: the describer and recorder of each account and region (see
 * {@link createAccountScopes} for which accounts and with which credentials).
 */
export function createAccountAccess(options: {
  readonly homeAccountId: string | undefined;
  readonly readers: ReadersFactory;
  readonly member?: MemberRoleOptions;
}): AccountAccess {
  const scopes = createAccountScopes({
    homeAccountId: options.homeAccountId,
    build: options.readers,
    ...(options.member === undefined ? {} : { member: options.member }),
  });
  return {
    reaches: scopes.reaches,
    describer: (accountId, region) => scopes.of(accountId, region).describer,
    recorder: (accountId, region) => scopes.of(accountId, region).recorder,
  };
}
