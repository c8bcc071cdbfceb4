import { z } from 'zod';

/** How the central account of an organization deployment reaches its member accounts. */
export interface OrganizationConfig {
  /** The read-only role the central functions assume in every member account (same name everywhere). */
  readonly memberRoleName: string;
  /** The external id the member roles' trust policies require. */
  readonly externalId: string;
  /** The role the remediation function assumes in a member account; absent: no remediation in members. */
  readonly remediationRoleName?: string;
  /** Member account ids to sweep; absent: every ACTIVE account of the organization (Organizations `ListAccounts`). */
  readonly accounts?: readonly string[];
  /** Regions the member stacks are deployed to; the first is where global types (IAM) are read, once per account. */
  readonly regions: readonly string[];
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function listOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The organization variables of a Vigil function (only the CDK construct sets them). */
export const OrganizationEnvSchema = z
  .object({
    MEMBER_ROLE_NAME: z.string().optional(),
    MEMBER_EXTERNAL_ID: z.string().optional(),
    MEMBER_REMEDIATION_ROLE_NAME: z.string().optional(),
    MEMBER_ACCOUNTS: z.string().optional(),
    MEMBER_REGIONS: z.string().optional(),
  })
  .transform((env, ctx): OrganizationConfig | undefined => {
    const roleName = env.MEMBER_ROLE_NAME?.trim() ?? '';
    if (roleName === '') return undefined;
    if (!/^[\w+=,.@-]{1,64}$/.test(roleName))
      ctx.addIssue({ code: 'custom', path: ['MEMBER_ROLE_NAME'], message: 'not an IAM role name' });
    const externalId = env.MEMBER_EXTERNAL_ID?.trim() ?? '';
    if (!/^[\w+=,.@:/-]{2,1224}$/.test(externalId))
      ctx.addIssue({
        code: 'custom',
        path: ['MEMBER_EXTERNAL_ID'],
        message: 'required with MEMBER_ROLE_NAME: 2 to 1,224 characters of [\\w+=,.@:/-]',
      });
    const accounts = listOf(env.MEMBER_ACCOUNTS);
    const badAccounts = accounts.filter((account) => !ACCOUNT_ID.test(account));
    if (badAccounts.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['MEMBER_ACCOUNTS'],
        message: `not 12-digit account ids: ${badAccounts.join(', ')}`,
      });
    const regions = listOf(env.MEMBER_REGIONS);
    const badRegions = regions.filter((region) => !REGION.test(region));
    if (regions.length === 0 || badRegions.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['MEMBER_REGIONS'],
        message:
          regions.length === 0
            ? 'required with MEMBER_ROLE_NAME: the regions member stacks are deployed to'
            : `not region names: ${badRegions.join(', ')}`,
      });
    const remediationRoleName = env.MEMBER_REMEDIATION_ROLE_NAME?.trim() ?? '';
    return {
      memberRoleName: roleName,
      externalId,
      ...(remediationRoleName === '' ? {} : { remediationRoleName }),
      ...(accounts.length === 0 ? {} : { accounts: [...new Set(accounts)] }),
      regions: [...new Set(regions)],
    };
  });
