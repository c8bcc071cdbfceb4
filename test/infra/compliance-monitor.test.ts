import { readdirSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ComplianceMonitor,
  cloudTrailPatterns,
  remediationModeParameterName,
} from '#infra/compliance-monitor';
import { InfraConfigError } from '#infra/errors';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { CLOUDTRAIL_EXTRACTORS } from '#shared/describe/cloudtrail-refs';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import {
  awsSolutionsViolations,
  iamStatements,
  logicalIdOf,
  policyDocumentStatements,
  resourcesOf,
  synthMonitor,
  testApp,
} from '#test/infra/support';

const BREAK_GLASS = 'arn:aws:iam::123456789012:role/VigilBreakGlass';

/** The actions of IAM policy statements as a flat, sorted list. */
function actionsOf(statements: readonly { readonly Action: unknown }[]): string[] {
  return [...new Set(statements.flatMap((statement) => [statement.Action].flat().map(String)))].sort();
}

describe('ComplianceMonitor with default props', () => {
  let stack: Stack;
  let monitor: ComplianceMonitor;
  let template: Template;
  beforeAll(() => {
    ({ stack, monitor, template } = synthMonitor());
  });

  it('deploys one nodejs22.x arm64 function per handler in functions/, traced, with a KMS log group kept a year', () => {
    const handlers = readdirSync(`${PROJECT_ROOT}functions`).filter((name) => name.endsWith('.ts'));
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(handlers.length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.key), 'Arn'] },
    });
  });

  it('encrypts everything with one customer managed key that rotates', () => {
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const keyArn = { 'Fn::GetAtt': [logicalIdOf(stack, monitor.key), 'Arn'] };
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
      DeletionProtectionEnabled: true,
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: keyArn });
  });

  it('locks evidence in COMPLIANCE mode for 400 days in a versioned, KMS-encrypted, private, access-logged bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.key), 'Arn'] },
            },
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalIdOf(stack, monitor.accessLogBucket) },
        LogFilePrefix: 'evidence/',
      },
    });
  });

  it('denies evidence deletion and lock reconfiguration to every principal when no break-glass role is set', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(stack, monitor.evidenceBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyEvidenceTampering',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: Match.arrayWith(['s3:DeleteObject*', 's3:PutBucketObjectLockConfiguration']),
            Resource: Match.anyValue(),
          },
        ]),
      },
    });
  });

  it('denies non-TLS access to both buckets for everyone', () => {
    for (const bucket of [monitor.evidenceBucket, monitor.accessLogBucket]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalIdOf(stack, bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('keeps messages 14 days (the SQS maximum) in the change and remediation queues and their DLQs', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    for (const queue of [
      monitor.changeQueue,
      monitor.changeDeadLetterQueue,
      monitor.remediationQueue,
      monitor.remediationDeadLetterQueue,
    ]) {
      const id = logicalIdOf(stack, queue);
      expect(queues[id]?.Properties.MessageRetentionPeriod, id).toBe(1_209_600);
    }
  });

  it('buffers change events in a queue with a dead-letter queue after 5 receives, read in batches with partial failures', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.changeDeadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.changeQueue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(stack, monitor.evaluator.function) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
  });

  it('routes AWS Config item changes (oversized ones included) to the change queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.config'], 'detail-type': ['Config Configuration Item Change'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.changeQueue), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.changeDeadLetterQueue), 'Arn'] },
          },
        }),
      ],
    });
  });

  it('routes exactly the CloudTrail write calls the describer follows, account-level ones included', () => {
    const expected = Object.entries(CLOUDTRAIL_EXTRACTORS);
    expect(cloudTrailPatterns()).toHaveLength(expected.length);
    for (const [eventSource, byName] of expected) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: [`aws.${eventSource.split('.')[0]}`],
          'detail-type': ['AWS API Call via CloudTrail'],
          detail: { eventSource: [eventSource], eventName: Object.keys(byName).sort() },
        },
        Targets: [
          Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.changeQueue), 'Arn'] } }),
        ],
      });
    }
    const names = cloudTrailPatterns().flatMap(({ pattern }) => pattern.detail?.eventName as string[]);
    expect(names).toEqual(
      expect.arrayContaining(['EnableEbsEncryptionByDefault', 'UpdateAccountPasswordPolicy']),
    );
    expect(names).not.toContain('PutObject');
  });

  it('sweeps on a daily schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.sweep.function), 'Arn'] } }),
      ],
    });
  });

  it('creates the AWS Config custom Lambda rule and reads the inventory from the recorder', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: Match.objectLike({
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.configRuleFunction.function), 'Arn'] },
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INVENTORY_SOURCE: 'config' }) },
    });
  });

  it('alarms to the alert topic on dead-letter depth, function errors and evaluator throttles', () => {
    const topic = { Ref: logicalIdOf(stack, monitor.alertTopic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(stack, monitor.changeDeadLetterQueue), 'QueueName'] },
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [topic],
    });
    for (const metric of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: logicalIdOf(stack, monitor.evaluator.function) } },
        ],
        Threshold: 0,
        AlarmActions: [topic],
      });
    }
  });

  it('keeps the evaluator read-only outside its own bucket prefixes, table, topic and key', () => {
    const statements = iamStatements(template, logicalIdOf(stack, monitor.evaluator.role));
    const writes = actionsOf(statements).filter(
      (action) => !/^[a-z0-9-]+:(Describe|Get|List|BatchGet|Receive|Decrypt)/.test(action),
    );
    expect(writes).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:PutObject',
      's3:PutObjectRetention',
      'sns:Publish',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:SendMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('lets the export read the digest signing public key and sign nothing', () => {
    const keyId = logicalIdOf(stack, monitor.digestSigningKey);
    const onKey = iamStatements(template, logicalIdOf(stack, monitor.exporter.role)).filter((statement) =>
      JSON.stringify(statement.Resource).includes(keyId),
    );
    expect(actionsOf(onKey).sort()).toEqual(['kms:DescribeKey', 'kms:GetPublicKey']);
  });

  it('creates one SSM parameter per remediable rule, off by default', () => {
    for (const ruleId of REMEDIABLE_RULE_IDS) {
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: remediationModeParameterName('/vigil', ruleId),
        Value: 'off',
        AllowedPattern: '^(off|dry-run|on)$',
      });
    }
  });

  it('grants no Secrets Manager access without a Slack secret', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('secretsmanager:');
  });

  it('passes cdk-nag AwsSolutions with every suppression acknowledged', () => {
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });
});

describe('ComplianceMonitor with a break-glass role, Slack and options', () => {
  let stack: Stack;
  let monitor: ComplianceMonitor;
  let template: Template;
  beforeAll(() => {
    ({ stack, monitor, template } = synthMonitor({
      breakGlassRoleArn: BREAK_GLASS,
      slackWebhookSecret: 'vigil/slack-webhook',
      alertMinSeverity: 'high',
      evidenceRetentionDays: 730,
      maxReceiveCount: 3,
      configRule: false,
      remediationModes: { 's3-bucket-versioning-enabled': 'dry-run' },
      alertEmail: 'soc@example.com',
    }));
  });

  it('exempts only the break-glass role from the tamper deny', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(stack, monitor.evidenceBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyEvidenceTampering',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: Match.arrayWith(['s3:DeleteObject*', 's3:PutBucketObjectLockConfiguration']),
            Condition: { StringNotEquals: { 'aws:PrincipalArn': [BREAK_GLASS] } },
          }),
        ]),
      },
    });
  });

  it('uses the configured retention and receive count', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 730 } },
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          EVIDENCE_RETENTION_DAYS: '730',
          ALERT_MIN_SEVERITY: 'high',
          SLACK_WEBHOOK_SECRET_ID: 'vigil/slack-webhook',
          INVENTORY_SOURCE: 'describe',
        }),
      },
    });
  });

  it('lets the alerting functions read the Slack secret and nothing else in Secrets Manager', () => {
    const secretStatements = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap((policy) =>
      policyDocumentStatements(policy).filter((statement) =>
        JSON.stringify(statement.Action).includes('secretsmanager:'),
      ),
    );
    expect(secretStatements).toHaveLength(1);
    expect(secretStatements[0]?.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(secretStatements[0]?.Resource)).toContain(':secret:vigil/slack-webhook-??????');
  });

  it.each([
    [
      'a name: any random suffix in this account and region',
      'vigil/slack-webhook',
      ':secret:vigil/slack-webhook-??????',
    ],
    [
      'a complete ARN: exactly that secret',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vigil/slack-webhook-AbC123',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vigil/slack-webhook-AbC123',
    ],
    [
      'a partial ARN (no suffix): that secret with any suffix',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vigil/slack-webhook',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vigil/slack-webhook-??????',
    ],
  ])('grants the Slack secret given as %s', (_case, slackWebhookSecret, expected) => {
    const { template: synthesized } = synthMonitor({ slackWebhookSecret });
    const resources = Object.values(resourcesOf(synthesized, 'AWS::IAM::Policy')).flatMap((policy) =>
      policyDocumentStatements(policy)
        .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:'))
        .map((statement) => statement.Resource),
    );
    expect(resources).toHaveLength(1);
    const resource = JSON.stringify(resources[0]);
    if (slackWebhookSecret.startsWith('arn:')) expect(resources[0]).toBe(expected);
    else expect(resource).toContain(expected);
  });

  it('subscribes the alert e-mail, leaves the Config rule out and sets the remediation mode', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'soc@example.com',
    });
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/vigil/remediation/s3-bucket-versioning-enabled',
      Value: 'dry-run',
    });
  });

  it('passes cdk-nag AwsSolutions', () => {
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });
});

describe('ComplianceMonitor refuses unsafe or malformed settings', () => {
  it.each([
    [
      'a Slack webhook URL instead of a secret',
      { slackWebhookSecret: 'https://hooks.slack.com/services/T0/B0/x' },
    ],
    ['a break-glass ARN that is not a role', { breakGlassRoleArn: 'arn:aws:iam::123456789012:user/alice' }],
    ['zero retention days', { evidenceRetentionDays: 0 }],
    ['a receive count of zero', { maxReceiveCount: 0 }],
    ['an unknown severity', { alertMinSeverity: 'urgent' }],
    ['a remediation mode that does not exist', { remediationModes: { 'restricted-ssh': 'always' } }],
    ['a remediation for a rule without one', { remediationModes: { 'root-account-mfa-enabled': 'on' } }],
    ['an unknown rule', { enabledRules: ['no-such-rule'] }],
    ['a namespace under /aws', { parameterNamespace: '/aws/vigil' }],
  ])('%s', (_name, props) => {
    const stack = new Stack(testApp(), 'Test');
    expect(() => new ComplianceMonitor(stack, 'Monitor', props)).toThrow(InfraConfigError);
  });
});

describe('ComplianceMonitor evidence writers', () => {
  it('exempts from the retention deny exactly the roles allowed to put evidence with lock headers', () => {
    const { stack, monitor, template } = synthMonitor();
    const writers = Object.entries(resourcesOf(template, 'AWS::IAM::Role'))
      .filter(([logicalId]) =>
        iamStatements(template, logicalId).some((statement) =>
          [statement.Action].flat().includes('s3:PutObjectRetention'),
        ),
      )
      .map(([logicalId]) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] }));
    expect(writers.length).toBeGreaterThanOrEqual(6);
    const policy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find(
      (candidate) =>
        JSON.stringify(candidate.Properties.Bucket) ===
        JSON.stringify({ Ref: logicalIdOf(stack, monitor.evidenceBucket) }),
    );
    const retentionDeny = policyDocumentStatements(policy).find(
      (statement) => statement.Sid === 'DenyRetentionChanges',
    );
    const condition = retentionDeny?.Condition as
      | { readonly StringNotEquals: { readonly 'aws:PrincipalArn': unknown[] } }
      | undefined;
    const exempt = condition?.StringNotEquals['aws:PrincipalArn'] ?? [];
    const sorted = (list: readonly unknown[]) => list.map((entry) => JSON.stringify(entry)).sort();
    expect(sorted(exempt)).toEqual(sorted(writers));
  });
});

describe('ComplianceMonitor remediation permissions', () => {
  const FLOW_LOG_ROLE = 'arn:aws:iam::123456789012:role/VigilFlowLogs';

  it('grants no remediation write permission while every remediation is off', () => {
    const { stack, monitor, template } = synthMonitor();
    const actions = iamStatements(template, logicalIdOf(stack, monitor.remediate.role))
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => [statement.Action].flat());
    for (const write of ['s3:PutBucketPolicy', 'ec2:RevokeSecurityGroupIngress', 'rds:ModifyDBInstance']) {
      expect(actions).not.toContain(write);
    }
  });

  it('grants the writes of the rules not off, scoped to their resource types, and passes only the flow-log role', () => {
    const { stack, monitor, template } = synthMonitor({
      remediationModes: { 'vpc-flow-logs-enabled': 'on', 'restricted-ssh': 'dry-run' },
      remediationFlowLogDestination: { logGroupName: '/vigil/flow-logs', deliverLogsRoleArn: FLOW_LOG_ROLE },
    });
    const statements = iamStatements(template, logicalIdOf(stack, monitor.remediate.role));
    const allowed = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allowed).toContainEqual({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: FLOW_LOG_ROLE,
      Condition: { StringEquals: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
    });
    const revoke = allowed.find((statement) => statement.Action === 'ec2:RevokeSecurityGroupIngress');
    expect(JSON.stringify(revoke?.Resource)).toContain(':security-group/*');
    expect(allowed.flatMap((statement) => [statement.Action].flat())).not.toContain('s3:PutBucketPolicy');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: expect.arrayContaining(['s3:PutBucketPolicy', 's3:PutBucketVersioning']),
        Resource: expect.arrayContaining([
          { 'Fn::GetAtt': [logicalIdOf(stack, monitor.evidenceBucket), 'Arn'] },
        ]),
      }),
    );
    expect(awsSolutionsViolations(stack)).toEqual([]);
  });
});
