import { readdirSync, readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
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
  functionEnvironment,
  type IamStatement,
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

  it('gives the sealer and the exporter the digest signing key (the exporter signs bundle manifests with it)', () => {
    const keyArn = { 'Fn::GetAtt': [logicalIdOf(stack, monitor.digestSigningKey), 'Arn'] };
    for (const fn of [monitor.sealDigests, monitor.exporter]) {
      const properties = resourcesOf(template, 'AWS::Lambda::Function')[logicalIdOf(stack, fn.function)]
        ?.Properties as { Environment?: { Variables?: Record<string, unknown> } } | undefined;
      expect(properties?.Environment?.Variables?.DIGEST_SIGNING_KEY_ID).toEqual(keyArn);
    }
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

  it('denies evidence deletion and lock reconfiguration to every principal but the break-glass role it creates', () => {
    const role = monitor.breakGlassRole;
    expect(role).toBeDefined();
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
            Condition: {
              StringNotEquals: {
                'aws:PrincipalArn': [{ 'Fn::GetAtt': [logicalIdOf(stack, role ?? monitor), 'Arn'] }],
              },
            },
          },
        ]),
      },
    });
  });

  it('denies every put without If-None-Match under the evidence prefixes to every principal, break-glass included', () => {
    const bucket = logicalIdOf(stack, monitor.evidenceBucket);
    const objects = (prefix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${prefix}*`]],
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyUnconditionalEvidenceWrites',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Resource: ['acceptances/', 'digests/', 'exports/', 'findings/', 'rejected/', 'remediations/'].map(
              objects,
            ),
            Condition: { Null: { 's3:if-none-match': 'true' } },
          },
        ]),
      },
    });
  });

  it('has no CDK helper that would put objects into the evidence bucket (auto-delete, bucket deployment)', () => {
    expect(Object.keys(resourcesOf(template, 'Custom::S3AutoDeleteObjects'))).toEqual([]);
    expect(Object.keys(resourcesOf(template, 'Custom::CDKBucketDeployment'))).toEqual([]);
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

  it('settles CloudTrail-triggered describes for 90 s by default: the evaluator sends them, delayed, to its change queue', () => {
    const evaluatorId = logicalIdOf(stack, monitor.evaluator.function);
    expect(functionEnvironment(template, evaluatorId)).toMatchObject({
      SETTLE_SECONDS: '90',
      SETTLE_SECONDS_BY_TYPE: '',
      CHANGE_QUEUE_URL: { Ref: logicalIdOf(stack, monitor.changeQueue) },
    });
    const statements = iamStatements(template, logicalIdOf(stack, monitor.evaluator.role));
    const sends = statements.filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'));
    expect(sends.map((statement) => statement.Resource)).toContainEqual({
      'Fn::GetAtt': [logicalIdOf(stack, monitor.changeQueue), 'Arn'],
    });
    // Allowed deletes (the acceptance register's deny also names dynamodb:DeleteItem).
    const deletes = statements.filter(
      (statement) =>
        statement.Effect === 'Allow' && [statement.Action].flat().includes('dynamodb:DeleteItem'),
    );
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SETTLE#*'] },
    });
    // Only the evaluator settles: no other function is told the change queue or may delete from the table.
    for (const id of Object.keys(resourcesOf(template, 'AWS::Lambda::Function'))) {
      if (id === evaluatorId) continue;
      expect(Object.keys(functionEnvironment(template, id)), id).not.toContain('CHANGE_QUEUE_URL');
    }
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
    // Denies (the acceptance register's, test/infra/acceptances.test.ts) take permissions away: not writes.
    const statements = iamStatements(template, logicalIdOf(stack, monitor.evaluator.role)).filter(
      (statement) => statement.Effect === 'Allow',
    );
    const writes = actionsOf(statements).filter(
      (action) => !/^[a-z0-9-]+:(Describe|Get|List|BatchGet|Query|Receive|Decrypt|GET$)/.test(action),
    );
    expect(writes).toEqual([
      // Only settle markers (`SETTLE#…` partitions): closing a settle window.
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      // Asks IAM to rebuild the credential report the IAM user describer reads; changes no resource.
      'iam:GenerateCredentialReport',
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

  it('lets the export sign its manifest with the digest signing key and read its public key, nothing more', () => {
    const keyId = logicalIdOf(stack, monitor.digestSigningKey);
    const onKey = iamStatements(template, logicalIdOf(stack, monitor.exporter.role)).filter((statement) =>
      JSON.stringify(statement.Resource).includes(keyId),
    );
    expect(actionsOf(onKey)).toEqual(['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign']);
    expect(onKey.every((statement) => statement.Condition === undefined)).toBe(true);
  });

  it('lets the export read object versions (not list them) under findings/ and remediations/ only', () => {
    const bucket = logicalIdOf(stack, monitor.evidenceBucket);
    const objects = (prefix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${prefix}*`]],
    });
    const statements = iamStatements(template, logicalIdOf(stack, monitor.exporter.role));
    const versioned = statements.filter((statement) =>
      [statement.Action].flat().includes('s3:GetObjectVersion'),
    );
    expect(versioned).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObjectVersion',
        Resource: [objects('findings/'), objects('remediations/')],
      },
    ]);
    expect(actionsOf(statements)).not.toContain('s3:ListBucketVersions');
  });

  it('lets the sealer keep its chain head (GetItem, PutItem) and nothing more on the state table', () => {
    const table = logicalIdOf(stack, monitor.stateTable);
    const onTable = iamStatements(template, logicalIdOf(stack, monitor.sealDigests.role)).filter(
      (statement) => JSON.stringify(statement.Resource).includes(table),
    );
    expect(actionsOf(onTable)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('lets the sealer list and read object versions only under findings/ and remediations/', () => {
    const bucket = logicalIdOf(stack, monitor.evidenceBucket);
    const objects = (prefix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${prefix}*`]],
    });
    const onBucket = iamStatements(template, logicalIdOf(stack, monitor.sealDigests.role)).filter(
      (statement) => JSON.stringify(statement.Resource).includes(bucket),
    );
    expect(onBucket).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: 's3:ListBucketVersions',
          Resource: { 'Fn::GetAtt': [bucket, 'Arn'] },
          Condition: { StringLike: { 's3:prefix': ['findings/*', 'remediations/*'] } },
        },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: [objects('findings/'), objects('remediations/')],
        },
      ]),
    );
    // Versions nowhere else; writes only under digests/.
    for (const statement of onBucket) {
      const actions = [statement.Action].flat();
      if (actions.includes('s3:GetObjectVersion')) {
        expect(statement.Resource).toEqual([objects('findings/'), objects('remediations/')]);
      }
      if (actions.some((action) => action.startsWith('s3:Put'))) {
        expect(statement.Resource).toEqual(objects('digests/'));
      }
    }
    expect(
      onBucket.filter((statement) => [statement.Action].flat().includes('s3:ListBucketVersions')),
    ).toHaveLength(1);
  });

  it('lets the change evaluators head and get findings (a batch object must exist) but read no versions', () => {
    const bucket = logicalIdOf(stack, monitor.evidenceBucket);
    for (const worker of [monitor.evaluator, monitor.sweepWorker, monitor.configRuleFunction]) {
      const statements = iamStatements(template, logicalIdOf(stack, worker.role));
      expect(statements).toContainEqual({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/findings/*']] },
      });
      expect(actionsOf(statements)).not.toContain('s3:GetObjectVersion');
      expect(actionsOf(statements)).not.toContain('s3:ListBucketVersions');
    }
  });

  it('creates one SSM parameter per remediable rule, off by default', () => {
    for (const ruleId of REMEDIABLE_RULE_IDS) {
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: remediationModeParameterName('/vigil', ruleId),
        Value: 'off',
        AllowedPattern: '^(off|dry-run|approve|on)$',
      });
    }
  });

  it('grants no Secrets Manager secret value without a Slack secret', () => {
    // The Secrets Manager describer reads secret metadata (DescribeSecret, ListSecrets), never values.
    expect(JSON.stringify(template.toJSON())).not.toContain('secretsmanager:GetSecretValue');
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
      settleSeconds: 0,
      settleSecondsByType: { 'AWS::S3::Bucket': 120 },
    }));
  });

  it('passes the settle period and its per-type overrides to the evaluator', () => {
    expect(functionEnvironment(template, logicalIdOf(stack, monitor.evaluator.function))).toMatchObject({
      SETTLE_SECONDS: '0',
      SETTLE_SECONDS_BY_TYPE: '{"AWS::S3::Bucket":120}',
    });
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

  it('lets the alerting functions read the Slack secret value and no other secret value', () => {
    const secretStatements = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap((policy) =>
      policyDocumentStatements(policy).filter((statement) =>
        JSON.stringify(statement.Action).includes('secretsmanager:GetSecretValue'),
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
        .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:GetSecretValue'))
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

/** A KMS key's resource as synthesized. */
interface KeyResource {
  readonly Properties: {
    readonly KeyPolicy: { readonly Statement: readonly IamStatement[] };
    readonly BypassPolicyLockoutSafetyCheck?: boolean;
  };
  readonly DeletionPolicy?: string;
}

function keyResource(template: Template, stack: Stack, key: IConstruct): KeyResource {
  return template.toJSON().Resources[logicalIdOf(stack, key)] as KeyResource;
}

/**
 * Each key policy statement as `Effect principal actions`, in template order. Any change to a key policy's
 * text (even the order, which CDK's construct order decides) makes CloudFormation call kms:PutKeyPolicy, which
 * only the break-glass role may (docs/deploy.md, Key protection): when this list changes, say so in the release.
 */
function keyPolicyFingerprint(key: KeyResource): string[] {
  return key.Properties.KeyPolicy.Statement.map((statement) => {
    const principal = JSON.stringify((statement as { Principal?: unknown }).Principal ?? {})
      .replace(
        /\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":iam::",\{"Ref":"AWS::AccountId"\},":root"\]\]\}/,
        'root',
      )
      .replace(/"/g, '');
    return `${statement.Effect} ${principal} ${[statement.Action].flat().join(',')}`;
  });
}

describe('ComplianceMonitor key protection', () => {
  let stack: Stack;
  let monitor: ComplianceMonitor;
  let template: Template;
  beforeAll(() => {
    ({ stack, monitor, template } = synthMonitor());
  });

  it.each([
    [
      'the evidence key',
      'key',
      ['kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
    ],
    [
      'the digest signing key',
      'digestSigningKey',
      ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
    ],
  ] as const)(
    '%s denies deletion, disabling and policy changes to all but the break-glass role, keeping the account allow',
    (_name, property, actions) => {
      const key = keyResource(template, stack, monitor[property]);
      const [first, ...rest] = key.Properties.KeyPolicy.Statement;
      expect(first).toMatchObject({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
      expect(JSON.stringify(first)).toContain(':root');
      const deny = rest.filter((statement) => statement.Effect === 'Deny');
      expect(deny).toEqual([
        {
          Sid: 'DenyKeyTampering',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: actions,
          Resource: '*',
          Condition: {
            ArnNotEquals: {
              'aws:PrincipalArn': {
                'Fn::GetAtt': [logicalIdOf(stack, monitor.breakGlassRole ?? monitor), 'Arn'],
              },
            },
          },
        },
      ]);
      // CloudFormation's own role is denied kms:PutKeyPolicy by this very policy, which KMS's lockout check refuses.
      expect(key.Properties.BypassPolicyLockoutSafetyCheck).toBe(true);
      expect(key.DeletionPolicy).toBe('Retain');
    },
  );

  it('keeps the key policies as they are: changing one needs the break-glass deployment (docs/deploy.md)', () => {
    expect(keyPolicyFingerprint(keyResource(template, stack, monitor.key))).toEqual([
      'Allow {AWS:root} kms:*',
      'Allow {Service:{Fn::Join:[,[logs.,{Ref:AWS::Region},.amazonaws.com]]}} kms:Decrypt*,kms:Describe*,kms:Encrypt*,kms:GenerateDataKey*,kms:ReEncrypt*',
      'Allow {Service:cloudwatch.amazonaws.com} kms:Decrypt,kms:GenerateDataKey',
      'Deny {AWS:*} kms:DisableKey,kms:DisableKeyRotation,kms:PutKeyPolicy,kms:ScheduleKeyDeletion',
      'Allow {Service:events.amazonaws.com} kms:Decrypt,kms:Encrypt,kms:GenerateDataKey*,kms:ReEncrypt*',
    ]);
    expect(keyPolicyFingerprint(keyResource(template, stack, monitor.digestSigningKey))).toEqual([
      'Allow {AWS:root} kms:*',
      'Deny {AWS:*} kms:DisableKey,kms:PutKeyPolicy,kms:ScheduleKeyDeletion',
    ]);
  });

  it('creates a break-glass role only this account can assume, only with MFA, for an hour, kept on stack deletion', () => {
    const role = monitor.breakGlassRole;
    expect(role).toBeDefined();
    const roleId = logicalIdOf(stack, role ?? monitor);
    expect(template.toJSON().Resources[roleId]).toMatchObject({
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRole',
              Effect: 'Allow',
              Principal: {
                AWS: {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
                  ],
                },
              },
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        },
        MaxSessionDuration: 3600,
      },
      DeletionPolicy: 'Retain',
    });
    expect(stack.resolve(monitor.breakGlassRoleArn)).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  it('lets the break-glass role read and replace the key and evidence bucket policies, and nothing else', () => {
    const roleId = logicalIdOf(stack, monitor.breakGlassRole ?? monitor);
    const keyArn = (key: IConstruct) => ({ 'Fn::GetAtt': [logicalIdOf(stack, key), 'Arn'] });
    expect(iamStatements(template, roleId)).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy'],
        Resource: expect.arrayContaining([keyArn(monitor.key), keyArn(monitor.digestSigningKey)]),
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
        Resource: keyArn(monitor.evidenceBucket),
      },
    ]);
  });
});

describe('ComplianceMonitor with an existing break-glass role', () => {
  it('creates no role and excepts the given one in the bucket and both key policies', () => {
    const { stack, monitor, template } = synthMonitor({ breakGlassRoleArn: BREAK_GLASS });
    expect(monitor.breakGlassRole).toBeUndefined();
    expect(monitor.breakGlassRoleArn).toBe(BREAK_GLASS);
    // The only MFA-assumed role left is the AcceptanceAdmin role (docs/acceptances.md).
    const admin = logicalIdOf(stack, monitor.acceptances.adminRole);
    const roles = JSON.stringify(
      Object.entries(resourcesOf(template, 'AWS::IAM::Role')).filter(([id]) => id !== admin),
    );
    expect(roles).not.toContain('aws:MultiFactorAuthPresent');
    for (const key of [monitor.key, monitor.digestSigningKey]) {
      const deny = keyResource(template, stack, key).Properties.KeyPolicy.Statement.find(
        (statement) => statement.Sid === 'DenyKeyTampering',
      );
      expect(deny?.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': BREAK_GLASS } });
    }
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
    ['a settle period past the longest SQS delay', { settleSeconds: 901 }],
    ['a negative settle period', { settleSeconds: -1 }],
    ['a settle override past 900 s', { settleSecondsByType: { 'AWS::S3::Bucket': 1200 } }],
    ['a settle override for something not a resource type', { settleSecondsByType: { bucket: 60 } }],
    ['an export framework Vigil has no pack for', { exportFrameworks: ['soc2', 'hipaa'] }],
  ])('%s', (_name, props) => {
    const stack = new Stack(testApp(), 'Test');
    expect(() => new ComplianceMonitor(stack, 'Monitor', props)).toThrow(InfraConfigError);
  });
});

describe('ComplianceMonitor evidence writers', () => {
  it('puts every S3 object with If-None-Match: *, as the evidence bucket policy requires', () => {
    const puts = ['shared', 'functions', 'cli'].flatMap((folder) =>
      readdirSync(`${PROJECT_ROOT}${folder}`, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .flatMap((file) => {
          const text = readFileSync(`${PROJECT_ROOT}${folder}/${file}`, 'utf8');
          // Each `new PutObjectCommand({ … })` up to the closing `})` of its input.
          return [...text.matchAll(/new PutObjectCommand\(\{[\s\S]*?\n\s*\}\)/g)].map((match) => ({
            where: `${folder}/${file}`,
            input: match[0],
          }));
        }),
    );
    expect(puts.length).toBeGreaterThanOrEqual(3);
    for (const put of puts) expect(put.input, put.where).toContain("IfNoneMatch: '*'");
  });

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
    const breakGlass = { 'Fn::GetAtt': [logicalIdOf(stack, monitor.breakGlassRole ?? monitor), 'Arn'] };
    expect(sorted(exempt)).toEqual(sorted([...writers, breakGlass]));
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
