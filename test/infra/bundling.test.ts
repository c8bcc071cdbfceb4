import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import { VigilFunction, type VigilRuntimeSettings } from '#infra/vigil-function';
import { CDK_JSON_CONTEXT, resourcesOf } from '#test/infra/support';

/**
 * Bundles one real handler the way `cdk synth` does (local esbuild; a Docker fallback would fail here, as
 * there is no Docker) and loads the bundle. The other template tests skip bundling for speed.
 */
describe('VigilFunction bundling', () => {
  let outdir: string;
  let bundleDir: string;
  let assetPaths: Record<string, string>;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vigil-bundle-'));
    const app = new App({
      outdir,
      context: { ...CDK_JSON_CONTEXT, 'aws:cdk:enable-asset-metadata': true },
      builtinCloudFormationValidation: false,
    });
    const stack = new Stack(app, 'Bundle');
    const encryptionKey = new Key(stack, 'Key');
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
    };
    for (const [id, entry] of [
      ['Evaluator', 'functions/evaluator.ts'],
      ['SealDigests', 'functions/seal-digests.ts'],
    ] as const) {
      new VigilFunction(stack, id, { entry, description: 'bundling test', encryptionKey, settings });
    }
    assetPaths = Object.fromEntries(
      Object.entries(resourcesOf(Template.fromStack(stack), 'AWS::Lambda::Function')).map(
        ([logicalId, fn]) => [
          logicalId.startsWith('Evaluator') ? 'evaluator' : 'seal-digests',
          (fn as unknown as { Metadata: Record<string, string> }).Metadata['aws:asset:path'] ?? '',
        ],
      ),
    );
    bundleDir = join(outdir, assetPaths.evaluator ?? '');
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

  it('is the bundle scripts/bundle-functions.ts builds: on-demand chunks, English zod messages only', () => {
    const chunks = readdirSync(join(bundleDir, 'chunks')).filter((file) => file.endsWith('.mjs'));
    expect(chunks.some((file) => file.startsWith('ec2-'))).toBe(true);
    const code = [join(bundleDir, 'index.mjs'), ...chunks.map((file) => join(bundleDir, 'chunks', file))]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(code).toContain('Invalid input');
    // Part of a German zod message ("Ungültige Eingabe", escaped to ASCII by esbuild): there with all locales.
    expect(code).not.toContain('Eingabe');
  });

  it('gives each function its own bundle', () => {
    expect(assetPaths['seal-digests']).toMatch(/^asset\./);
    expect(assetPaths['seal-digests']).not.toBe(assetPaths.evaluator);
    const sealDigests = join(outdir, assetPaths['seal-digests'] ?? '');
    // The evaluator's lazily loaded describers are not part of the digest sealer.
    expect(readdirSync(join(sealDigests, 'chunks')).some((file) => file.startsWith('ec2-'))).toBe(false);
  });

  it('loads in Node and exports the handler', async () => {
    const module = (await import(pathToFileURL(join(bundleDir, 'index.mjs')).href)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
  });
});
