import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import { oncePerItem } from '#shared/config-item/once-per-item';
import { objectOf } from '#shared/resources/json-values';

/** Resource type of IAM users in AWS Config. */
export const IAM_USER_RESOURCE_TYPE = 'AWS::IAM::User';

/** Resource type of customer managed IAM policies in AWS Config. */
export const IAM_POLICY_RESOURCE_TYPE = 'AWS::IAM::Policy';

/** The pseudo-region AWS Config records IAM resources in (IAM is global: one item per account, not per region). */
export const IAM_REGION = 'global';

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

/** A timestamp as the describers write it: ISO text, epoch seconds, or a Date. */
type Timestamp = string | number | Date;

/**
 * Vigil supplementary keys of an `AWS::IAM::User` item, filled by the describer (AWS Config records none):
 * `MfaDevices` (ListMFADevices), `AccessKeys` (ListAccessKeys + GetAccessKeyLastUsed `LastUsedDate`,
 * absent or null when never used), `LoginProfile` (GetLoginProfile, `null` without console password),
 * `PasswordLastUsed` (GetUser, `null` when never used). An absent key means "not collected".
 */
export type IamUserSupplementary = {
  readonly MfaDevices?: readonly { readonly SerialNumber: string; readonly EnableDate?: Timestamp }[];
  readonly AccessKeys?: readonly {
    readonly AccessKeyId: string;
    readonly Status: 'Active' | 'Inactive' | 'Expired';
    readonly CreateDate: Timestamp;
    readonly LastUsedDate?: Timestamp | null;
  }[];
  readonly LoginProfile?: { readonly CreateDate: Timestamp; readonly PasswordResetRequired?: boolean } | null;
  readonly PasswordLastUsed?: Timestamp | null;
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

/** Where and how a supplementary value breaks its shape. */
class ShapeIssue {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}

const ACCESS_KEY_STATUSES = new Set(['Active', 'Inactive', 'Expired']);

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function objectAt(value: unknown, path: string): Readonly<Record<string, unknown>> {
  const object = objectOf(value);
  if (object === undefined) throw new ShapeIssue(path, `expected an object, got ${describeType(value)}`);
  return object;
}

function listAt(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ShapeIssue(path, `expected a list, got ${describeType(value)}`);
  return value;
}

function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new ShapeIssue(path, `expected a string, got ${describeType(value)}`);
  return value;
}

/** ISO text, epoch seconds (as IAM's JSON gives them) or a Date. */
function timestampAt(value: unknown, path: string): Date {
  let date: Date;
  if (typeof value === 'number') date = new Date(value * 1000);
  else if ((typeof value === 'string' && value !== '') || value instanceof Date) date = new Date(value);
  else throw new ShapeIssue(path, `expected a timestamp, got ${describeType(value)}`);
  if (Number.isNaN(date.getTime())) throw new ShapeIssue(path, `not a timestamp: ${String(value)}`);
  return date;
}

function readMfaDevices(value: unknown, path: string): IamUserCredentials['mfaDevices'] {
  return listAt(value, path).map((entry, index) => {
    const device = objectAt(entry, `${path}.${index}`);
    const serialNumber = stringAt(device.SerialNumber, `${path}.${index}.SerialNumber`);
    if (device.EnableDate !== undefined) timestampAt(device.EnableDate, `${path}.${index}.EnableDate`);
    return { serialNumber };
  });
}

function readAccessKeys(value: unknown, path: string): IamUserCredentials['accessKeys'] {
  return listAt(value, path).map((entry, index) => {
    const at = `${path}.${index}`;
    const key = objectAt(entry, at);
    const accessKeyId = stringAt(key.AccessKeyId, `${at}.AccessKeyId`);
    const status = stringAt(key.Status, `${at}.Status`);
    if (!ACCESS_KEY_STATUSES.has(status)) {
      throw new ShapeIssue(`${at}.Status`, `expected Active, Inactive or Expired, got "${status}"`);
    }
    return {
      accessKeyId,
      active: status === 'Active',
      createDate: timestampAt(key.CreateDate, `${at}.CreateDate`),
      lastUsedDate:
        key.LastUsedDate === undefined || key.LastUsedDate === null
          ? undefined
          : timestampAt(key.LastUsedDate, `${at}.LastUsedDate`),
    };
  });
}

function readLoginProfile(value: unknown, path: string): IamUserCredentials['loginProfile'] {
  if (value === null) return null;
  const profile = objectAt(value, path);
  const reset = profile.PasswordResetRequired;
  if (reset !== undefined && typeof reset !== 'boolean') {
    throw new ShapeIssue(`${path}.PasswordResetRequired`, `expected a boolean, got ${describeType(reset)}`);
  }
  return { createDate: timestampAt(profile.CreateDate, `${path}.CreateDate`) };
}

function readPasswordLastUsed(value: unknown, path: string): Date | null {
  return value === null ? null : timestampAt(value, path);
}

/** A Vigil supplementary key read by `read`; undefined when not collected. */
function readKey<T>(
  item: ConfigurationItem,
  key: keyof IamUserSupplementary,
  read: (value: unknown, path: string) => T,
): T | undefined {
  const value = item.supplementaryConfiguration[key];
  if (value === undefined) return undefined;
  try {
    return read(value, key);
  } catch (error) {
    if (!(error instanceof ShapeIssue)) throw error;
    throw new InvalidConfigurationItemError(
      `${item.resourceType} ${item.resourceId}: supplementaryConfiguration.${error.path}: ${error.message}`,
      { context: { resourceType: item.resourceType, resourceId: item.resourceId, key } },
    );
  }
}

/**
 * The user's credentials from Vigil's supplementary keys.
 * @throws InvalidConfigurationItemError when a key is present but malformed.
 */
export const readUserCredentials: (item: ConfigurationItem<IamUserConfiguration>) => IamUserCredentials =
  oncePerItem((item) => {
    return {
      userName: item.configuration?.userName ?? item.resourceName ?? item.resourceId,
      mfaDevices: readKey(item, 'MfaDevices', readMfaDevices),
      accessKeys: readKey(item, 'AccessKeys', readAccessKeys),
      loginProfile: readKey(item, 'LoginProfile', readLoginProfile),
      passwordLastUsed: readKey(item, 'PasswordLastUsed', readPasswordLastUsed),
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

/** Resource type of IAM groups in AWS Config. */
export const IAM_GROUP_RESOURCE_TYPE = 'AWS::IAM::Group';

/**
 * The `configuration` of an `AWS::IAM::Group` item as AWS Config records it (GetAccountAuthorizationDetails
 * shape, camelCase). Config records the members as relationships to `AWS::IAM::User`; Vigil's describer
 * also writes them to the supplementary key `Users` (user names).
 */
export type IamGroupConfiguration = {
  readonly groupName?: string;
  readonly groupId?: string;
  readonly arn?: string;
  readonly path?: string;
  readonly createDate?: string;
  readonly attachedManagedPolicies?: readonly { readonly policyName?: string; readonly policyArn?: string }[];
  /** Inline policies; `policyDocument` is URL-encoded JSON. */
  readonly groupPolicyList?: readonly { readonly policyName?: string; readonly policyDocument?: string }[];
};
