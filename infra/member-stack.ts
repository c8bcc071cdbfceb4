import {
  BootstraplessSynthesizer,
  CfnCondition,
  CfnParameter,
  CfnRule,
  Fn,
  Stack,
  type StackProps,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { remediationPermissions } from '#shared/remediations/registry';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import { changeEventRoutes } from './constructs/change-events';
import {
  DEFAULT_MEMBER_REMEDIATION_ROLE_NAME,
  DEFAULT_MEMBER_ROLE_NAME,
  resolveOrganization,
} from './constructs/organization';
import {
  DESCRIBE_PERMISSIONS,
  type DescribePermission,
  describeNagFinding,
  permissionStatements,
  REMEDIATION_ACTION_SCOPES,
  REMEDIATION_READ_PERMISSIONS,
  remediationStatements,
} from './grants';

/** Names of the member stack's CloudFormation parameters (the StackSet's `--parameters`). */
export const MEMBER_PARAMETERS = {
  centralAccountId: 'CentralAccountId',
  centralEventBusArn: 'CentralEventBusArn',
  centralRoleArns: 'CentralRoleArns',
  centralRemediationRoleArn: 'CentralRemediationRoleArn',
  centralBucketArns: 'CentralBucketArns',
  externalId: 'ExternalId',
  homeRegion: 'HomeRegion',
  enableRemediation: 'EnableRemediation',
  organizationId: 'OrganizationId',
} as const;

/** Properties of {@link VigilMemberStack}. */
export interface VigilMemberStackProps extends StackProps {
  /**
   * Name of the read-only role (the central stack's `memberRoleName`; CDK context `memberRoleName`).
   * @default 'VigilMemberReadOnly'
   */
  readonly memberRoleName?: string;
  /**
   * Name of the remediation role (the central stack's `remediationRoleName`; context `memberRemediationRoleName`).
   * @default 'VigilMemberRemediation'
   */
  readonly remediationRoleName?: string;
}

/** Acknowledges the IAM5 findings of permissions granted in every region of the member account. */
function acknowledgeAnyRegion(role: iam.Role, permissions: readonly DescribePermission[], why: string): void {
  const findings = new Map<string, string>();
  for (const permission of permissions) {
    for (const resource of permission.resources) {
      if (resource.includes('*') || resource.includes('{region}')) {
        findings.set(
          describeNagFinding(resource, { anyRegion: true }),
          `${permission.actions.join(', ')}: ${permission.reason}`,
        );
      }
    }
  }
  for (const [finding, reason] of findings) {
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: `${reason} ${why}` });
  }
}

/**
 * The template of Vigil's member stack, deployed to every account and region of an organization by a
 * service-managed CloudFormation StackSet (automatic deployment to new accounts): no assets and no CDK
 * bootstrap check. In each region it forwards the Config and CloudTrail events the single-account stack
 * routes (the same patterns) to the central event bus, through a role allowed only `events:PutEvents` on
 * it. In the home region only (IAM is global; a StackSet deploys one instance per region) it creates the
 * read-only role the central functions assume (trust: the central account, the external id, the central
 * function roles, the organization) and, where `EnableRemediation` is true, the separate remediation role.
 */
export class VigilMemberStack extends Stack {
  /** The role EventBridge forwards events with. */
  readonly forwardingRole: iam.Role;
  /** The rules forwarding events to the central bus: Config item changes, then CloudTrail API calls. */
  readonly rules: readonly events.Rule[];
  /** The read-only role (home region only). */
  readonly readOnlyRole: iam.Role;
  /** The remediation role (home region, and only when EnableRemediation is true). */
  readonly remediationRole: iam.Role;

  constructor(scope: Construct, id: string, props: VigilMemberStackProps = {}) {
    super(scope, id, {
      description:
        'Vigil member: forwards changes to the central Vigil account and lets it read (and remediate)',
      // A StackSet cannot use CDK assets or the bootstrap version check; this synthesizer refuses assets.
      synthesizer: new BootstraplessSynthesizer(),
      analyticsReporting: false,
      ...props,
    });
    const parameter = (name: string, options: ConstructorParameters<typeof CfnParameter>[2]) =>
      new CfnParameter(this, name, options);
    const centralAccountId = parameter(MEMBER_PARAMETERS.centralAccountId, {
      type: 'String',
      allowedPattern: '^\\d{12}$',
      description: 'The central Vigil account (output CentralAccountId of the central stack).',
    }).valueAsString;
    const centralEventBusArn = parameter(MEMBER_PARAMETERS.centralEventBusArn, {
      type: 'String',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[\\w.-]+$',
      description: 'The central event bus (output CentralEventBusArn).',
    }).valueAsString;
    const centralRoleArns = parameter(MEMBER_PARAMETERS.centralRoleArns, {
      type: 'CommaDelimitedList',
      description: 'The central function roles the read-only role trusts (output CentralRoleArns).',
    }).valueAsList;
    const centralRemediationRoleArn = parameter(MEMBER_PARAMETERS.centralRemediationRoleArn, {
      type: 'String',
      default: '',
      allowedPattern: '^$|^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$',
      description:
        'The central remediation function role (output CentralRemediationRoleArn); with remediation.',
    }).valueAsString;
    const centralBucketArns = parameter(MEMBER_PARAMETERS.centralBucketArns, {
      type: 'CommaDelimitedList',
      default: '',
      description: "Vigil's central buckets, never reconfigured by a remediation (output CentralBucketArns).",
    }).valueAsList;
    const externalId = parameter(MEMBER_PARAMETERS.externalId, {
      type: 'String',
      allowedPattern: '^[\\w+=,.@:/-]{2,1224}$',
      description: 'The external id of the central stack (its MemberExternalId).',
    }).valueAsString;
    const homeRegion = parameter(MEMBER_PARAMETERS.homeRegion, {
      type: 'String',
      allowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
      description:
        'The home region (the first of MemberRegions): the only region where the roles are created.',
    }).valueAsString;
    const enableRemediation = parameter(MEMBER_PARAMETERS.enableRemediation, {
      type: 'String',
      default: 'false',
      allowedValues: ['false', 'true'],
      description: 'Create the remediation role the central remediation function assumes.',
    }).valueAsString;
    const organizationId = parameter(MEMBER_PARAMETERS.organizationId, {
      type: 'String',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
      description: 'The organization id: only principals of the organization may assume the roles.',
    }).valueAsString;
    const organization = resolveOrganization({
      organizationId,
      externalId,
      regions: homeRegion,
      memberRoleName: props.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME,
      remediationRoleName: props.remediationRoleName ?? DEFAULT_MEMBER_REMEDIATION_ROLE_NAME,
    });

    const isHomeRegion = new CfnCondition(this, 'IsHomeRegion', {
      expression: Fn.conditionEquals(this.region, homeRegion),
    });
    const createsRemediationRole = new CfnCondition(this, 'CreatesRemediationRole', {
      expression: Fn.conditionAnd(isHomeRegion, Fn.conditionEquals(enableRemediation, 'true')),
    });
    new CfnRule(this, 'RemediationNeedsCentralRoleAndBuckets', {
      ruleCondition: Fn.conditionEquals(enableRemediation, 'true'),
      assertions: [
        {
          assert: Fn.conditionNot(Fn.conditionEquals(centralRemediationRoleArn, '')),
          assertDescription: 'EnableRemediation=true needs CentralRemediationRoleArn',
        },
        {
          assert: Fn.conditionNot(Fn.conditionContains(centralBucketArns, '')),
          assertDescription: 'EnableRemediation=true needs CentralBucketArns',
        },
      ],
    });

    this.forwardingRole = new iam.Role(this, 'ForwardingRole', {
      description: 'Vigil member: EventBridge forwards Config and CloudTrail events to the central bus',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
    });
    const centralBus = events.EventBus.fromEventBusArn(this, 'CentralBus', centralEventBusArn);
    const target = new targets.EventBus(centralBus, { role: this.forwardingRole });
    this.rules = changeEventRoutes().map(
      (route) =>
        new events.Rule(this, route.id, {
          description: `Vigil: ${route.matches} to the central Vigil event bus`,
          eventPattern: route.pattern,
          targets: [target],
        }),
    );

    const trust = (principalArns: string | string[]) =>
      new iam.AccountPrincipal(centralAccountId).withConditions({
        StringEquals: { 'sts:ExternalId': externalId, 'aws:PrincipalOrgID': organizationId },
        ArnEquals: { 'aws:PrincipalArn': principalArns },
      });
    const reads = [...DESCRIBE_PERMISSIONS];
    this.readOnlyRole = new iam.Role(this, 'ReadOnlyRole', {
      roleName: organization.memberRoleName,
      description:
        'Vigil member: read-only access for the central Vigil functions (describe and Config reads)',
      assumedBy: trust(centralRoleArns),
      inlinePolicies: {
        VigilReads: new iam.PolicyDocument({ statements: permissionStatements(reads, { anyRegion: true }) }),
      },
    });
    onlyWhen(this.readOnlyRole, isHomeRegion);
    acknowledgeAnyRegion(
      this.readOnlyRole,
      reads,
      'IAM is global: the one role serves every region of the member account.',
    );

    const remediationReads = [...DESCRIBE_PERMISSIONS, ...REMEDIATION_READ_PERMISSIONS];
    const writes = remediationPermissions(REMEDIABLE_RULE_IDS);
    this.remediationRole = new iam.Role(this, 'RemediationRole', {
      roleName: organization.remediationRoleName,
      description: 'Vigil member: the central remediation function fixes what the remediations declare',
      assumedBy: trust(centralRemediationRoleArn),
      inlinePolicies: {
        VigilReads: new iam.PolicyDocument({
          statements: permissionStatements(remediationReads, { anyRegion: true }),
        }),
        // Flow logs to CloudWatch Logs need a delivery role in this account to pass: not granted here.
        VigilRemediations: new iam.PolicyDocument({
          statements: remediationStatements(writes, undefined, { anyRegion: true }),
        }),
        ProtectVigilBuckets: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'DenyVigilBucketChanges',
              effect: iam.Effect.DENY,
              actions: [
                's3:PutBucketPolicy',
                's3:DeleteBucketPolicy',
                's3:PutBucketPublicAccessBlock',
                's3:PutEncryptionConfiguration',
                's3:PutBucketVersioning',
              ],
              resources: centralBucketArns,
            }),
          ],
        }),
      },
    });
    onlyWhen(this.remediationRole, createsRemediationRole);
    acknowledgeAnyRegion(
      this.remediationRole,
      [
        ...remediationReads,
        ...writes.flatMap((action): DescribePermission[] => {
          const scope = REMEDIATION_ACTION_SCOPES[action];
          return scope === undefined ? [] : [{ actions: [action], resources: scope.resources, reason: '' }];
        }),
      ],
      'The remediations fix whichever resource of the member account fails a rule (infra/grants.ts ' +
        'REMEDIATION_ACTION_SCOPES), in every region the role serves.',
    );
    Tags.of(this).add('app', 'vigil');
  }
}

/** Puts the role (and anything CDK attached to it) under a condition. */
function onlyWhen(role: iam.Role, condition: CfnCondition): void {
  for (const child of role.node.findAll()) {
    if (child instanceof iam.CfnRole || child instanceof iam.CfnPolicy)
      child.cfnOptions.condition = condition;
  }
}
