import { z } from 'zod';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import { oncePerItem } from '#shared/config-item/once-per-item';

/** Resource type of IAM users in AWS Config. */
export const IAM_USER_RESOURCE_TYPE = 'AWS::IAM::User';

/** Resource type of customer managed IAM policies in AWS Config. */
export const IAM_POLICY_RESOURCE_TYPE = 'AWS::IAM::Policy';

/**
 * The `configuration` of an `AWS::IAM::User` item as AWS Config records it (GetAccountAuthorizationDetails
 * shape, camelCase). Config records no credentials: MFA devices, access keys, the console password and its
 * last use come from Vigil supplementary keys, see `IamUserSupplementary`.
 */
export type IamUserConfiguration = {
  readonly userName?: string;
  readonly userId?: string;
  readonly arn?: string;
  readonly path?: string;
  readonly createDate?: string;
  readonly groupList?: readonly string[];
  readonly attachedManagedPolicies?: readonly { readonly policyName?: string; readonly policyArn?: string }[];
  /** Inline policies; `policyDocument` is URL-encoded JSON. */
  readonly userPolicyList?: readonly { readonly policyName?: string; readonly policyDocument?: string }[];
  readonly permissionsBoundary?: { readonly permissionsBoundaryArn?: string } | null;
};

const timestampSchema = z.union([z.string().min(1), z.number(), z.date()]).transform((value, ctx) => {
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not a timestamp: ${String(value)}` });
    return z.NEVER;
  }
  return date;
});

/** Vigil supplementary key `MfaDevices`: IAM `ListMFADevices` for the user. */
export const MfaDevicesSchema = z.array(
  z.looseObject({ SerialNumber: z.string(), EnableDate: timestampSchema.optional() }),
);

/**
 * Vigil supplementary key `AccessKeys`: IAM `ListAccessKeys` for the user, each key with its
 * `GetAccessKeyLastUsed` `LastUsedDate` (absent or null when never used).
 */
export const AccessKeysSchema = z.array(
  z.looseObject({
    AccessKeyId: z.string(),
    Status: z.enum(['Active', 'Inactive', 'Expired']),
    CreateDate: timestampSchema,
    LastUsedDate: timestampSchema.nullish(),
  }),
);

/** Vigil supplementary key `LoginProfile`: IAM `GetLoginProfile`; `null` when the user has no console password. */
export const LoginProfileSchema = z
  .looseObject({ CreateDate: timestampSchema, PasswordResetRequired: z.boolean().optional() })
  .nullable();

/** Vigil supplementary key `PasswordLastUsed`: IAM `GetUser` `PasswordLastUsed`; `null` when never used. */
export const PasswordLastUsedSchema = timestampSchema.nullable();

/**
 * Vigil supplementary keys of an `AWS::IAM::User` item, filled by the describer (AWS Config records none):
 * `MfaDevices` (ListMFADevices), `AccessKeys` (ListAccessKeys + GetAccessKeyLastUsed `LastUsedDate`),
 * `LoginProfile` (GetLoginProfile, `null` without console password), `PasswordLastUsed` (GetUser, `null`
 * when never used). An absent key means "not collected".
 */
export type IamUserSupplementary = {
  readonly MfaDevices?: z.input<typeof MfaDevicesSchema>;
  readonly AccessKeys?: z.input<typeof AccessKeysSchema>;
  readonly LoginProfile?: z.input<typeof LoginProfileSchema>;
  readonly PasswordLastUsed?: z.input<typeof PasswordLastUsedSchema>;
};

/** An IAM user's credentials as far as they were collected; `undefined` fields were not collected. */
export interface IamUserCredentials {
  readonly userName: string;
  readonly mfaDevices: readonly { readonly serialNumber: string }[] | undefined;
  readonly accessKeys:
    | readonly {
        readonly accessKeyId: string;
        readonly active: boolean;
        readonly createDate: Date;
        readonly lastUsedDate: Date | undefined;
      }[]
    | undefined;
  /** `null`: no console password. */
  readonly loginProfile: { readonly createDate: Date } | null | undefined;
  /** `null`: never used (or not reported by IAM). */
  readonly passwordLastUsed: Date | null | undefined;
}

function parseKey<T extends z.ZodType>(
  item: ConfigurationItem,
  key: string,
  schema: T,
): z.output<T> | undefined {
  if (!(key in item.supplementaryConfiguration) || item.supplementaryConfiguration[key] === undefined) {
    return undefined;
  }
  const parsed = schema.safeParse(item.supplementaryConfiguration[key]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${[key, ...issue.path].join('.')}: ${issue.message}` : key;
    throw new InvalidConfigurationItemError(
      `${item.resourceType} ${item.resourceId}: supplementaryConfiguration.${where}`,
      {
        cause: parsed.error,
        context: { resourceType: item.resourceType, resourceId: item.resourceId, key },
      },
    );
  }
  return parsed.data;
}

/**
 * The user's credentials from Vigil's supplementary keys.
 * @throws InvalidConfigurationItemError when a key is present but malformed.
 */
export const readUserCredentials: (item: ConfigurationItem<IamUserConfiguration>) => IamUserCredentials =
  oncePerItem((item) => {
    const mfa = parseKey(item, 'MfaDevices', MfaDevicesSchema);
    const keys = parseKey(item, 'AccessKeys', AccessKeysSchema);
    const profile = parseKey(item, 'LoginProfile', LoginProfileSchema);
    return {
      userName: item.configuration?.userName ?? item.resourceName ?? item.resourceId,
      mfaDevices: mfa?.map((device) => ({ serialNumber: device.SerialNumber })),
      accessKeys: keys?.map((key) => ({
        accessKeyId: key.AccessKeyId,
        active: key.Status === 'Active',
        createDate: key.CreateDate,
        lastUsedDate: key.LastUsedDate ?? undefined,
      })),
      loginProfile:
        profile === undefined ? undefined : profile === null ? null : { createDate: profile.CreateDate },
      passwordLastUsed: parseKey(item, 'PasswordLastUsed', PasswordLastUsedSchema),
    };
  });

/** Whole days from `from` to `to` (rounded down). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/**
 * The `configuration` of an `AWS::IAM::Policy` item as AWS Config records it (customer managed policies
 * only): every stored version with its URL-encoded `document`.
 */
export type IamPolicyConfiguration = {
  readonly policyName?: string;
  readonly policyId?: string;
  readonly arn?: string;
  readonly path?: string;
  readonly defaultVersionId?: string;
  readonly attachmentCount?: number;
  readonly permissionsBoundaryUsageCount?: number;
  readonly isAttachable?: boolean;
  readonly policyVersionList?: readonly {
    /** URL-encoded JSON (sometimes already decoded, or an object). */
    readonly document?: unknown;
    readonly versionId?: string;
    readonly isDefaultVersion?: boolean;
    readonly createDate?: string;
  }[];
};

/** The default (effective) version of a managed policy, if recorded with its document. */
export function defaultPolicyVersion(
  configuration: IamPolicyConfiguration,
): { readonly versionId: string; readonly document: unknown } | undefined {
  const versions = configuration.policyVersionList ?? [];
  const version =
    versions.find((candidate) => candidate.isDefaultVersion === true) ??
    versions.find((candidate) => candidate.versionId === configuration.defaultVersionId);
  if (version?.document === undefined || version.document === null || version.document === '')
    return undefined;
  return {
    versionId: version.versionId ?? configuration.defaultVersionId ?? '(default)',
    document: version.document,
  };
}

/** True for AWS managed policy ARNs (`arn:<partition>:iam::aws:policy/...`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}
