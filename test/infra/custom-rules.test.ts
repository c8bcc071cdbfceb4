import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '#infra/settings';
import { VigilFunction, type VigilRuntimeSettings } from '#infra/vigil-function';
import { VigilStack } from '#infra/vigil-stack';
import { CDK_JSON_CONTEXT, resourcesOf, synthMonitor, testApp } from '#test/infra/support';

const RULES_DIR = 'examples/custom-rules';
const RULE_ID = 's3-bucket-data-classification-tagged';

const scratch = mkdtempSync(join(tmpdir(), 'vigil-custom-synth-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder holding one rule module whose example the rule judges the wrong way. */
function brokenFolder(): string {
  const dir = join(scratch, 'broken');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'ec2-instance-owner-tagged.ts'),
    `import { type CustomRule, compliant } from 'vigil/rule';
const rule: CustomRule = {
  id: 'ec2-instance-owner-tagged', title: 'EC2 instances carry an owner tag', resourceTypes: ['AWS::EC2::Instance'],
  severity: 'low', parameters: {}, rationale: 'r', remediationAdvice: 'a', controls: { soc2: ['CC1.3'] },
  evaluate: () => compliant('always'),
  examples: { compliant: [{ configuration: {}, tags: { owner: 'a' } }], nonCompliant: [{ configuration: {} }] },
};
export default rule;
`,
  );
  return dir;
}

describe('ComplianceMonitor customRules', () => {
  it('fails the synth with the file and the problem of a broken rule', () => {
    const dir = brokenFolder();
    expect(() => synthMonitor({ customRules: dir })).toThrow(
      `customRules: custom rule ${join(dir, 'ec2-instance-owner-tagged.ts')}: example nonCompliant[0] should be NON_COMPLIANT but evaluate() said COMPLIANT: always`,
    );
  });

  it('fails the synth for a folder that does not exist', () => {
    expect(() => synthMonitor({ customRules: join(scratch, 'nowhere') })).toThrow(
      `customRules: custom rules: ${join(scratch, 'nowhere')} is not a folder`,
    );
  });

  it('lets enabledRules and ruleParameters name a custom rule, checked against its parameters', () => {
    const { template } = synthMonitor({
      customRules: RULES_DIR,
      enabledRules: [RULE_ID, 's3-bucket-versioning-enabled'],
      ruleParameters: { [RULE_ID]: { tagKey: 'classification' } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('evaluates AWS Config and CloudTrail change events'),
      Environment: {
        Variables: Match.objectLike({
          ENABLED_RULES: `${RULE_ID},s3-bucket-versioning-enabled`,
          RULE_PARAMETERS: JSON.stringify({ [RULE_ID]: { tagKey: 'classification' } }),
        }),
      },
    });
    expect(() =>
      synthMonitor({ customRules: RULES_DIR, ruleParameters: { [RULE_ID]: { tagkey: 'x' } } }),
    ).toThrow(`ruleParameters for ${RULE_ID} are invalid`);
  });

  it('reads the folder from the customRules context key of the Vigil stack (cdk synth -c customRules=DIR)', () => {
    const dir = brokenFolder();
    const app = testApp({ customRules: dir });
    expect(() => new VigilStack(app, 'Vigil', { settings: readSettings(app.node) })).toThrow(
      `customRules: custom rule ${join(dir, 'ec2-instance-owner-tagged.ts')}: example nonCompliant[0]`,
    );
  });

  it('without customRules, a custom rule id in enabledRules fails the synth', () => {
    expect(() => synthMonitor({ enabledRules: [RULE_ID] })).toThrow(
      `enabledRules names rules Vigil does not have: ${RULE_ID}`,
    );
  });
});

/** Runs a bundled handler on one unreadable SQS message in a child process; what its cold start says. */
function invoke(bundle: string, enabledRules: string): string {
  const script = `const { handler } = await import(${JSON.stringify(bundle)});
try {
  const out = await handler({ Records: [{ messageId: 'm1', body: '{}' }] }, { getRemainingTimeInMillis: () => 30000 });
  console.log('OK ' + JSON.stringify(out));
} catch (error) { console.log('ERR ' + error.name + ': ' + error.message); }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      EVIDENCE_BUCKET: 'evidence',
      STATE_TABLE: 'state',
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:alerts',
      ACCOUNT_ID: '123456789012',
      ENABLED_RULES: enabledRules,
      // Nothing listens there: storing the rejected message fails fast and the message is retried.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  });
  return result.stdout.split('\n').find((line) => /^(OK|ERR) /.test(line)) ?? result.stderr;
}

describe('VigilFunction bundling with customRules', () => {
  let outdir: string;
  let bundleDir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vigil-custom-bundle-'));
    const app = new App({
      outdir,
      context: { ...CDK_JSON_CONTEXT, 'aws:cdk:enable-asset-metadata': true },
      builtinCloudFormationValidation: false,
    });
    const stack = new Stack(app, 'Bundle');
    const settings: VigilRuntimeSettings = {
      evidenceBucket: Bucket.fromBucketName(stack, 'Bucket', 'evidence'),
      stateTable: Table.fromTableName(stack, 'Table', 'state'),
      alertTopic: Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:123456789012:alerts'),
      evidenceRetentionDays: 400,
      ruleParametersJson: '{}',
      enabledRules: '',
      logLevel: 'INFO',
      serviceName: 'vigil',
      metricsNamespace: 'Vigil',
      alertMinSeverity: '',
      slackWebhookSecretId: '',
      inventorySource: 'config',
      customRules: resolve(RULES_DIR),
    };
    new VigilFunction(stack, 'Evaluator', {
      entry: 'functions/evaluator.ts',
      description: 'custom rules bundling test',
      encryptionKey: new Key(stack, 'Key'),
      settings,
    });
    const [fn] = Object.values(resourcesOf(Template.fromStack(stack), 'AWS::Lambda::Function'));
    const assetPath = (fn as unknown as { Metadata: Record<string, string> }).Metadata['aws:asset:path'];
    bundleDir = join(outdir, assetPath ?? '');
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('bundles the rule into the function code', () => {
    const files = [
      'index.mjs',
      ...readdirSync(join(bundleDir, 'chunks')).map((file) => join('chunks', file)),
    ];
    const code = files.map((file) => readFileSync(join(bundleDir, file), 'utf8')).join('\n');
    expect(code).toContain(RULE_ID);
    expect(code).toContain('Bucket has no ');
  });

  it('runs it from the cold start: ENABLED_RULES may name it, while an unknown id still fails', () => {
    const bundle = join(bundleDir, 'index.mjs');
    expect(invoke(bundle, RULE_ID)).toBe('OK {"batchItemFailures":[{"itemIdentifier":"m1"}]}');
    expect(invoke(bundle, 'no-such-rule')).toBe(
      'ERR UnknownRuleError: ENABLED_RULES names unknown rules: no-such-rule',
    );
  });
});
