import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Parameters of `iam-password-policy`, with the managed rule's names and defaults. */
export type IamPasswordPolicyParameters = {
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  MinimumPasswordLength: number;
  PasswordReusePrevention: number;
  MaxPasswordAge: number;
};

const CHARACTER_CLASSES = [
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'RequireSymbols',
  'RequireNumbers',
] as const;

/**
 * The account password policy meets every parameter: each required character class is required, passwords
 * are at least `MinimumPasswordLength` long, the last `PasswordReusePrevention` passwords cannot be reused,
 * and passwords expire within `MaxPasswordAge` days. No policy (IAM's default) fails, as the managed rule
 * documents; a policy that was not collected is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-password-policy.html
 */
export const iamPasswordPolicy = {
  id: 'iam-password-policy',
  title: 'The IAM password policy meets the length, complexity, reuse and expiry requirements',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    RequireUppercaseCharacters: {
      type: 'boolean',
      default: true,
      description: 'Require an uppercase letter.',
    },
    RequireLowercaseCharacters: {
      type: 'boolean',
      default: true,
      description: 'Require a lowercase letter.',
    },
    RequireSymbols: { type: 'boolean', default: true, description: 'Require a symbol.' },
    RequireNumbers: { type: 'boolean', default: true, description: 'Require a number.' },
    MinimumPasswordLength: { type: 'number', default: 14, description: 'Minimum password length.' },
    PasswordReusePrevention: {
      type: 'number',
      default: 24,
      description: 'Number of previous passwords that cannot be reused.',
    },
    MaxPasswordAge: {
      type: 'number',
      default: 90,
      description: 'Maximum number of days before a password expires.',
    },
  },
  rationale:
    'Strong, expiring, non-reused passwords limit what a guessed or leaked IAM user password is worth.',
  remediationAdvice:
    'Set the policy: `aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --password-reuse-prevention 24 --max-password-age 90`.',
  evaluate(item, { parameters }) {
    const policy = item.configuration?.passwordPolicy;
    if (policy === undefined) return notApplicable('The account password policy was not collected.');
    if (policy === null) return nonCompliant('The account has no password policy; IAM defaults apply.');
    const gaps: string[] = [];
    for (const key of CHARACTER_CLASSES) {
      if (parameters[key] && policy[key] !== true) gaps.push(`${key} is off`);
    }
    const length = policy.MinimumPasswordLength;
    if (length === undefined || length < parameters.MinimumPasswordLength) {
      gaps.push(`MinimumPasswordLength ${length ?? 'unset'} < ${parameters.MinimumPasswordLength}`);
    }
    const reuse = policy.PasswordReusePrevention;
    if (reuse === undefined || reuse < parameters.PasswordReusePrevention) {
      gaps.push(`PasswordReusePrevention ${reuse ?? 'unset'} < ${parameters.PasswordReusePrevention}`);
    }
    const maxAge = policy.MaxPasswordAge;
    const age = policy.ExpirePasswords === false || maxAge === undefined || maxAge <= 0 ? undefined : maxAge;
    if (age === undefined || age > parameters.MaxPasswordAge) {
      gaps.push(`MaxPasswordAge ${age ?? 'unset (passwords never expire)'} > ${parameters.MaxPasswordAge}`);
    }
    if (gaps.length > 0) return nonCompliant(`Password policy falls short: ${gaps.join('; ')}.`);
    return compliant(
      `Password policy requires ${length} characters, all required classes, blocks reuse of ${reuse} and expires after ${age} days.`,
    );
  },
} as const satisfies Rule<IamPasswordPolicyParameters, AccountConfiguration>;
