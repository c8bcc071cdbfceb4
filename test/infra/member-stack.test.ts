import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { WILDCARD_RESOURCE_ACTIONS } from '#infra/grants';
import { MEMBER_PARAMETERS, VigilMemberStack } from '#infra/member-stack';
import { readSettings } from '#infra/settings';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { VigilStack } from '#infra/vigil-stack';
import { remediationPermissions } from '#shared/remediations/registry';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import {
  awsSolutionsViolations,
  type IamStatement,
  logicalIdOf,
  resourcesOf,
  testApp,
} from '#test/infra/support';

/** IAM's quota on the inline policies of one role, in characters without whitespace. */
const INLINE_POLICIES_MAX = 10_240;

/** A read-only action: Get/List/Describe/BatchGet…, or API Gateway's read verb. */
const READ_ACTION = /^[a-z0-9-]+:(Describe|Get|List|BatchGet|GET$)/;

interface RoleResource {
  readonly Properties: {
    readonly RoleName: string;
    readonly AssumeRolePolicyDocument: { readonly Statement: readonly IamStatement[] };
    readonly Policies: readonly {
      readonly PolicyName: string;
      readonly PolicyDocument: { readonly Statement: readonly IamStatement[] };
    }[];
  };
  readonly Condition?: string;
}

/** Statements of a role's inline policies. */
function inlineStatements(role: RoleResource): IamStatement[] {
  return role.Properties.Policies.flatMap((policy) => [...policy.PolicyDocument.Statement]);
}

/** A template value with its intrinsic functions resolved as CloudFormation would, for sizing. */
function resolved(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolved);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const join = object['Fn::Join'] as [string, unknown[]] | undefined;
  if (join !== undefined) return join[1].map((part) => String(resolved(part))).join(join[0]);
  if (typeof object.Ref === 'string') {
    return (
      { 'AWS::Partition': 'aws-us-gov', 'AWS::AccountId': '123456789012' }[object.Ref] ??
      'arn:aws:s3:::vigil-central-monitorevidence2a874889-abcdefghijkl'
    );
  }
  return Object.fromEntries(Object.entries(object).map(([key, entry]) => [key, resolved(entry)]));
}

describe('the member stack (StackSet template)', () => {
  let stack: VigilMemberStack;
  let template: Template;
  let json: Record<string, Record<string, unknown>>;
  let readOnly: RoleResource;
  let remediation: RoleResource;
  beforeAll(() => {
    stack = new VigilMemberStack(testApp(), 'VigilMember');
    template = Template.fromStack(stack);
    json = template.toJSON();
    const roles = resourcesOf(template, 'AWS::IAM::Role') as unknown as Record<string, RoleResource>;
    readOnly = roles[logicalIdOf(stack, stack.readOnlyRole)] as RoleResource;
    remediation = roles[logicalIdOf(stack, stack.remediationRole)] as RoleResource;
  });

  it('needs no CDK bootstrap and no asset: a StackSet deploys it as it is', () => {
    expect(Object.keys(json.Parameters ?? {}).sort()).toEqual(Object.values(MEMBER_PARAMETERS).sort());
    expect(Object.keys(json.Rules ?? {})).not.toContain('CheckBootstrapVersion');
    expect(Object.keys(resourcesOf(template, 'AWS::Lambda::Function'))).toEqual([]);
    expect(Object.keys(resourcesOf(template, 'AWS::CDK::Metadata'))).toEqual([]);
    expect(JSON.stringify(json)).not.toContain('cdk-hnb659fds');
  });

  it("forwards exactly the single-account stack's event patterns to the central bus", () => {
    const app = testApp();
    const single = Template.fromStack(new VigilStack(app, 'Vigil', { settings: readSettings(app.node) }));
    const patternsOf = (of: Template) =>
      Object.values(resourcesOf(of, 'AWS::Events::Rule'))
        .filter((rule) => rule.Properties.EventPattern !== undefined)
        .map((rule) => JSON.stringify(rule.Properties.EventPattern))
        .sort();
    expect(patternsOf(template).length).toBeGreaterThan(20);
    expect(patternsOf(template)).toEqual(patternsOf(single));
    const forwarder = { 'Fn::GetAtt': [logicalIdOf(stack, stack.forwardingRole), 'Arn'] };
    for (const rule of Object.values(resourcesOf(template, 'AWS::Events::Rule'))) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.Targets).toEqual([
        { Id: 'Target0', Arn: { Ref: MEMBER_PARAMETERS.centralEventBusArn }, RoleArn: forwarder },
      ]);
    }
  });

  it('forwards through a role EventBridge assumes, allowed only events:PutEvents on the central bus', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } },
        ],
      },
    });
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
    expect(policies.map((policy) => policy.Properties.PolicyDocument)).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'events:PutEvents',
            Resource: { Ref: MEMBER_PARAMETERS.centralEventBusArn },
          },
        ],
      },
    ]);
  });

  it('creates the roles only in the home region (IAM is global; the StackSet has an instance per region)', () => {
    const conditions = json.Conditions as Record<string, unknown>;
    expect(readOnly.Condition).toBe('IsHomeRegion');
    expect(conditions.IsHomeRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: MEMBER_PARAMETERS.homeRegion }],
    });
    expect(remediation.Condition).toBe('CreatesRemediationRole');
    expect(conditions.CreatesRemediationRole).toEqual({
      'Fn::And': [
        { Condition: 'IsHomeRegion' },
        { 'Fn::Equals': [{ Ref: MEMBER_PARAMETERS.enableRemediation }, 'true'] },
      ],
    });
    const forwarder = resourcesOf(template, 'AWS::IAM::Role')[logicalIdOf(stack, stack.forwardingRole)];
    expect(forwarder?.Condition).toBeUndefined();
  });

  it.each([
    ['read-only', () => readOnly, 'VigilMemberReadOnly', MEMBER_PARAMETERS.centralRoleArns],
    ['remediation', () => remediation, 'VigilMemberRemediation', MEMBER_PARAMETERS.centralRemediationRoleArn],
  ])(
    'lets only the central %s roles of the organization assume it, with the external id',
    (_name, role, roleName, trusted) => {
      expect(role().Properties.RoleName).toBe(roleName);
      expect(role().Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: {
            AWS: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':iam::',
                  { Ref: MEMBER_PARAMETERS.centralAccountId },
                  ':root',
                ],
              ],
            },
          },
          Condition: {
            StringEquals: {
              'sts:ExternalId': { Ref: MEMBER_PARAMETERS.externalId },
              'aws:PrincipalOrgID': { Ref: MEMBER_PARAMETERS.organizationId },
            },
            ArnEquals: { 'aws:PrincipalArn': { Ref: trusted } },
          },
        },
      ]);
    },
  );

  it('gives the read-only role read actions only, and no action "*"', () => {
    const statements = inlineStatements(readOnly);
    expect(statements.length).toBeGreaterThan(5);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of [statement.Action].flat()) {
        expect(action).not.toMatch(/\*/);
        // iam:GenerateCredentialReport only (re)builds the credential report GetCredentialReport reads.
        if (action !== 'iam:GenerateCredentialReport') expect(action).toMatch(READ_ACTION);
      }
    }
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'config:BatchGetResourceConfig',
        'config:ListDiscoveredResources',
        'ec2:DescribeInstances',
      ]),
    );
  });

  it('grants Resource "*" only for actions without resource-level permissions', () => {
    for (const role of [readOnly, remediation]) {
      for (const statement of inlineStatements(role)) {
        if (statement.Effect !== 'Allow' || ![statement.Resource].flat().includes('*')) continue;
        for (const action of [statement.Action].flat()) {
          expect(WILDCARD_RESOURCE_ACTIONS[String(action)], String(action)).toBeDefined();
        }
      }
    }
  });

  it('scopes account-level resources to the member account in every region', () => {
    const resources = JSON.stringify(inlineStatements(readOnly).map((statement) => statement.Resource));
    expect(resources).not.toContain('AWS::Region');
    expect(resources).toContain('{"Ref":"AWS::AccountId"}');
  });

  it("gives the separate remediation role the remediations' writes and denies changes to Vigil's buckets", () => {
    const statements = inlineStatements(remediation);
    const allowed = statements
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => [statement.Action].flat());
    const writes = remediationPermissions(REMEDIABLE_RULE_IDS).filter((action) => action !== 'iam:PassRole');
    expect(allowed).toEqual(expect.arrayContaining(writes));
    expect(allowed).not.toContain('iam:PassRole');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'DenyVigilBucketChanges',
        Effect: 'Deny',
        Action: expect.arrayContaining(['s3:PutBucketPolicy', 's3:PutBucketVersioning']),
        Resource: { Ref: MEMBER_PARAMETERS.centralBucketArns },
      }),
    );
    const readOnlyActions = inlineStatements(readOnly).flatMap((statement) => [statement.Action].flat());
    for (const write of writes) expect(readOnlyActions).not.toContain(write);
  });

  it('refuses EnableRemediation=true without the central remediation role and buckets', () => {
    expect(json.Rules).toEqual({
      RemediationNeedsCentralRoleAndBuckets: {
        RuleCondition: { 'Fn::Equals': [{ Ref: MEMBER_PARAMETERS.enableRemediation }, 'true'] },
        Assertions: [
          {
            Assert: {
              'Fn::Not': [{ 'Fn::Equals': [{ Ref: MEMBER_PARAMETERS.centralRemediationRoleArn }, ''] }],
            },
            AssertDescription: 'EnableRemediation=true needs CentralRemediationRoleArn',
          },
          {
            Assert: { 'Fn::Not': [{ 'Fn::Contains': [{ Ref: MEMBER_PARAMETERS.centralBucketArns }, ''] }] },
            AssertDescription: 'EnableRemediation=true needs CentralBucketArns',
          },
        ],
      },
    });
  });

  it("keeps each role's inline policies within IAM's quota", () => {
    for (const role of [readOnly, remediation]) {
      const size = JSON.stringify(
        resolved(role.Properties.Policies.map((policy) => policy.PolicyDocument)),
      ).length;
      expect(size, role.Properties.RoleName).toBeLessThan(INLINE_POLICIES_MAX);
    }
  });

  it('documents every parameter in docs/deploy.md', () => {
    const docs = readFileSync(`${PROJECT_ROOT}docs/deploy.md`, 'utf8');
    for (const name of Object.values(MEMBER_PARAMETERS)) expect(docs, name).toContain(`\`${name}\``);
  });

  it('takes the role names it is given', () => {
    const named = new VigilMemberStack(testApp(), 'VigilMember', {
      memberRoleName: 'AuditRead',
      remediationRoleName: 'AuditFix',
    });
    const names = Object.values(resourcesOf(Template.fromStack(named), 'AWS::IAM::Role')).map(
      (role) => role.Properties.RoleName,
    );
    expect(names).toEqual(expect.arrayContaining(['AuditRead', 'AuditFix']));
  });

  it('passes cdk-nag AwsSolutions with every suppression acknowledged', () => {
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });
});
