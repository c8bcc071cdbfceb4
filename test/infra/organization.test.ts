import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_PARAMETERS, VigilCentralStack } from '#infra/central-stack';
import type { ComplianceMonitorProps } from '#infra/compliance-monitor';
import { InfraConfigError } from '#infra/errors';
import { DESCRIBE_PERMISSIONS, WILDCARD_RESOURCE_ACTIONS } from '#infra/grants';
import { type CfnTemplateJson, samTemplateOf } from '#infra/sam-template';
import { readSettings } from '#infra/settings';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { VigilStack } from '#infra/vigil-stack';
import {
  awsSolutionsViolations,
  functionEnvironment,
  type IamStatement,
  iamStatements,
  logicalIdOf,
  policyDocumentStatements,
  resourcesOf,
  samOverrides,
  synthMonitor,
  testApp,
} from '#test/infra/support';

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const CONTEXT = {
  organizationId: ORGANIZATION_ID,
  memberExternalId: 'vigil-7f3c9a',
  memberRegions: 'eu-west-1,us-east-1',
};

/**
 * Every action a describe permission grants, none of which the central functions may hold in organization
 * mode; but kms:DescribeKey, which key use grants on Vigil's own keys, and sqs:GetQueueAttributes on Vigil's
 * own queues, which their event sources need.
 */
const DESCRIBE_ACTIONS = new Set(
  DESCRIBE_PERMISSIONS.flatMap((permission) => permission.actions).filter(
    (action) => action !== 'kms:DescribeKey',
  ),
);

describe('the central stack of an organization', () => {
  let stack: VigilCentralStack;
  let template: Template;
  let json: Record<string, Record<string, unknown>>;
  beforeAll(() => {
    const app = testApp(CONTEXT);
    stack = new VigilCentralStack(app, 'VigilCentral', { settings: readSettings(app.node) });
    template = Template.fromStack(stack);
    json = template.toJSON();
  });

  it('takes the organization settings as parameters defaulting to the context', () => {
    expect(json.Parameters).toMatchObject({
      [CENTRAL_PARAMETERS.organizationId]: { Type: 'String', Default: ORGANIZATION_ID },
      [CENTRAL_PARAMETERS.externalId]: { Type: 'String', Default: 'vigil-7f3c9a' },
      [CENTRAL_PARAMETERS.regions]: { Type: 'String', Default: 'eu-west-1,us-east-1' },
      [CENTRAL_PARAMETERS.accounts]: { Type: 'String', Default: '' },
    });
  });

  it('admits events to the organization bus only from principals of the organization', () => {
    const bus = stack.monitor.organizationBus;
    expect(bus).toBeDefined();
    const busId = logicalIdOf(stack, bus ?? stack);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'vigil-org' });
    const policies = Object.values(resourcesOf(template, 'AWS::Events::EventBusPolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties).toMatchObject({
      EventBusName: { Ref: busId },
      Statement: {
        Sid: 'cdk-AllowOrganizationPutEvents',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: CENTRAL_PARAMETERS.organizationId } } },
      },
    });
  });

  it('routes the single-account patterns from the organization bus (and none from the default bus) to the change queue', () => {
    const app = testApp();
    const single = Template.fromStack(new VigilStack(app, 'Vigil', { settings: readSettings(app.node) }));
    const patternsOf = (of: Template) =>
      Object.values(resourcesOf(of, 'AWS::Events::Rule'))
        .filter((rule) => rule.Properties.EventPattern !== undefined)
        .map((rule) => JSON.stringify(rule.Properties.EventPattern))
        .sort();
    expect(patternsOf(template)).toEqual(patternsOf(single));
    const busId = logicalIdOf(stack, stack.monitor.organizationBus ?? stack);
    for (const rule of Object.values(resourcesOf(template, 'AWS::Events::Rule'))) {
      if (rule.Properties.EventPattern === undefined) continue;
      expect(rule.Properties.EventBusName).toEqual({ Ref: busId });
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [logicalIdOf(stack, stack.monitor.changeQueue), 'Arn'] },
        }),
      ]);
    }
  });

  it('lets the judging functions assume the read-only member role, inside the organization only', () => {
    const { monitor } = stack;
    expect(monitor.memberReaderRoles).toEqual([
      monitor.evaluator.role,
      monitor.sweepWorker.role,
      monitor.configRuleFunction.role,
    ]);
    for (const role of monitor.memberReaderRoles) {
      expect(iamStatements(template, logicalIdOf(stack, role))).toContainEqual({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/VigilMemberReadOnly']],
        },
        Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: CENTRAL_PARAMETERS.organizationId } } },
      });
    }
  });

  it('lets the remediation function assume only the member remediation role', () => {
    const statements = iamStatements(template, logicalIdOf(stack, stack.monitor.remediate.role));
    const assumes = statements.filter((statement) => statement.Action === 'sts:AssumeRole');
    expect(assumes).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/VigilMemberRemediation']],
        },
        Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: CENTRAL_PARAMETERS.organizationId } } },
      },
    ]);
    // No write of its own: the member remediation role holds them.
    const actions = statements
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => [statement.Action].flat());
    for (const write of [
      's3:PutBucketVersioning',
      'ec2:RevokeSecurityGroupIngress',
      'rds:ModifyDBInstance',
    ]) {
      expect(actions).not.toContain(write);
    }
  });

  it('grants no describe API to any central function: resources are read through the member roles', () => {
    const { monitor } = stack;
    const functions = [monitor.evaluator, monitor.sweep, monitor.sweepWorker, monitor.configRuleFunction];
    functions.push(monitor.remediate, monitor.exporter, monitor.sealDigests, monitor.dailyDigest);
    const ownQueues = new Set(Object.keys(resourcesOf(template, 'AWS::SQS::Queue')));
    const onOwnQueues = (statement: IamStatement): boolean =>
      [statement.Resource].flat().every((resource) => {
        const getAtt = (resource as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
        return getAtt !== undefined && ownQueues.has(getAtt[0]);
      });
    for (const fn of functions) {
      const actions = iamStatements(template, logicalIdOf(stack, fn.role))
        .filter((statement) => !onOwnQueues(statement))
        .flatMap((statement) => [statement.Action].flat());
      expect(
        actions.filter((action) => DESCRIBE_ACTIONS.has(String(action))),
        fn.node.id,
      ).toEqual([]);
    }
  });

  it('tells every function how to reach the members, and no function which account to accept', () => {
    for (const [functionId] of Object.entries(resourcesOf(template, 'AWS::Lambda::Function'))) {
      const environment = functionEnvironment(template, functionId);
      expect(environment, functionId).toMatchObject({
        MEMBER_ROLE_NAME: 'VigilMemberReadOnly',
        MEMBER_EXTERNAL_ID: { Ref: CENTRAL_PARAMETERS.externalId },
        MEMBER_REGIONS: { Ref: CENTRAL_PARAMETERS.regions },
        MEMBER_ACCOUNTS: { Ref: CENTRAL_PARAMETERS.accounts },
        INVENTORY_SOURCE: 'describe',
      });
      expect(environment.ACCOUNT_ID, functionId).toBeUndefined();
      const remediates = functionId === logicalIdOf(stack, stack.monitor.remediate.function);
      expect(environment.MEMBER_REMEDIATION_ROLE_NAME, functionId).toBe(
        remediates ? 'VigilMemberRemediation' : undefined,
      );
    }
  });

  it('lets the sweep planner list the accounts only while MemberAccounts is empty', () => {
    const conditions = json.Conditions as Record<string, unknown>;
    const [, policy] =
      Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).find(([, candidate]) =>
        JSON.stringify(candidate.Properties.PolicyDocument).includes('organizations:ListAccounts'),
      ) ?? [];
    expect(policy?.Properties.Roles).toEqual([{ Ref: logicalIdOf(stack, stack.monitor.sweep.role) }]);
    expect(conditions[policy?.Condition ?? '']).toEqual({
      'Fn::Equals': [{ Ref: CENTRAL_PARAMETERS.accounts }, ''],
    });
  });

  it('creates no AWS Config rule (members are judged from their events and the sweep)', () => {
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    expect(json.Parameters?.EnableConfigRule).toBeUndefined();
  });

  it('outputs what the member StackSet needs, named after its parameters', () => {
    const { monitor } = stack;
    const outputs = json.Outputs as Record<string, { Value: unknown }>;
    const arn = (construct: Parameters<typeof logicalIdOf>[1]) => ({
      'Fn::GetAtt': [logicalIdOf(stack, construct), 'Arn'],
    });
    expect(outputs.CentralEventBusArn?.Value).toEqual(arn(monitor.organizationBus ?? stack));
    expect(outputs.CentralRoleArns?.Value).toEqual({
      'Fn::Join': [',', monitor.memberReaderRoles.map((role) => arn(role))],
    });
    expect(outputs.CentralRemediationRoleArn?.Value).toEqual(arn(monitor.remediate.role));
    expect(outputs.CentralBucketArns?.Value).toEqual({
      'Fn::Join': [',', [arn(monitor.evidenceBucket), arn(monitor.accessLogBucket)]],
    });
    expect(outputs.CentralAccountId?.Value).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('grants Resource "*" only for actions without resource-level permissions, and Action "*" nowhere', () => {
    const statements = [
      ...Object.values(resourcesOf(template, 'AWS::IAM::Policy')),
      ...Object.values(resourcesOf(template, 'AWS::IAM::ManagedPolicy')),
    ].flatMap((policy) => policyDocumentStatements(policy));
    const onWildcard = new Set<string>();
    for (const statement of statements) {
      const actions = [statement.Action].flat().map(String);
      expect(actions).not.toContain('*');
      if ([statement.Resource].flat().includes('*')) for (const action of actions) onWildcard.add(action);
    }
    expect([...onWildcard]).toContain('organizations:ListAccounts');
    for (const action of onWildcard) expect(WILDCARD_RESOURCE_ACTIONS[action], action).toBeDefined();
  });

  it('passes cdk-nag AwsSolutions with every suppression acknowledged', () => {
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });

  it('has its parameters overridden by the central environment of samconfig.toml, with allowed values', () => {
    const parameters = json.Parameters as Record<
      string,
      { AllowedValues?: string[]; AllowedPattern?: string }
    >;
    const names = Object.keys(parameters).filter((name) => name !== 'BootstrapVersion');
    const overrides = samOverrides('central');
    expect([...overrides.keys()].sort()).toEqual(names.sort());
    for (const [name, value] of overrides) {
      const parameter = parameters[name];
      if (parameter?.AllowedValues !== undefined) expect(parameter.AllowedValues, name).toContain(value);
      if (parameter?.AllowedPattern !== undefined)
        expect(value, name).toMatch(new RegExp(parameter.AllowedPattern));
    }
  });

  it('documents every parameter in docs/deploy.md', () => {
    const docs = readFileSync(`${PROJECT_ROOT}docs/deploy.md`, 'utf8');
    for (const name of Object.keys(json.Parameters ?? {})) {
      if (name !== 'BootstrapVersion') expect(docs, name).toContain(`\`${name}\``);
    }
  });

  it('converts to a SAM-deployable template like the single-account stack', () => {
    const app = testApp({ ...CONTEXT, 'aws:cdk:enable-asset-metadata': true });
    const central = new VigilCentralStack(app, 'VigilCentral', { settings: readSettings(app.node) });
    const sam = samTemplateOf(Template.fromStack(central).toJSON() as CfnTemplateJson);
    expect(sam.Rules?.CheckBootstrapVersion).toBeUndefined();
    expect(JSON.stringify(sam)).not.toContain('cdk-hnb659fds-assets');
  });
});

describe('ComplianceMonitor in organization mode', () => {
  const organization = {
    organizationId: ORGANIZATION_ID,
    externalId: 'vigil-7f3c9a',
    regions: ['eu-west-1', 'us-east-1'],
  };

  it('reads the Config aggregator when it has one', () => {
    const { stack, monitor, template } = synthMonitor({
      organization: { ...organization, accounts: ['111122223333'], aggregatorName: 'org-aggregator' },
    });
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          INVENTORY_SOURCE: 'aggregator',
          CONFIG_AGGREGATOR_NAME: 'org-aggregator',
          MEMBER_REGIONS: 'eu-west-1,us-east-1',
          MEMBER_ACCOUNTS: '111122223333',
        }),
      },
    });
    for (const judge of [monitor.evaluator, monitor.sweepWorker]) {
      const actions = iamStatements(template, logicalIdOf(stack, judge.role)).flatMap((statement) =>
        [statement.Action].flat(),
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          'config:BatchGetAggregateResourceConfig',
          'config:ListAggregateDiscoveredResources',
        ]),
      );
    }
    // A fixed account list: no ListAccounts.
    expect(JSON.stringify(template.toJSON())).not.toContain('organizations:ListAccounts');
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });

  it('lets the planner list the accounts when none are given', () => {
    const { stack, monitor, template } = synthMonitor({ organization });
    const listing = iamStatements(template, logicalIdOf(stack, monitor.sweep.role)).filter((statement) =>
      [statement.Action].flat().includes('organizations:ListAccounts'),
    );
    expect(listing.map((statement) => statement.Resource)).toEqual(['*']);
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });

  it.each([
    ['an organization id that is not one', { ...organization, organizationId: 'org-1' }],
    ['no region', { ...organization, regions: [] }],
    ['a region that is not one', { ...organization, regions: ['Europe'] }],
    ['an account id that is not one', { ...organization, accounts: ['1234'] }],
    ['a one-character external id', { ...organization, externalId: 'x' }],
    ['one name for both member roles', { ...organization, remediationRoleName: 'VigilMemberReadOnly' }],
  ])('refuses %s', (_name, settings) => {
    expect(() => synthMonitor({ organization: settings })).toThrow(InfraConfigError);
  });

  it('refuses the aggregator source without an aggregator', () => {
    const props: ComplianceMonitorProps = { organization, inventorySource: 'aggregator' };
    expect(() => synthMonitor(props)).toThrow(/aggregatorName/);
  });
});
