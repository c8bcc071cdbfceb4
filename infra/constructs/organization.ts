import { Aws, Fn, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { InfraConfigError } from '../errors';

/** Default name of the read-only role the central functions assume in every member account. */
export const DEFAULT_MEMBER_ROLE_NAME = 'VigilMemberReadOnly';

/** Default name of the role the remediation function assumes in member accounts where remediation is on. */
export const DEFAULT_MEMBER_REMEDIATION_ROLE_NAME = 'VigilMemberRemediation';

/** Default name of the central event bus the member stacks forward Config and CloudTrail events to. */
export const DEFAULT_ORGANIZATION_BUS_NAME = 'vigil-org';

/**
 * Organization mode of `ComplianceMonitor`: one central deployment judges every member account, reading
 * through a role in each (deployed by the member stack, `infra/member-stack.ts`). Strings may be
 * CloudFormation parameter tokens, and each list one comma-separated string (a parameter, say); literal
 * values are checked at synth.
 */
export interface OrganizationProps {
  /** The AWS Organizations id (`o-…`): the central bus admits events, and roles are assumed, only inside it. */
  readonly organizationId: string;
  /** The external id every member role's trust requires (`sts:ExternalId`), 2 to 1,224 characters. */
  readonly externalId: string;
  /**
   * Regions the member stacks are deployed to. The first is the home region: global types (IAM) are read
   * there once per account, and the member roles are created there.
   */
  readonly regions: readonly string[] | string;
  /**
   * Member account ids to sweep (an empty list or string: every account).
   * @default - every ACTIVE account of the organization (Organizations `ListAccounts`; the central account
   * must be the management account or a delegated administrator)
   */
  readonly accounts?: readonly string[] | string;
  /**
   * Name of the read-only role in every member account (the member stack's `memberRoleName`).
   * @default 'VigilMemberReadOnly'
   */
  readonly memberRoleName?: string;
  /**
   * Name of the remediation role in member accounts where remediation is enabled.
   * @default 'VigilMemberRemediation'
   */
  readonly remediationRoleName?: string;
  /**
   * The AWS Config aggregator (in the central account and region) the sweep reads; with one the inventory
   * source defaults to `aggregator`.
   * @default - none
   */
  readonly aggregatorName?: string;
}

/** {@link OrganizationProps} checked, with defaults applied and lists as comma-separated values. */
export interface Organization {
  readonly organizationId: string;
  readonly externalId: string;
  readonly memberRoleName: string;
  readonly remediationRoleName: string;
  /** `MEMBER_REGIONS`: comma-separated, home region first. */
  readonly regions: string;
  /** `MEMBER_ACCOUNTS`: comma-separated; empty means every ACTIVE account (a token may be either). */
  readonly accounts: string;
  readonly aggregatorName: string | undefined;
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const AGGREGATOR_NAME = /^[\w-]{1,256}$/;

function problemsOf(
  name: string,
  value: string | undefined,
  pattern: RegExp,
  expected: string,
): readonly string[] {
  if (value === undefined || Token.isUnresolved(value) || pattern.test(value)) return [];
  return [`organization.${name} must be ${expected}, got ${JSON.stringify(value)}`];
}

/** A list as one comma-separated value (a token stays as it is; a list token becomes `Fn::Join`). */
function joined(values: readonly string[] | string): string {
  if (typeof values === 'string') return values;
  return Token.isUnresolved(values) ? Fn.join(',', [...values]) : values.join(',');
}

/** The items of a literal comma-separated list; none for a token. */
function itemsOf(list: string): string[] {
  if (Token.isUnresolved(list)) return [];
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function listProblems(name: string, list: string, pattern: RegExp, expected: string): readonly string[] {
  const bad = itemsOf(list).filter((value) => !pattern.test(value));
  return bad.length === 0 ? [] : [`organization.${name} must hold ${expected}, got ${bad.join(', ')}`];
}

/**
 * Checks the organization settings and applies their defaults.
 * @throws InfraConfigError naming every malformed setting.
 */
export function resolveOrganization(props: OrganizationProps): Organization {
  const memberRoleName = props.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
  const remediationRoleName = props.remediationRoleName ?? DEFAULT_MEMBER_REMEDIATION_ROLE_NAME;
  const regions = joined(props.regions);
  const accounts = joined(props.accounts ?? []);
  const problems = [
    ...problemsOf(
      'organizationId',
      props.organizationId,
      ORGANIZATION_ID,
      'an organization id like o-a1b2c3d4e5',
    ),
    ...problemsOf('externalId', props.externalId, EXTERNAL_ID, '2 to 1,224 characters of [\\w+=,.@:/-]'),
    ...problemsOf('memberRoleName', memberRoleName, ROLE_NAME, 'an IAM role name'),
    ...problemsOf('remediationRoleName', remediationRoleName, ROLE_NAME, 'an IAM role name'),
    ...problemsOf('aggregatorName', props.aggregatorName, AGGREGATOR_NAME, 'a Config aggregator name'),
    ...listProblems('regions', regions, REGION, 'region names'),
    ...listProblems('accounts', accounts, ACCOUNT_ID, '12-digit account ids'),
  ];
  if (!Token.isUnresolved(regions) && itemsOf(regions).length === 0) {
    problems.push('organization.regions must name at least one region (the home region first)');
  }
  if (
    !Token.isUnresolved(memberRoleName) &&
    !Token.isUnresolved(remediationRoleName) &&
    memberRoleName === remediationRoleName
  ) {
    problems.push(
      'organization.memberRoleName and remediationRoleName must differ (the read-only role writes nothing)',
    );
  }
  if (problems.length > 0) {
    throw new InfraConfigError(`invalid organization settings: ${problems.join('; ')}`, {
      context: { problems },
    });
  }
  return {
    organizationId: props.organizationId,
    externalId: props.externalId,
    memberRoleName,
    remediationRoleName,
    regions: Token.isUnresolved(regions) ? regions : itemsOf(regions).join(','),
    accounts: Token.isUnresolved(accounts) ? accounts : itemsOf(accounts).join(','),
    aggregatorName: props.aggregatorName,
  };
}

/** The environment variables telling a central function how to reach member accounts (`shared/organization`). */
export function organizationEnvironment(organization: Organization): Record<string, string> {
  return {
    MEMBER_ROLE_NAME: organization.memberRoleName,
    MEMBER_EXTERNAL_ID: organization.externalId,
    MEMBER_REGIONS: organization.regions,
    MEMBER_ACCOUNTS: organization.accounts,
  };
}

/** The ARN pattern of a role of this name in any account. */
export function memberRoleArnPattern(roleName: string): string {
  return `arn:${Aws.PARTITION}:iam::*:role/${roleName}`;
}

/**
 * Lets the grantee assume the role of this name in any account of the organization, and only there
 * (`aws:ResourceOrgID`: the account owning the role must belong to it).
 */
export function grantMemberRoleAssume(
  grantee: iam.IGrantable,
  roleName: string,
  organizationId: string,
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['sts:AssumeRole'],
    resourceArns: [memberRoleArnPattern(roleName)],
    conditions: { StringEquals: { 'aws:ResourceOrgID': organizationId } },
  });
}
