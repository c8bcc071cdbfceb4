import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { InfraConfigError } from '#infra/errors';
import { samTemplateOf } from '#infra/sam-template';
import { readSettings } from '#infra/settings';

function settingsOf(context: Record<string, unknown>) {
  return readSettings(new App({ context }).node);
}

describe('readSettings: CDK context of the Vigil app', () => {
  it('reads strings from `cdk -c` the same as JSON values from cdk.json', () => {
    const fromCli = settingsOf({
      evidenceRetentionDays: '730',
      maxReceiveCount: '3',
      configRule: 'false',
      remediationModes: '{"restricted-ssh":"dry-run"}',
      remediationFlowLogDestination: 'arn:aws:s3:::flow-logs',
      settleSeconds: '0',
      settleSecondsByType: '{"AWS::S3::Bucket":120}',
    });
    const fromJson = settingsOf({
      evidenceRetentionDays: 730,
      maxReceiveCount: 3,
      configRule: false,
      remediationModes: { 'restricted-ssh': 'dry-run' },
      remediationFlowLogDestination: { bucketArn: 'arn:aws:s3:::flow-logs' },
      settleSeconds: 0,
      settleSecondsByType: { 'AWS::S3::Bucket': 120 },
    });
    expect(fromCli).toEqual(fromJson);
    expect(fromCli).toMatchObject({ settleSeconds: 0, settleSecondsByType: { 'AWS::S3::Bucket': 120 } });
    expect(fromCli).toMatchObject({ evidenceRetentionDays: 730, maxReceiveCount: 3, configRule: false });
  });

  it('parses a CloudWatch Logs flow-log destination given as JSON', () => {
    const settings = settingsOf({
      remediationFlowLogDestination:
        '{"logGroupName":"/vigil/flow-logs","deliverLogsRoleArn":"arn:aws:iam::123456789012:role/FlowLogs"}',
    });
    expect(settings.remediationFlowLogDestination).toEqual({
      logGroupName: '/vigil/flow-logs',
      deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/FlowLogs',
    });
  });

  it.each([
    ['a Slack webhook URL', { slackWebhookSecret: 'https://hooks.slack.com/services/T0/B0/x' }],
    ['an unknown remediation mode', { remediationModes: '{"restricted-ssh":"maybe"}' }],
    ['malformed remediation JSON', { remediationModes: '{restricted-ssh' }],
    ['a negative retention', { evidenceRetentionDays: '-1' }],
    ['an unknown severity', { alertMinSeverity: 'urgent' }],
    ['a schedule that is not rate() or cron()', { exportSchedule: 'monthly' }],
    ['a flow-log destination that is neither', { remediationFlowLogDestination: 'my-bucket' }],
    ['a negative settle period', { settleSeconds: '-5' }],
    ['settle overrides that are not JSON', { settleSecondsByType: '{AWS::S3::Bucket: 60}' }],
  ])('refuses %s', (_name, context) => {
    expect(() => settingsOf(context)).toThrow(InfraConfigError);
  });

  it('names the offending key without echoing a secret-looking value', () => {
    const url = 'https://hooks.slack.com/services/T0/B0/secret-part';
    try {
      settingsOf({ slackWebhookSecret: url });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).toContain('slackWebhookSecret');
      expect(String((error as Error).message)).not.toContain('secret-part');
    }
  });
});

describe('samTemplateOf', () => {
  it('refuses a function whose asset has no path metadata', () => {
    expect(() =>
      samTemplateOf({
        Resources: {
          Fn: {
            Type: 'AWS::Lambda::Function',
            Properties: { Code: { S3Bucket: 'b', S3Key: 'k.zip' } },
            Metadata: { 'aws:asset:property': 'Code' },
          },
        },
      }),
    ).toThrow(InfraConfigError);
  });

  it('leaves inline code and other resources alone', () => {
    const template = {
      Resources: {
        Inline: {
          Type: 'AWS::Lambda::Function',
          Properties: { Code: { ZipFile: 'exports.handler = () => 1' } },
        },
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      },
    };
    expect(samTemplateOf(template).Resources).toEqual(template.Resources);
  });
});
