import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DailyDigestReport, dailyDigest } from '#functions/daily-digest';
import {
  createDailyDigestRuntime,
  type DailyDigestRuntime,
  parseDailyDigestConfig,
} from '#shared/alerts/daily-digest-runtime';
import type { ResourceState, RuleState } from '#shared/state/compliance-state';
import { DynamoDbStateStore } from '#shared/state/dynamodb-state-store';
import { DynamoDbOpenFailureSource } from '#shared/state/open-failures';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import {
  deployPipelineStack,
  drainAlerts,
  type PipelineStack,
  pipelineEnv,
  type ReceivedAlert,
} from '#test/support/pipeline-stack';
import { type SlackWebhookServer, startSlackWebhookServer } from '#test/support/slack-webhook-server';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-23T08:00:00.000Z');
const HOOK_PATH = '/services/T0DIGEST/B0DIGEST/digestWebhookToken5';

/** One failing (or, with overrides, passing) rule of a state row. */
type RuleOverrides = Partial<RuleState> & {
  readonly ruleId: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly region?: string;
};

/** A state row as the pipeline writes it: one row per resource, each rule's state in `rules`. */
function row(...rules: readonly RuleOverrides[]): ResourceState {
  const [first] = rules;
  if (first === undefined) throw new Error('a row needs a rule');
  return {
    accountId: ACCOUNT,
    region: first.region ?? 'eu-west-1',
    resourceType: first.resourceType,
    resourceId: first.resourceId,
    ...(first.resourceName === undefined ? {} : { resourceName: first.resourceName }),
    version: 1,
    captureTime: '2026-11-20T09:00:00.000Z',
    itemSha256: 'e'.repeat(64),
    rules: Object.fromEntries(
      rules.map(
        ({ ruleId, resourceType: _type, resourceId: _id, resourceName: _name, region: _region, ...rule }) => [
          ruleId,
          {
            compliance: 'NON_COMPLIANT',
            lastOutcome: 'NON_COMPLIANT',
            evaluatedAt: '2026-11-22T09:00:00.000Z',
            annotation: 'Failing.',
            severity: 'medium',
            sequence: 3,
            headHash: 'f'.repeat(64),
            repeatCount: 5,
            lastSeenAt: '2026-11-22T09:00:00.000Z',
            ...rule,
          } satisfies RuleState,
        ],
      ),
    ),
  };
}

describe('daily digest handler on moto (state table → SNS via SQS, Slack via a local webhook)', () => {
  const endpoint = inject('motoEndpoint');
  let stack: PipelineStack;
  let slack: SlackWebhookServer;
  let runtime: DailyDigestRuntime;
  let report: DailyDigestReport;
  let sns: ReceivedAlert[];

  beforeAll(async () => {
    stack = await deployPipelineStack(endpoint, { name: uniqueName('vigil-digest') });
    slack = await startSlackWebhookServer();
    const secrets = new SecretsManagerClient(awsClientConfig(endpoint));
    const secret = await secrets.send(
      new CreateSecretCommand({
        Name: uniqueName('vigil-slack'),
        SecretString: `${slack.origin}${HOOK_PATH}`,
      }),
    );
    secrets.destroy();

    const dynamodb = new DynamoDBClient(awsClientConfig(endpoint));
    const store = new DynamoDbStateStore({ client: dynamodb, table: stack.table });
    const rows = [
      row({
        ruleId: 's3-bucket-ssl-requests-only',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'acme-payroll-exports',
        resourceName: 'acme-payroll-exports',
        annotation: 'The bucket policy has no statement denying requests with aws:SecureTransport false.',
        failingSince: '2026-11-20T08:00:00.000Z',
      }),
      row({
        ruleId: 'restricted-ssh',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0a1b2c3d4e5f60718',
        resourceName: 'bastion',
        severity: 'high',
        annotation: 'Ingress allows TCP 22 from 0.0.0.0/0.',
        failingSince: '2026-11-22T20:00:00.000Z',
      }),
      row({
        ruleId: 'iam-root-access-key-check',
        resourceType: 'AWS::::Account',
        resourceId: ACCOUNT,
        region: 'global',
        severity: 'critical',
        annotation: 'The root user has an active access key.',
      }),
      // One resource, two rules: only the failing one is an open failure.
      row(
        {
          ruleId: 'custom-tagging-rule',
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'acme-scratch',
          severity: 'low',
          annotation: 'Missing the owner tag.',
        },
        {
          ruleId: 's3-bucket-versioning-enabled',
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'acme-scratch',
          compliance: 'COMPLIANT',
          lastOutcome: 'COMPLIANT',
          annotation: 'Versioning is enabled.',
        },
      ),
      row({
        ruleId: 's3-bucket-ssl-requests-only',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'acme-public-site',
        compliance: 'COMPLIANT',
        lastOutcome: 'COMPLIANT',
        annotation: 'TLS is enforced.',
      }),
    ];
    for (const record of rows) expect(await store.claim(record, 0)).toBe('claimed');
    // A failing rule written by something that forgot the annotation: skipped and reported, not fatal.
    await DynamoDBDocumentClient.from(dynamodb).send(
      new PutCommand({
        TableName: stack.table,
        Item: {
          pk: 'broken',
          sk: 'resource',
          accountId: ACCOUNT,
          region: 'eu-west-1',
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-broken',
          captureTime: '2026-11-20T09:00:00.000Z',
          failing: ['restricted-ssh'],
          rules: { 'restricted-ssh': { compliance: 'NON_COMPLIANT', severity: 'high' } },
        },
      }),
    );

    const { credentials } = awsClientConfig(endpoint);
    const built = createDailyDigestRuntime(
      parseDailyDigestConfig({
        ...pipelineEnv(stack),
        SLACK_WEBHOOK_SECRET_ID: secret.ARN,
        SLACK_ALERT_MIN_SEVERITY: 'high',
      }),
      { endpoint, credentials },
    );
    // Two rows per Scan page, so the digest must follow LastEvaluatedKey across pages.
    runtime = {
      ...built,
      source: new DynamoDbOpenFailureSource({ client: dynamodb, table: stack.table, pageSize: 2 }),
      clock: () => NOW,
    };
    report = await dailyDigest({ 'detail-type': 'Scheduled Event' }, runtime);
    sns = await drainAlerts(stack);
  });

  afterAll(async () => {
    runtime?.destroy();
    await slack?.close();
  });

  it('reports what it sent', () => {
    expect(report).toEqual({
      openFailures: 4,
      criteria: 6,
      malformedRows: 1,
      channels: [
        { channel: 'sns', status: 'delivered' },
        { channel: 'slack', status: 'delivered' },
      ],
    });
  });

  it('publishes one SNS digest grouped by SOC 2 criterion, worst severity first', () => {
    expect(sns).toHaveLength(1);
    const [digest] = sns;
    expect(digest?.subject).toBe(
      '[Vigil] Daily digest 2026-11-23: 4 open failures (1 critical, 1 high, 1 medium, 1 low)',
    );
    expect(digest?.attributes).toEqual({ messageType: 'DAILY_DIGEST', openFailures: '4' });
    const lines = digest?.message.split('\n') ?? [];
    expect(lines.slice(0, 4)).toEqual([
      'Vigil daily digest, generated 2026-11-23T08:00:00.000Z.',
      '4 open failures on 4 resources in 1 account: 1 critical, 1 high, 1 medium, 1 low.',
      'WARNING: 1 state row could not be read and is not counted.',
      'A failure counts under every SOC 2 criterion its rule maps to.',
    ]);
    const headings = lines.filter((line) => /^\S.*: \d+ open failures? \(/.test(line));
    expect(headings).toEqual([
      'CC6.1: 3 open failures (1 critical, 1 high, 1 medium)',
      'CC6.2: 1 open failure (1 critical)',
      'CC6.3: 1 open failure (1 critical)',
      'CC6.6: 1 open failure (1 high)',
      'CC6.7: 1 open failure (1 medium)',
      'Rules outside this catalog: 1 open failure (1 low)',
    ]);
    const cc61 = lines.slice(lines.indexOf(headings[0] ?? ''), lines.indexOf(headings[1] ?? ''));
    expect(cc61.filter((line) => line.startsWith('  ['))).toEqual([
      '  [critical] iam-root-access-key-check: The root user has no access keys (1)',
      '  [high] restricted-ssh: Security groups do not allow SSH from the whole internet (1)',
      '  [medium] s3-bucket-ssl-requests-only: S3 buckets refuse requests that do not use TLS (1)',
    ]);
    expect(digest?.message).toContain(
      '    - 123456789012 eu-west-1 AWS::S3::Bucket acme-payroll-exports, failing for 3 d: The bucket policy has no statement denying requests with aws:SecureTransport false.\n' +
        '      https://eu-west-1.console.aws.amazon.com/s3/buckets/acme-payroll-exports?region=eu-west-1&tab=permissions\n',
    );
    expect(digest?.message).not.toContain('acme-public-site');
  });

  it('posts a Slack digest with only the failures its filter lets through', () => {
    const payloads = slack.payloads(HOOK_PATH) as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    }[];
    expect(payloads).toHaveLength(1);
    const [payload] = payloads;
    expect(payload?.text).toBe('Vigil daily digest 2026-11-23: 2 open failures (1 critical, 1 high)');
    expect(payload?.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':clipboard: Vigil daily digest — 2026-11-23', emoji: true },
    });
    const text = JSON.stringify(payload);
    expect(text).toContain('`restricted-ssh`');
    expect(text).toContain(
      '<https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-0a1b2c3d4e5f60718|bastion (sg-0a1b2c3d4e5f60718)> (0 d)',
    );
    expect(text).not.toContain('s3-bucket-ssl-requests-only');
    expect(text).not.toContain('custom-tagging-rule');
    const sections = payload?.blocks
      .filter((block) => block.type === 'section')
      .map((block) => block.text?.text ?? '');
    expect(sections?.slice(1).map((section) => section.split('\n')[0])).toEqual([
      '*CC6.1* — 2 open failures  (:red_circle: 1 critical  ·  :large_orange_circle: 1 high)',
      '*CC6.2* — 1 open failure  (:red_circle: 1 critical)',
      '*CC6.3* — 1 open failure  (:red_circle: 1 critical)',
      '*CC6.6* — 1 open failure  (:large_orange_circle: 1 high)',
    ]);
  });
});
