import {
  type AccountPublicAccessBlockConfiguration,
  PUBLIC_ACCESS_BLOCK_SETTINGS,
  type PublicAccessBlock,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE,
  toPublicAccessBlock,
} from '#shared/resources/s3';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

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

/**
 * The account turns on the required account-level Block Public Access settings. Each parameter (AWS
 * Config passes `"True"`/`"False"` strings; default True) says whether that setting must be on; a
 * setting not required may be on or off (the safer reading of "does not match": being stricter than
 * required never fails). Judged on the `AWS::S3::AccountPublicAccessBlock` item Config records for the
 * account (resource id = account id); the managed rule's `AWS::::Account` scope has no such item, so an
 * account that never configured Block Public Access has no item and no verdict here.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-account-level-public-access-blocks-periodic.html
 */
export const s3AccountLevelPublicAccessBlocksPeriodic = {
  id: 's3-account-level-public-access-blocks-periodic',
  title: 'The account blocks public access to S3 at account level',
  soc2: ['CC6.1', 'CC6.6'],
  resourceTypes: [S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE],
  severity: 'high',
  managedRule: true,
  deviation:
    'Judged on the AWS::S3::AccountPublicAccessBlock item Config records for the account rather than on AWS::::Account, so an account that never configured account-level Block Public Access gets no verdict.',
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
  evaluate(item, { parameters }) {
    const block = toPublicAccessBlock(item.configuration) ?? {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    };
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
} as const satisfies Rule<Parameters, AccountPublicAccessBlockConfiguration>;
