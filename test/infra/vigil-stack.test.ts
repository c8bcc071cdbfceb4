import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESCRIBE_PERMISSIONS, WILDCARD_RESOURCE_ACTIONS } from '#infra/grants';
import { type CfnTemplateJson, samTemplateOf } from '#infra/sam-template';
import { readSettings } from '#infra/settings';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { remediationModeParameterId, VIGIL_PARAMETERS, VigilStack } from '#infra/vigil-stack';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import {
  awsSolutionsViolations,
  type IamStatement,
  logicalIdOf,
  policyDocumentStatements,
  resourcesOf,
  samOverrides,
  testApp,
} from '#test/infra/support';

const SLACK_SECRET = 'vigil/slack-webhook';

/**
 * Every action granted on Resource "*" anywhere in the stack, each because AWS offers no resource-level
 * permission for it (reasons in WILDCARD_RESOURCE_ACTIONS, infra/grants.ts). Adding one here is a decision.
 */
/**
 * Resource "*" actions beyond the describe reads (which come from the describable types' declarations):
 * Config evaluations, the remediation reader's EC2 reads, a flow-log delivery and X-Ray.
 */
const OTHER_WILDCARD_ACTIONS = [
  'config:PutEvaluations',
  'ec2:DescribeFlowLogs',
  'ec2:DescribeVpcs',
  'logs:CreateLogDelivery',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

const EXPECTED_WILDCARD_ACTIONS = [
  ...new Set([
    ...OTHER_WILDCARD_ACTIONS,
    ...DESCRIBE_PERMISSIONS.filter((permission) => permission.resources.includes('*')).flatMap(
      (permission) => permission.actions,
    ),
  ]),
].sort();

function allPolicyStatements(template: Template): IamStatement[] {
  const managed = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap((policy) =>
    policyDocumentStatements(policy),
  );
  const inline = Object.values(resourcesOf(template, 'AWS::IAM::Role')).flatMap((role) =>
    ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: IamStatement[] } }[]).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    ),
  );
  return [...managed, ...inline];
}

describe('VigilStack', () => {
  let stack: VigilStack;
  let template: Template;
  let json: CfnTemplateJson;
  beforeAll(() => {
    const app = testApp({ slackWebhookSecret: SLACK_SECRET, 'aws:cdk:enable-asset-metadata': true });
    stack = new VigilStack(app, 'Vigil', { settings: readSettings(app.node) });
    template = Template.fromStack(stack);
    json = template.toJSON() as CfnTemplateJson;
  });

  it('exposes every deploy-time setting as a parameter that samconfig.toml overrides with an allowed value', () => {
    const parameters = Object.keys(json.Parameters ?? {}).filter((name) => name !== 'BootstrapVersion');
    for (const name of Object.values(VIGIL_PARAMETERS)) expect(parameters).toContain(name);
    for (const environment of ['default', 'prod']) {
      const overrides = samOverrides(environment);
      expect([...overrides.keys()].sort()).toEqual([...parameters].sort());
      for (const [name, value] of overrides) {
        const parameter = json.Parameters?.[name] as {
          AllowedValues?: string[];
          AllowedPattern?: string;
          MinValue?: number;
          MaxValue?: number;
        };
        if (parameter.AllowedValues !== undefined) expect(parameter.AllowedValues).toContain(value);
        if (parameter.AllowedPattern !== undefined)
          expect(value).toMatch(new RegExp(parameter.AllowedPattern));
        if (parameter.MinValue !== undefined)
          expect(Number(value)).toBeGreaterThanOrEqual(parameter.MinValue);
        if (parameter.MaxValue !== undefined) expect(Number(value)).toBeLessThanOrEqual(parameter.MaxValue);
      }
    }
  });

  it('documents every parameter in docs/deploy.md', () => {
    const docs = readFileSync(`${PROJECT_ROOT}docs/deploy.md`, 'utf8');
    for (const name of Object.keys(json.Parameters ?? {})) {
      if (name !== 'BootstrapVersion') expect(docs, name).toContain(`\`${name}\``);
    }
  });

  it('takes evidence retention from its parameter, in the bucket lock and in every function', () => {
    const retention = { Ref: VIGIL_PARAMETERS.evidenceRetentionDays };
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: retention } },
      },
    });
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVIDENCE_RETENTION_DAYS: retention }) },
    });
  });

  it('grants Action "*" nowhere, and Resource "*" only for actions without resource-level permissions', () => {
    const statements = allPolicyStatements(template);
    expect(statements.length).toBeGreaterThan(0);
    const wildcardActions = new Set<string>();
    for (const statement of statements) {
      const actions = [statement.Action].flat();
      expect(actions).not.toContain('*');
      if ([statement.Resource].flat().includes('*'))
        for (const action of actions) wildcardActions.add(action);
    }
    expect([...wildcardActions].sort()).toEqual(EXPECTED_WILDCARD_ACTIONS);
    for (const action of wildcardActions) expect(WILDCARD_RESOURCE_ACTIONS[action], action).toBeDefined();
  });

  it('never puts a Slack webhook URL in the template, only the secret name, read by one conditional policy', () => {
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/hooks\.slack\.com/i);
    expect(text).not.toMatch(/https:\/\/[^"]*slack/i);
    expect(json.Parameters?.[VIGIL_PARAMETERS.slackWebhookSecret]).toMatchObject({ Default: SLACK_SECRET });
    const [policyId, policy] = Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).find(
      ([, candidate]) =>
        JSON.stringify(candidate.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'),
    ) ?? ['', undefined];
    const condition = policy?.Condition ?? '';
    expect(condition, policyId).toMatch(/^MonitorHasSlackSecret/);
    expect((json.Conditions as Record<string, unknown>)[condition]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: VIGIL_PARAMETERS.slackWebhookSecret }, ''] }],
    });
    // The parameter takes a name or an ARN: the template tests which, and grants an ARN as given (and with
    // any suffix, for a partial ARN), a name as this account's secret of that name with any suffix.
    const secret = { Ref: VIGIL_PARAMETERS.slackWebhookSecret };
    const [isArn, isArnCondition] =
      Object.entries(json.Conditions as Record<string, unknown>).find(([id]) =>
        id.startsWith('MonitorSecretIsArn'),
      ) ?? [];
    expect(isArnCondition).toEqual({
      'Fn::Equals': [{ 'Fn::Select': [0, { 'Fn::Split': [':', secret] }] }, 'arn'],
    });
    expect(policyDocumentStatements(policy)).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: {
          'Fn::If': [
            isArn,
            [secret, { 'Fn::Join': ['', [secret, '-??????']] }],
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':secretsmanager:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':secret:',
                  secret,
                  '-??????',
                ],
              ],
            },
          ],
        },
      },
    ]);
  });

  it('excepts the BreakGlassRoleArn role from the evidence and key denies, or the role it creates while that is empty', () => {
    const role = stack.monitor.breakGlassRole;
    expect(role).toBeDefined();
    const roleId = logicalIdOf(stack, role ?? stack);
    // The created role while the parameter is empty, else the parameter's role.
    const breakGlassIf = (condition: unknown) => ({
      'Fn::If': [condition, { 'Fn::GetAtt': [roleId, 'Arn'] }, { Ref: VIGIL_PARAMETERS.breakGlassRoleArn }],
    });
    const breakGlass = breakGlassIf(Match.stringLikeRegexp('CreateBreakGlassRole'));
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(stack, stack.monitor.evidenceBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyEvidenceTampering',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Condition: { StringNotEquals: { 'aws:PrincipalArn': [breakGlass] } },
          }),
        ]),
      },
    });
    for (const key of [stack.monitor.key, stack.monitor.digestSigningKey]) {
      const resource = json.Resources[logicalIdOf(stack, key)] as unknown as {
        Properties: { KeyPolicy: { Statement: IamStatement[] } };
        DeletionPolicy: string;
      };
      expect(resource.DeletionPolicy).toBe('Retain');
      const deny = resource.Properties.KeyPolicy.Statement.find((entry) => entry.Sid === 'DenyKeyTampering');
      expect(deny?.Condition).toEqual({
        ArnNotEquals: { 'aws:PrincipalArn': breakGlassIf(expect.stringMatching(/CreateBreakGlassRole/)) },
      });
    }
    const conditions = (json as { Conditions?: Record<string, unknown> }).Conditions ?? {};
    const created = Object.entries(json.Resources).filter(([id]) =>
      id.startsWith('MonitorProtectionBreakGlass'),
    );
    expect(created.map(([, resource]) => resource.Type).sort()).toEqual([
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
    ]);
    for (const [, resource] of created) {
      const condition = (resource as { Condition?: string }).Condition ?? '';
      expect(conditions[condition]).toEqual({
        'Fn::Equals': [{ Ref: VIGIL_PARAMETERS.breakGlassRoleArn }, ''],
      });
    }
  });

  it('outputs the break-glass role and both key ARNs', () => {
    const outputs = (json as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['BreakGlassRole', 'KeyArn', 'DigestSigningKeyArn']),
    );
    expect(JSON.stringify(outputs.BreakGlassRole?.Value)).toContain(VIGIL_PARAMETERS.breakGlassRoleArn);
  });

  it('creates the Config rule only when EnableConfigRule is true', () => {
    const rules = Object.values(resourcesOf(template, 'AWS::Config::ConfigRule'));
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Condition).toBe('ConfigRuleEnabled');
  });

  it('passes cdk-nag AwsSolutions with every suppression acknowledged', () => {
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });

  it('converts to a SAM-deployable template: local bundle paths, no bootstrap check', () => {
    const sam = samTemplateOf(json);
    expect(sam.Parameters?.BootstrapVersion).toBeUndefined();
    expect(sam.Rules?.CheckBootstrapVersion).toBeUndefined();
    const functions = Object.values(sam.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) expect(typeof fn.Properties?.Code).toBe('string');
    expect(JSON.stringify(sam)).not.toContain('cdk-hnb659fds-assets');
  });
});

describe('VigilStack remediation policies', () => {
  it("makes each rule's write policy conditional on its mode parameter not being off", () => {
    const app = testApp();
    const stack = new VigilStack(app, 'Vigil', { settings: readSettings(app.node) });
    const json = Template.fromStack(stack).toJSON() as CfnTemplateJson & {
      Conditions: Record<string, unknown>;
    };
    const policies = Object.entries(json.Resources).filter(([id]) =>
      id.startsWith('MonitorRemediationWrites'),
    );
    expect(policies).toHaveLength(REMEDIABLE_RULE_IDS.length);
    for (const ruleId of REMEDIABLE_RULE_IDS) {
      const parameter = remediationModeParameterId(ruleId);
      const entry = policies.find(([id]) =>
        id.startsWith(`MonitorRemediationWrites${parameter.slice('Remediation'.length)}`),
      );
      const condition = (entry?.[1] as { Condition?: string } | undefined)?.Condition ?? '';
      expect(json.Conditions[condition], ruleId).toEqual({
        'Fn::Not': [{ 'Fn::Equals': [{ Ref: parameter }, 'off'] }],
      });
    }
  });
});
