import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { AccountConfiguration } from '#shared/resources/account';
import {
  type AccountPublicAccessBlockConfiguration,
  PUBLIC_ACCESS_BLOCK_SETTINGS,
  type PublicAccessBlock,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE,
  toPublicAccessBlock,
} from '#shared/resources/s3';
import type { Inventory } from '#shared/rules/inventory';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = {
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  BlockPublicAcls: boolean;
  RestrictPublicBuckets: boolean;
};

const PARAMETER_OF: Readonly<Record<keyof PublicAccessBlock, keyof Parameters>> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};

/** The fields of both items the rule judges: Config's block item, and Vigil's account item. */
type Configuration = AccountPublicAccessBlockConfiguration &
  Pick<AccountConfiguration, 's3PublicAccessBlock'>;

const ALL_OFF: PublicAccessBlock = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

/** Whether Config holds a current block item for the account, which is then the one judged. */
function hasRecordedBlock(item: ConfigurationItem, inventory: Inventory): boolean {
  return inventory
    .itemsOfType(S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE)
    .some((candidate) => candidate.accountId === item.accountId && candidate.status === 'OK');
}

/**
 * The account turns on the required account-level Block Public Access settings. Each parameter (AWS
 * Config passes `"True"`/`"False"` strings; default True) says whether that setting must be on; a
 * setting not required may be on or off (the safer reading of "does not match": being stricter than
 * required never fails).
 * Judged on the `AWS::S3::AccountPublicAccessBlock` item Config records for the account (resource id =
 * account id). Config records no such item for an account that never configured Block Public Access (or
 * deleted its configuration), so the rule also judges the `AWS::::Account` item, the managed rule's own
 * scope, from its `s3PublicAccessBlock` (S3 Control `GetPublicAccessBlock`; `null` = none configured,
 * NON_COMPLIANT) when no current block item is recorded; with one recorded, or with the setting not
 * collected, the account item is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-account-level-public-access-blocks-periodic.html
 */
export const s3AccountLevelPublicAccessBlocksPeriodic = {
  id: 's3-account-level-public-access-blocks-periodic',
  title: 'The account blocks public access to S3 at account level',
  resourceTypes: [S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE, ACCOUNT_RESOURCE_TYPE],
  reads: [S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page judges the AWS::::Account resource and says the rule "is NON_COMPLIANT if the configuration item does not match one or more settings from parameters (or default)"; Vigil judges the AWS::S3::AccountPublicAccessBlock item Config records for the account, and the AWS::::Account item (from S3 Control GetPublicAccessBlock) only when no such item is recorded, so one verdict per account in the usual case.',
  parameters: {
    IgnorePublicAcls: { type: 'boolean', default: true, description: 'Whether IgnorePublicAcls must be on.' },
    BlockPublicPolicy: {
      type: 'boolean',
      default: true,
      description: 'Whether BlockPublicPolicy must be on.',
    },
    BlockPublicAcls: { type: 'boolean', default: true, description: 'Whether BlockPublicAcls must be on.' },
    RestrictPublicBuckets: {
      type: 'boolean',
      default: true,
      description: 'Whether RestrictPublicBuckets must be on.',
    },
  },
  rationale:
    'Account-level Block Public Access keeps every current and future bucket from being made public.',
  remediationAdvice:
    'Turn on the settings for the account (S3 console > Block Public Access settings for this account, or ' +
    '`aws s3control put-public-access-block --account-id <id> --public-access-block-configuration ' +
    'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`).',
  evaluate(item, { parameters, inventory }) {
    let block: PublicAccessBlock;
    if (item.resourceType === ACCOUNT_RESOURCE_TYPE) {
      if (hasRecordedBlock(item, inventory)) {
        return notApplicable(
          `Judged on the ${S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE} item of account ${item.accountId}.`,
        );
      }
      const settings = item.configuration?.s3PublicAccessBlock;
      if (settings === undefined) {
        return notApplicable(
          `Account-level Block Public Access of account ${item.accountId} was not collected.`,
        );
      }
      if (settings === null) {
        return nonCompliant(
          `Account ${item.accountId} has no account-level Block Public Access configuration.`,
        );
      }
      block = toPublicAccessBlock(settings) ?? ALL_OFF;
    } else {
      block = toPublicAccessBlock(item.configuration) ?? ALL_OFF;
    }
    const required = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((setting) => parameters[PARAMETER_OF[setting]]);
    const missing = required.filter((setting) => !block[setting]);
    if (missing.length > 0) {
      return nonCompliant(
        `Account ${item.accountId} has required Block Public Access settings turned off: ` +
          `${missing.map((setting) => PARAMETER_OF[setting]).join(', ')}.`,
      );
    }
    return compliant(
      required.length === 0
        ? `No account-level Block Public Access setting is required for account ${item.accountId}.`
        : `Account ${item.accountId} has the required Block Public Access settings on: ` +
            `${required.map((setting) => PARAMETER_OF[setting]).join(', ')}.`,
    );
  },
} as const satisfies Rule<Parameters, Configuration>;
