import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#shared/config';
import { DEFAULT_SETTLE_SECONDS, settleSecondsFor } from '#shared/settle/settle-config';

const BASE = {
  EVIDENCE_BUCKET: 'vigil-evidence',
  STATE_TABLE: 'vigil-state',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:vigil-alerts',
};

/** The message of the ConfigError an environment gives (fails the test when it parses). */
function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('settle settings in the environment', () => {
  it(`settle for ${DEFAULT_SETTLE_SECONDS} s by default, with no overrides and no change queue`, () => {
    const config = parseConfig(BASE);
    expect(config.settle).toEqual({ defaultSeconds: DEFAULT_SETTLE_SECONDS, byType: {} });
    expect(config.changeQueueUrl).toBeUndefined();
  });

  it.each([
    ['', DEFAULT_SETTLE_SECONDS],
    ['0', 0],
    ['45', 45],
    ['900', 900],
  ])('SETTLE_SECONDS=%j is %i s', (text, seconds) => {
    expect(parseConfig({ ...BASE, SETTLE_SECONDS: text }).settle?.defaultSeconds).toBe(seconds);
  });

  it.each(['901', '-1', '1.5', 'ninety'])('SETTLE_SECONDS=%j is refused, naming the variable', (text) => {
    const error = configErrorOf({ SETTLE_SECONDS: text });
    expect(error.message).toContain('SETTLE_SECONDS');
    expect(error.context.variables).toEqual(['SETTLE_SECONDS']);
  });

  it('SETTLE_SECONDS past 900 says why (the longest SQS delay)', () => {
    expect(configErrorOf({ SETTLE_SECONDS: '1200' }).message).toMatch(/at most 900.*SQS/);
  });

  it('SETTLE_SECONDS_BY_TYPE overrides per type, 0 turning a type off', () => {
    const config = parseConfig({
      ...BASE,
      SETTLE_SECONDS: '90',
      SETTLE_SECONDS_BY_TYPE: '{"AWS::S3::Bucket": 120, "AWS::IAM::User": 0, "AWS::::Account": 30}',
      CHANGE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/vigil-change',
    });
    const settle = config.settle;
    if (settle === undefined) throw new Error('no settle settings');
    expect(settleSecondsFor(settle, 'AWS::S3::Bucket')).toBe(120);
    expect(settleSecondsFor(settle, 'AWS::IAM::User')).toBe(0);
    expect(settleSecondsFor(settle, 'AWS::::Account')).toBe(30);
    expect(settleSecondsFor(settle, 'AWS::EC2::SecurityGroup')).toBe(90);
    expect(config.changeQueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/vigil-change');
  });

  it.each([
    ['not JSON', '{AWS::S3::Bucket: 120}', /not valid JSON/],
    ['an array', '[120]', /must be \{/],
    ['a period past 900 s', '{"AWS::S3::Bucket": 901}', /AWS::S3::Bucket/],
    ['a negative period', '{"AWS::S3::Bucket": -5}', /AWS::S3::Bucket/],
    ['a period in text', '{"AWS::S3::Bucket": "120"}', /AWS::S3::Bucket/],
    ['a name that is not a resource type', '{"s3 bucket": 120}', /s3 bucket/],
  ])('SETTLE_SECONDS_BY_TYPE with %s is refused, naming the variable', (_, text, detail) => {
    const error = configErrorOf({ SETTLE_SECONDS_BY_TYPE: text });
    expect(error.message).toContain('SETTLE_SECONDS_BY_TYPE');
    expect(error.message).toMatch(detail);
  });
});
