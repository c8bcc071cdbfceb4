import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalTtlHoursOf, approversJsonOf, MAX_APPROVERS_BYTES } from '#infra/constructs/approvals';
import { InfraConfigError } from '#infra/errors';
import { readSettings } from '#infra/settings';
import { VigilStack } from '#infra/vigil-stack';
import { APPROVAL_PARTITION, SLACK_REQUEST_PARTITION } from '#shared/approvals/store';
import {
  awsSolutionsViolations,
  functionEnvironment,
  type IamStatement,
  iamStatements,
  logicalIdOf,
  resourcesOf,
  synthMonitor,
  testApp,
} from '#test/infra/support';

const SIGNING = 'vigil/slack-signing';
const OPS_ROLE = 'arn:aws:iam::111122223333:role/Ops';
const APPROVERS = { 's3-bucket-versioning-enabled': ['U0APPROVER'], '*': [OPS_ROLE] };

function actionsOf(statement: IamStatement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];
}

/** Every action the role may take on the state table, with the partition condition of its statement. */
function tableGrants(
  statements: readonly IamStatement[],
  tableId: string,
): { actions: string[]; condition: unknown }[] {
  return statements
    .filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }),
    )
    .map((statement) => ({ actions: actionsOf(statement).sort(), condition: statement.Condition }));
}

describe('Approvals: the approve-to-fix endpoints, their URLs, grants and schedule', () => {
  const synthesized = synthMonitor({
    slackSigningSecret: SIGNING,
    remediationApprovers: APPROVERS,
    remediationApprovalTtlHours: 12,
    remediationModes: { 's3-bucket-versioning-enabled': 'approve' },
  });
  const { stack, monitor, template } = synthesized;
  const { approvals } = monitor;
  const table = logicalIdOf(stack, monitor.stateTable);
  const role = (fn: typeof approvals.slackFunction) => logicalIdOf(stack, fn.role);
  const fnId = (fn: typeof approvals.slackFunction) => logicalIdOf(stack, fn.function);

  it('gives the Slack endpoint a public URL (auth NONE: the Slack signature authenticates) and the CLI one an AWS_IAM URL', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fnId(approvals.slackFunction), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [fnId(approvals.cliFunction), 'Arn'] },
    });
    expect(Object.keys(resourcesOf(template, 'AWS::Lambda::Url'))).toHaveLength(2);
    // The only public invoke permissions are the Slack URL's (function URLs need both actions since 2025).
    const publicPermissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === '*',
    );
    expect(publicPermissions.map((permission) => permission.Properties)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' }),
        expect.objectContaining({ Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true }),
      ]),
    );
    for (const permission of publicPermissions) {
      expect(permission.Properties.FunctionName).toEqual({
        'Fn::GetAtt': [fnId(approvals.slackFunction), 'Arn'],
      });
    }
  });

  it('lets each function touch only the approval rows of the state table (dynamodb:LeadingKeys), never create one', () => {
    const only = (partitions: string[]) => ({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': partitions },
    });
    expect(tableGrants(iamStatements(template, role(approvals.slackFunction)), table)).toEqual([
      {
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        condition: only([APPROVAL_PARTITION, SLACK_REQUEST_PARTITION]),
      },
    ]);
    expect(tableGrants(iamStatements(template, role(approvals.cliFunction)), table)).toEqual([
      {
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        condition: only([APPROVAL_PARTITION]),
      },
    ]);
    expect(tableGrants(iamStatements(template, role(approvals.expiryFunction)), table)).toEqual([
      { actions: ['dynamodb:Query', 'dynamodb:UpdateItem'], condition: only([APPROVAL_PARTITION]) },
    ]);
  });

  it('puts records only under remediations/, hands approved plans to the remediation queue, and has no remediation writes', () => {
    const queue = logicalIdOf(stack, monitor.remediationQueue);
    for (const fn of [approvals.slackFunction, approvals.cliFunction, approvals.expiryFunction]) {
      const statements = iamStatements(template, role(fn));
      const puts = statements.filter((statement) => actionsOf(statement).includes('s3:PutObject'));
      expect(puts).toHaveLength(1);
      expect(JSON.stringify(puts[0]?.Resource)).toContain('/remediations/*');
      const allowed = statements.filter((statement) => statement.Effect === 'Allow').flatMap(actionsOf);
      expect(
        allowed.filter((action) =>
          /^(ec2|rds|kms:(?!Decrypt|Encrypt|GenerateDataKey|DescribeKey)|logs:(?!CreateLogStream$|PutLogEvents$)|s3:PutBucket)/.test(
            action,
          ),
        ),
      ).toEqual([]);
      expect(allowed).not.toContain('dynamodb:PutItem');
      expect(allowed).not.toContain('dynamodb:Scan');
      const sends = statements.filter((statement) => actionsOf(statement).includes('sqs:SendMessage'));
      // The expiry pass sends only to its own dead-letter queue (failed scheduled invocations).
      if (fn === approvals.expiryFunction)
        expect(JSON.stringify(sends.map((statement) => statement.Resource))).not.toContain(queue);
      else expect(sends.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [queue, 'Arn'] }]);
    }
  });

  it('lets only the Slack endpoint read the signing secret, and only the expiry pass (of the three) the webhook', () => {
    const secretReads = (fn: typeof approvals.slackFunction) =>
      iamStatements(template, role(fn))
        .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
        .map((statement) => JSON.stringify(statement.Resource));
    expect(secretReads(approvals.slackFunction)).toEqual([
      expect.stringContaining(`:secret:${SIGNING}-??????`),
    ]);
    expect(secretReads(approvals.cliFunction)).toEqual([]);
    expect(secretReads(approvals.expiryFunction)).toEqual([]);
  });

  it('runs the expiry pass hourly, with retries and its dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: Match.arrayWith([
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId(approvals.expiryFunction), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ]),
    });
  });

  it('tells each function what it needs: approvers, queue, signing secret; the remediation function the expiry hours', () => {
    const queueUrl = { Ref: logicalIdOf(stack, monitor.remediationQueue) };
    expect(functionEnvironment(template, fnId(approvals.slackFunction))).toMatchObject({
      REMEDIATION_APPROVERS: JSON.stringify(APPROVERS),
      REMEDIATION_QUEUE_URL: queueUrl,
      SLACK_SIGNING_SECRET_ID: SIGNING,
    });
    expect(functionEnvironment(template, fnId(approvals.cliFunction))).toMatchObject({
      REMEDIATION_APPROVERS: JSON.stringify(APPROVERS),
      REMEDIATION_QUEUE_URL: queueUrl,
    });
    expect(functionEnvironment(template, fnId(approvals.cliFunction))).not.toHaveProperty(
      'SLACK_SIGNING_SECRET_ID',
    );
    expect(functionEnvironment(template, fnId(monitor.remediate))).toMatchObject({
      REMEDIATION_APPROVAL_TTL_HOURS: '12',
    });
  });

  it('lets the three functions put locked evidence through the bucket policy deny', () => {
    const bucketPolicy = JSON.stringify(
      resourcesOf(template, 'AWS::S3::BucketPolicy')[
        logicalIdOf(stack, monitor.evidenceBucket.policy ?? monitor.evidenceBucket)
      ],
    );
    for (const fn of [approvals.slackFunction, approvals.cliFunction, approvals.expiryFunction]) {
      expect(bucketPolicy).toContain(role(fn));
    }
  });

  it('passes cdk-nag AwsSolutions', () => {
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });
});

describe('Approvals without a signing secret', () => {
  it('has no public URL and no signing-secret read, but keeps the CLI URL', () => {
    const { template } = synthMonitor();
    const urls = Object.values(resourcesOf(template, 'AWS::Lambda::Url'));
    expect(urls.map((url) => url.Properties.AuthType)).toEqual(['AWS_IAM']);
    expect(
      Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
        (permission) => permission.Properties.Principal === '*',
      ),
    ).toEqual([]);
  });

  it('grants a complete signing-secret ARN exactly', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vigil/slack-signing-AbC123';
    const { stack, monitor, template } = synthMonitor({ slackSigningSecret: arn });
    const resources = iamStatements(template, logicalIdOf(stack, monitor.approvals.slackFunction.role))
      .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
      .map((statement) => statement.Resource);
    expect(resources).toEqual([arn]);
  });
});

describe('the Vigil stack: approve-mode parameters and outputs', () => {
  let template: Template;
  let stack: VigilStack;
  beforeAll(() => {
    const app = testApp();
    stack = new VigilStack(app, 'Vigil', { settings: readSettings(app.node) });
    template = Template.fromStack(stack);
  });

  it('takes the signing secret, approvers and expiry hours as parameters', () => {
    const parameters = template.toJSON().Parameters as Record<string, Record<string, unknown>>;
    expect(parameters.SlackSigningSecretName).toMatchObject({ Type: 'String', Default: '' });
    expect(parameters.RemediationApprovers).toMatchObject({
      Type: 'String',
      Default: '{}',
      MaxLength: MAX_APPROVERS_BYTES,
    });
    expect(parameters.RemediationApprovalTtlHours).toMatchObject({
      Type: 'Number',
      Default: 24,
      MinValue: 1,
      MaxValue: 168,
    });
    expect(parameters.RemediationS3BucketVersioningEnabled?.AllowedValues).toEqual([
      'off',
      'dry-run',
      'approve',
      'on',
    ]);
  });

  it('outputs the CLI URL, and the Slack Request URL only while a signing secret is set', () => {
    const outputs = template.toJSON().Outputs as Record<string, Record<string, unknown>>;
    const { approvals } = stack.monitor;
    expect(outputs.ApprovalCliUrl?.Value).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack, approvals.cliUrl), 'FunctionUrl'],
    });
    expect(outputs.ApprovalSlackUrl?.Value).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack, approvals.slackUrl ?? stack), 'FunctionUrl'],
    });
    const condition = outputs.ApprovalSlackUrl?.Condition as string;
    expect(template.toJSON().Conditions[condition]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SlackSigningSecretName' }, ''] }],
    });
    const slackUrl = resourcesOf(template, 'AWS::Lambda::Url')[
      logicalIdOf(stack, approvals.slackUrl ?? stack)
    ];
    expect(slackUrl?.Condition).toBe(condition);
    for (const permission of Object.values(resourcesOf(template, 'AWS::Lambda::Permission'))) {
      if (permission.Properties.Principal === '*') expect(permission.Condition).toBe(condition);
    }
  });
});

describe('approver and expiry settings', () => {
  it('passes a valid map through as JSON', () => {
    expect(JSON.parse(approversJsonOf(APPROVERS))).toEqual(APPROVERS);
    expect(approversJsonOf(undefined)).toBe('{}');
  });

  it.each([
    ['a rule without a remediation', { 'root-account-mfa-enabled': ['U0APPROVER'] }, /without a remediation/],
    ['an entry that is neither a Slack id nor an ARN', { '*': ['alice@example.com'] }, /Slack user id/],
    ['malformed JSON', '{"*": [', /not valid JSON/],
    [
      'more than the environment can hold',
      { '*': Array.from({ length: 40 }, (_, i) => `arn:aws:iam::111122223333:role/Approver${i}`) },
      /keep it under/,
    ],
  ])('refuses %s', (_case, value, message) => {
    expect(() => approversJsonOf(value as never)).toThrow(InfraConfigError);
    expect(() => approversJsonOf(value as never)).toThrow(message);
  });

  it.each([0, 169, 1.5])('refuses %s expiry hours', (hours) => {
    expect(() => approvalTtlHoursOf(hours)).toThrow(InfraConfigError);
  });

  it('defaults the expiry to 24 hours', () => {
    expect(approvalTtlHoursOf(undefined)).toBe(24);
  });
});
