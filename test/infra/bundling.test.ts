import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilFunction } from '#infra/vigil-function';
import { CDK_JSON_CONTEXT, resourcesOf } from '#test/infra/support';

/**
 * Bundles one real handler the way `cdk synth` does (local esbuild; a Docker fallback would fail here, as
 * there is no Docker) and loads the bundle. The other template tests skip bundling for speed.
 */
describe('VigilFunction bundling', () => {
  let outdir: string;
  let bundleDir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vigil-bundle-'));
    const app = new App({
      outdir,
      context: { ...CDK_JSON_CONTEXT, 'aws:cdk:enable-asset-metadata': true },
      builtinCloudFormationValidation: false,
    });
    const stack = new Stack(app, 'Bundle');
    new VigilFunction(stack, 'Evaluator', {
      entry: 'functions/evaluator.ts',
      description: 'bundling test',
      encryptionKey: new Key(stack, 'Key'),
      settings: {
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
      },
    });
    const fn = Object.values(resourcesOf(Template.fromStack(stack), 'AWS::Lambda::Function'))[0];
    const assetPath =
      (fn as unknown as { Metadata: Record<string, string> }).Metadata['aws:asset:path'] ?? '';
    bundleDir = join(outdir, assetPath);
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes a minified ESM bundle with a source map and the AWS SDK inside', () => {
    const bundle = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
    expect(bundle.startsWith('import { createRequire as __vigilCreateRequire }')).toBe(true);
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    // Minified: long lines, no indentation left by the TypeScript sources.
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(5_000);
  });

  it('loads in Node and exports the handler', async () => {
    const module = (await import(pathToFileURL(join(bundleDir, 'index.mjs')).href)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
  });
});
