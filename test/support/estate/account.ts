import { type IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { motoAccountClients, motoAccountId } from './accounts';
import type { PairSeeder, SeededCall } from './pair';

/** The password policy `iam-password-policy` asks for (its defaults), and stricter. */
const STRONG = {
  MinimumPasswordLength: 16,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};

/** Eight characters, no classes required, no reuse prevention, no expiry. */
const WEAK = { MinimumPasswordLength: 8, AllowUsersToChangePassword: true };

/** UpdateAccountPasswordPolicy, and the call as CloudTrail records it (the request's fields, camelCase). */
async function setPasswordPolicy(
  iam: IAMClient,
  policy: Readonly<Record<string, number | boolean>>,
): Promise<SeededCall> {
  await iam.send(new UpdateAccountPasswordPolicyCommand(policy));
  return {
    eventSource: 'iam.amazonaws.com',
    eventName: 'UpdateAccountPasswordPolicy',
    requestParameters: Object.fromEntries(
      Object.entries(policy).map(([key, value]) => [key.charAt(0).toLowerCase() + key.slice(1), value]),
    ),
  };
}

/**
 * The `AWS::::Account` item, one per account: the seeded account gets a weak password policy (it fails
 * `iam-password-policy`), and its twin, a second moto account (`compliant.accountId`), a strong one.
 */
export const ACCOUNT_SEEDER: PairSeeder = {
  resourceType: ACCOUNT_RESOURCE_TYPE,
  async seed(clients, { accountId, suffix }) {
    const misconfigured = await setPasswordPolicy(await clients.client('iam'), WEAK);
    const twin = await motoAccountClients(clients, motoAccountId(`${ACCOUNT_RESOURCE_TYPE}:${suffix}`));
    try {
      const compliant = await setPasswordPolicy(await twin.clients.client('iam'), STRONG);
      return {
        misconfigured: { resourceType: ACCOUNT_RESOURCE_TYPE, resourceId: accountId },
        compliant: {
          resourceType: ACCOUNT_RESOURCE_TYPE,
          resourceId: twin.accountId,
          accountId: twin.accountId,
        },
        failingRules: ['iam-password-policy'],
        events: [misconfigured, { ...compliant, accountId: twin.accountId }],
        motoGaps: [
          "moto cannot turn on the root user's MFA nor give it access keys: GetAccountSummary always answers " +
            'AccountMFAEnabled 0 and AccountAccessKeysPresent 0, so root-account-mfa-enabled fails and ' +
            'iam-root-access-key-check passes in every moto account; unit tests (account-iam.test.ts) judge ' +
            'both ways on AWS-shaped summaries.',
        ],
      };
    } finally {
      twin.destroy();
    }
  },
};
