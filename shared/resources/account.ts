/**
 * Configuration of the `AWS::::Account` item, one per account and region. AWS Config records no
 * such item; Vigil's describer builds it from account-level APIs so account rules stay pure. Every
 * field is optional: absent means "not collected", which rules report as NOT_APPLICABLE with the reason
 * (never a verdict from data that was not collected); `null` means collected and absent (no password
 * policy, no Block Public Access configuration).
 */
export type AccountConfiguration = {
  /** IAM `GetAccountPasswordPolicy`; `null` when the account has no password policy. */
  readonly passwordPolicy?: {
    readonly MinimumPasswordLength?: number;
    readonly RequireSymbols?: boolean;
    readonly RequireNumbers?: boolean;
    readonly RequireUppercaseCharacters?: boolean;
    readonly RequireLowercaseCharacters?: boolean;
    readonly AllowUsersToChangePassword?: boolean;
    readonly ExpirePasswords?: boolean;
    readonly MaxPasswordAge?: number;
    readonly PasswordReusePrevention?: number;
    readonly HardExpiry?: boolean;
  } | null;
  /** IAM `GetAccountSummary` SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent, …). */
  readonly accountSummary?: Readonly<Record<string, number>>;
  /** EC2 `GetEbsEncryptionByDefault` for this region. */
  readonly ebsEncryptionByDefault?: boolean;
  /** GuardDuty detectors of this region (`ListDetectors` + `GetDetector`). */
  readonly guardDutyDetectors?: readonly {
    readonly detectorId: string;
    readonly status: 'ENABLED' | 'DISABLED';
    /**
     * `GetAdministratorAccount` for this detector: the account GuardDuty findings are centralized in;
     * `null` when the account has no administrator, absent when not collected.
     */
    readonly administrator?: {
      readonly accountId: string;
      /** `Enabled` once the membership is in effect (`Invited`, `Removed`, `Resigned`, … otherwise). */
      readonly relationshipStatus: string;
    } | null;
  }[];
  /** Security Hub `DescribeHub` for this region; absent hub → `enabled: false`. */
  readonly securityHub?: { readonly enabled: boolean; readonly hubArn?: string };
  /**
   * S3 Control `GetPublicAccessBlock` for the account, in the camelCase of Config's
   * `AWS::S3::AccountPublicAccessBlock` item; `null` when the account has none
   * (`NoSuchPublicAccessBlockConfiguration`), absent when not collected.
   */
  readonly s3PublicAccessBlock?: {
    readonly blockPublicAcls?: boolean;
    readonly ignorePublicAcls?: boolean;
    readonly blockPublicPolicy?: boolean;
    readonly restrictPublicBuckets?: boolean;
  } | null;
};
