import { Aws, CfnOutput, CfnParameter, Fn, type Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { OrganizationProps } from './compliance-monitor';
import { InfraConfigError } from './errors';
import { MEMBER_PARAMETERS } from './member-stack';
import type { VigilSettings } from './settings';
import { VigilStack, type VigilStackProps } from './vigil-stack';

/** Names of the central stack's organization parameters (beyond the {@link VigilStack} ones). */
export const CENTRAL_PARAMETERS = {
  organizationId: 'OrganizationId',
  externalId: 'MemberExternalId',
  regions: 'MemberRegions',
  accounts: 'MemberAccounts',
} as const;

/** The organization settings as parameters of `stack`, defaulting to the CDK context. */
function organizationParameters(stack: Stack, settings: VigilSettings): OrganizationProps {
  const organizationId = new CfnParameter(stack, CENTRAL_PARAMETERS.organizationId, {
    type: 'String',
    default: settings.organizationId,
    allowedPattern: '^o-[a-z0-9]{10,32}$',
    description:
      'The AWS Organizations id: the event bus admits only its accounts, member roles are assumed only in it.',
  });
  const externalId = new CfnParameter(stack, CENTRAL_PARAMETERS.externalId, {
    type: 'String',
    default: settings.memberExternalId,
    allowedPattern: '^[\\w+=,.@:/-]{2,1224}$',
    description: "The external id the member roles' trust requires (the member stack's ExternalId).",
  });
  const regions = new CfnParameter(stack, CENTRAL_PARAMETERS.regions, {
    type: 'String',
    default: settings.memberRegions?.join(','),
    allowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d(,[a-z]{2}(-[a-z]+)+-\\d)*$',
    description:
      'Comma-separated regions of the member stacks, the home region first (IAM is read there, once per account).',
  });
  const accounts = new CfnParameter(stack, CENTRAL_PARAMETERS.accounts, {
    type: 'String',
    default: settings.memberAccounts?.join(',') ?? '',
    allowedPattern: '^$|^\\d{12}(,\\d{12})*$',
    description:
      'Comma-separated member account ids to sweep; empty: every ACTIVE account (Organizations ListAccounts).',
  });
  return {
    organizationId: organizationId.valueAsString,
    externalId: externalId.valueAsString,
    regions: regions.valueAsString,
    accounts: accounts.valueAsString,
    ...(settings.memberRoleName === undefined ? {} : { memberRoleName: settings.memberRoleName }),
    ...(settings.memberRemediationRoleName === undefined
      ? {}
      : { remediationRoleName: settings.memberRemediationRoleName }),
    ...(settings.configAggregatorName === undefined ? {} : { aggregatorName: settings.configAggregatorName }),
  };
}

/**
 * The central stack of an AWS Organization deployment: a {@link VigilStack} whose monitor runs in
 * organization mode, with the organization settings as parameters (OrganizationId, MemberExternalId,
 * MemberRegions, MemberAccounts; the role names and the aggregator are synth-time context, shared with the
 * member template). Its outputs are named after the member stack's parameters they fill in.
 */
export class VigilCentralStack extends VigilStack {
  constructor(scope: Construct, id: string, props: Omit<VigilStackProps, 'organizationOf'>) {
    super(scope, id, {
      description: 'Vigil: central SOC 2 continuous compliance monitor of an AWS Organization',
      ...props,
      organizationOf: (stack) => organizationParameters(stack, props.settings),
    });
    const { monitor } = this;
    const bus = monitor.organizationBus;
    if (bus === undefined) throw new InfraConfigError('the central stack has no organization bus');
    new CfnOutput(this, MEMBER_PARAMETERS.centralAccountId, {
      value: Aws.ACCOUNT_ID,
      description: 'CentralAccountId of the member StackSet: the account whose roles the member roles trust',
    });
    new CfnOutput(this, MEMBER_PARAMETERS.centralEventBusArn, {
      value: bus.eventBusArn,
      description:
        'CentralEventBusArn of the member StackSet: where members forward Config and CloudTrail events',
    });
    new CfnOutput(this, MEMBER_PARAMETERS.centralRoleArns, {
      value: Fn.join(
        ',',
        monitor.memberReaderRoles.map((role) => role.roleArn),
      ),
      description:
        'CentralRoleArns of the member StackSet: the function roles the read-only member role trusts',
    });
    new CfnOutput(this, MEMBER_PARAMETERS.centralRemediationRoleArn, {
      value: monitor.remediate.role.roleArn,
      description: 'CentralRemediationRoleArn of the member StackSet: the role the remediation role trusts',
    });
    new CfnOutput(this, MEMBER_PARAMETERS.centralBucketArns, {
      value: Fn.join(',', [monitor.evidenceBucket.bucketArn, monitor.accessLogBucket.bucketArn]),
      description:
        "CentralBucketArns of the member StackSet: Vigil's buckets no member remediation may reconfigure",
    });
  }
}
